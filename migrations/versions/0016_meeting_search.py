"""the meeting log searches titles, notes and decisions, accents and case aside

Revision ID: 0016_meeting_search
Revises: 0015_decision_links_indexed
Create Date: 2026-12-02 05:45:00

"""
from alembic import op
import sqlalchemy as sa

from workspace.text import fold


# revision identifiers, used by Alembic.
revision = '0016_meeting_search'
down_revision = '0015_decision_links_indexed'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings') as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False,
                                      server_default=''))
    connection = op.get_bind()
    decided: dict[int, list[str]] = {}
    for meeting_id, text in connection.execute(sa.text(
            "SELECT meeting_id, text FROM meeting_decisions ORDER BY id")):
        decided.setdefault(meeting_id, []).append(text)
    for meeting_id, title, notes in connection.execute(sa.text(
            "SELECT id, title, notes FROM meetings")).all():
        folded = fold("\n".join([title, notes or "", *decided.get(meeting_id, [])]))
        connection.execute(sa.text("UPDATE meetings SET search_text = :folded WHERE id = :id"),
                           {"folded": folded, "id": meeting_id})


def downgrade():
    with op.batch_alter_table('meetings') as batch_op:
        batch_op.drop_column('search_text')
