"""meeting log: each person's private calendar feed, its secret stored only as a hash

Revision ID: 0014_calendar_feeds
Revises: 0013_goal_period_setting
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import workspace.columns


# revision identifiers, used by Alembic.
revision = '0014_calendar_feeds'
down_revision = '0013_goal_period_setting'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', workspace.columns.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_meeting_calendar_feeds_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_meeting_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_meeting_calendar_feeds_token_hash'))
    )


def downgrade():
    op.drop_table('meeting_calendar_feeds')
