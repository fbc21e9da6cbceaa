"""a document's page lists the meeting decisions about it: their links are indexed

Revision ID: 0015_decision_links_indexed
Revises: 0014_calendar_feeds
Create Date: 2026-12-02 05:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0015_decision_links_indexed'
down_revision = '0014_calendar_feeds'
branch_labels = None
depends_on = None

LINKS = ("term_id", "agreement_version_id", "goal_id")


def upgrade():
    for column in LINKS:
        op.create_index(f"ix_meeting_decisions_{column}", "meeting_decisions", [column])


def downgrade():
    for column in LINKS:
        op.drop_index(f"ix_meeting_decisions_{column}", "meeting_decisions")
