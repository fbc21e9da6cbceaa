"""wrong passwords slow guessing per account and address instead of locking the account

Revision ID: 0018_sign_in_throttle
Revises: 0017_agreement_log
Create Date: 2026-12-02 06:20:00

Five wrong passwords locked an account for everyone, so anyone could lock out the admin. The
throttle now counts per account and address and makes that address wait, doubling each time.
Its rows are transient (a minute to a quarter of an hour of state): the table is remade.
"""
from alembic import op
import sqlalchemy as sa

import workspace.columns


# revision identifiers, used by Alembic.
revision = '0018_sign_in_throttle'
down_revision = '0017_agreement_log'
branch_labels = None
depends_on = None


def upgrade():
    op.drop_table('sign_in_throttles')
    op.create_table('sign_in_throttles',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', workspace.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('retry_at', workspace.columns.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('email', 'address', name=op.f('pk_sign_in_throttles'))
    )


def downgrade():
    op.drop_table('sign_in_throttles')
    op.create_table('sign_in_throttles',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', workspace.columns.UTCDateTime(timezone=True), nullable=False),
    sa.Column('locked_until', workspace.columns.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_sign_in_throttles'))
    )
