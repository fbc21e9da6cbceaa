"""monthly lead figures kept with the leads

Revision ID: 0009_lead_months
Revises: 0008_lead_indexes
Create Date: 2026-11-22 14:30:00

The hand-off month (in the workspace's time zone) on leads and staged leads, the lead_months
summary table, and the (month, deadline) indexes for the deadlines still ahead; then the months and the table
are filled from the existing leads by workspace.leads.stats.rebuild.
"""
from alembic import op
import sqlalchemy as sa

import workspace.columns


# revision identifiers, used by Alembic.
revision = '0009_lead_months'
down_revision = '0008_lead_indexes'
branch_labels = None
depends_on = None

COUNTERS = ("leads", "mqls", "sqls", "mql_sqls", "won", "revenue", "rated", "rating_sum",
            "rating_count", "speed_met", "speed_late", "speed_open", "persistence_met",
            "persistence_missed", "feedback_met", "feedback_late", "feedback_open")


def upgrade():
    op.create_table(
        'lead_months',
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('assigned_to_id', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=100), nullable=False),
        sa.Column('campaign', sa.String(length=200), nullable=False),
        *[sa.Column(name, sa.BigInteger() if name == "revenue" else sa.Integer(),
                    nullable=False) for name in COUNTERS],
        sa.PrimaryKeyConstraint('month', 'assigned_to_id', 'source', 'campaign'))
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handoff_month', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('first_contact_seconds', sa.Integer(), nullable=True))
        batch_op.create_index('ix_leads_month_first_contact',
                              ['handoff_month', 'source', 'campaign', 'first_contact_seconds'],
                              unique=False)
        batch_op.create_index('ix_leads_month_first_contact_due',
                              ['handoff_month', 'first_contact_due_at'], unique=False)
        batch_op.create_index('ix_leads_month_feedback_due', ['handoff_month', 'feedback_due_at'],
                              unique=False)
    with op.batch_alter_table('staged_leads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('handoff_month', sa.String(length=7), nullable=True))

    # The data: hand-off months in the workspace's zone, seconds to first contact, and the
    # sums of the counters this revision creates (only those: a later revision that adds a
    # counter fills it itself, so upgrading through this one keeps working).
    from sqlalchemy.dialects import postgresql, sqlite

    from workspace.leads import stats

    connection = op.get_bind()
    stats.fill_first_contact_seconds(connection)
    for model in (stats.Lead, stats.StagedLead):
        stats.set_months(connection, model, stats.workspace_zone(connection))
    table = sa.table('lead_months', *[sa.column(name) for name in (*stats.KEY, *COUNTERS)])
    grouped = stats.contribution(sa.true(), {name: stats.COUNTERS[name] for name in COUNTERS})
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(table).from_select([*stats.KEY, *COUNTERS], grouped))


def downgrade():
    with op.batch_alter_table('staged_leads', schema=None) as batch_op:
        batch_op.drop_column('handoff_month')
    with op.batch_alter_table('leads', schema=None) as batch_op:
        batch_op.drop_index('ix_leads_month_feedback_due')
        batch_op.drop_index('ix_leads_month_first_contact_due')
        batch_op.drop_index('ix_leads_month_first_contact')
        batch_op.drop_column('first_contact_seconds')
        batch_op.drop_column('handoff_month')
    op.drop_table('lead_months')
