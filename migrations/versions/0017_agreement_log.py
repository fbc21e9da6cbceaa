"""agreement log: SLA events hash-chained and append-only; signatures append-only; a frozen
version can no longer go back to draft nor move when it takes effect

Revision ID: 0017_agreement_log
Revises: 0016_meeting_search
Create Date: 2026-12-03 09:00:00

The existing proposals, signatures, withdrawals and starts are written into the log as they
are stored, in the order they happened: a version already tampered with stays detectable,
because the log records what its signatures bind, not what its content hashes to now.
"""
from alembic import op
import sqlalchemy as sa

from workspace.columns import UTCDateTime
from workspace.sla.chain import GENESIS, entry_body, link_hash, moment
from workspace.sla.guard import APPEND_ONLY_CREATE, APPEND_ONLY_DROP, CREATE, DROP


# revision identifiers, used by Alembic.
revision = '0017_agreement_log'
down_revision = '0016_meeting_search'
branch_labels = None
depends_on = None

versions = sa.table(
    "agreement_versions", sa.column("id", sa.Integer), sa.column("number", sa.Integer),
    sa.column("status", sa.String), sa.column("content_hash", sa.String),
    sa.column("proposed_at", UTCDateTime()), sa.column("proposed_by_id", sa.Integer),
    sa.column("created_at", UTCDateTime()), sa.column("effective_from", UTCDateTime()),
    sa.column("withdrawn_reason", sa.Text))
signatures = sa.table(
    "signatures", sa.column("id", sa.Integer), sa.column("version_id", sa.Integer),
    sa.column("team", sa.String), sa.column("user_id", sa.Integer), sa.column("content_hash", sa.String),
    sa.column("signed_at", UTCDateTime()))
users = sa.table("users", sa.column("id", sa.Integer), sa.column("email", sa.String),
                 sa.column("team", sa.String))
activity = sa.table("activity_entries", sa.column("verb", sa.String),
                    sa.column("target_type", sa.String), sa.column("target_id", sa.Integer),
                    sa.column("actor_id", sa.Integer), sa.column("created_at", UTCDateTime()))
log = sa.table("agreement_log", sa.column("position", sa.Integer),
               sa.column("event", sa.String), sa.column("version_number", sa.Integer),
               sa.column("body", sa.Text), sa.column("prev_hash", sa.String),
               sa.column("entry_hash", sa.String))


def upgrade():
    op.create_table('agreement_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=16), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement_log')),
    sa.UniqueConstraint('position', name=op.f('uq_agreement_log_position'))
    )
    with op.batch_alter_table('agreement_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_log_version_number'), ['version_number'],
                              unique=False)
    connection = op.get_bind()
    _write_the_log(connection)
    dialect = connection.dialect.name
    for statement in DROP.get(dialect, []) + CREATE.get(dialect, []) + \
            APPEND_ONLY_CREATE.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    for statement in APPEND_ONLY_DROP.get(dialect, []):
        op.execute(statement)
    # The stricter freeze trigger stays: it refuses nothing a correct application does.
    with op.batch_alter_table('agreement_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_log_version_number'))
    op.drop_table('agreement_log')


def _write_the_log(connection) -> None:
    emails = {row.id: (row.email, row.team) for row in connection.execute(sa.select(users))}
    withdrawn_at = {row.target_id: (row.created_at, row.actor_id) for row in connection.execute(
        sa.select(activity).where(activity.c.verb == "withdrew",
                                  activity.c.target_type == "agreement"))}
    events = []  # (at, number, order within the version, event, fields)
    for version in connection.execute(sa.select(versions).where(versions.c.status != "draft")):
        proposed_at = version.proposed_at or version.created_at
        by, team = emails.get(version.proposed_by_id, (None, None))
        events.append((proposed_at, version.number, 0, "proposed",
                       dict(content_hash=version.content_hash, by=by, team=team)))
        rows = list(connection.execute(
            sa.select(signatures).where(signatures.c.version_id == version.id)
            .order_by(signatures.c.signed_at, signatures.c.id)))
        for order, signature in enumerate(rows, start=1):
            events.append((signature.signed_at, version.number, order, "signed", dict(
                content_hash=signature.content_hash, team=signature.team,
                by=emails.get(signature.user_id, (None,))[0], user_id=signature.user_id)))
        if version.status == "signed":
            at = rows[-1].signed_at if rows else version.effective_from or proposed_at
            events.append((at, version.number, 9, "took_effect", dict(
                content_hash=version.content_hash,
                effective_from=moment(version.effective_from))))
        elif version.status == "withdrawn":
            at, actor = withdrawn_at.get(version.id, (proposed_at, None))
            by, team = emails.get(actor, (None, None))
            events.append((at, version.number, 9, "withdrawn", dict(
                content_hash=version.content_hash, by=by, team=team,
                reason=version.withdrawn_reason)))
    prev_hash = GENESIS
    for position, (at, number, _order, event, fields) in enumerate(
            sorted(events, key=lambda e: e[:3]), start=1):
        body = entry_body(position, event, number, at=at, **fields)
        entry_hash = link_hash(prev_hash, body)
        connection.execute(log.insert().values(position=position, event=event,
                                               version_number=number, body=body,
                                               prev_hash=prev_hash, entry_hash=entry_hash))
        prev_hash = entry_hash
