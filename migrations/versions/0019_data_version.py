"""the data version pages kept in memory are checked against

Revision ID: 0019_data_version
Revises: 0018_sign_in_throttle
Create Date: 2026-12-02 16:10:00

One row, raised in the same transaction as every write pages are computed from
(workspace.data_version): a page region kept between requests is served again only while it
is unchanged. The epoch is random, so numbers seen before a restore never match after it.
"""
from uuid import uuid4

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_data_version'
down_revision = '0018_sign_in_throttle'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table('data_versions',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('epoch', sa.String(length=32), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions'))
    )
    op.bulk_insert(table, [{'name': 'data', 'epoch': uuid4().hex, 'version': 1}])


def downgrade():
    op.drop_table('data_versions')
