"""the database raises the agreement's count on every change to its tables

Revision ID: 0020_agreement_noticed
Revises: 0019_data_version
Create Date: 2026-12-02 19:40:00

Triggers on the agreement's tables (workspace.sla.noticed): a change made outside the app, which
the app's own watch cannot see, still reaches the pages kept in memory, so its verification
shows at the next request.
"""
from alembic import op
import sqlalchemy as sa

from workspace.sla.noticed import CREATE, DROP


# revision identifiers, used by Alembic.
revision = '0020_agreement_noticed'
down_revision = '0019_data_version'
branch_labels = None
depends_on = None


def upgrade():
    for statement in CREATE[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade():
    for statement in DROP[op.get_bind().dialect.name]:
        op.execute(statement)
    op.execute(sa.text("DELETE FROM data_versions WHERE name = 'agreement'"))
