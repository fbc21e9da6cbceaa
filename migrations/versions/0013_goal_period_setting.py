"""the workspace chooses how long a goal period is: quarters, half-years or years

Revision ID: 0013_goal_period_setting
Revises: 0012_meetings
Create Date: 2026-12-02 05:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_goal_period_setting'
down_revision = '0012_meetings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workspace_settings') as batch_op:
        batch_op.add_column(sa.Column('goal_period', sa.String(length=8), nullable=False,
                                      server_default='quarter'))


def downgrade():
    with op.batch_alter_table('workspace_settings') as batch_op:
        batch_op.drop_column('goal_period')
