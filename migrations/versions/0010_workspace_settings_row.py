"""the workspace's settings row exists from the start

Revision ID: 0010_workspace_settings_row
Revises: 0009_lead_months
Create Date: 2026-12-02 01:30:00

Reading the settings used to create the row on first use, committing whatever else the
request had pending; a database now has its one row from the start, and reads never write.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_workspace_settings_row'
down_revision = '0009_lead_months'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("INSERT INTO workspace_settings (name, currency, timezone) "
               "SELECT 'Alinea', 'USD', 'UTC' "
               "WHERE NOT EXISTS (SELECT 1 FROM workspace_settings)")


def downgrade():
    pass  # the row stays: it holds the admin's choices
