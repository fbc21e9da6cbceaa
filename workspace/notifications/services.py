"""Who hears about what: mentions, replies, changes to followed documents."""

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select, update

from workspace import clock
from workspace.auth.models import User
from workspace.database import write_unit
from workspace.documents import type_of
from workspace.extensions import db
from workspace.mail import mail_configured, send_after_commit
from workspace.notifications.derived import request_done
from workspace.notifications.models import Follow, Notification

PAGE_SIZE = 50


def follow(user: User, document, explicit: bool = False) -> None:
    """Follow a document. Automatic follows (create, edit, comment) never undo an unfollow."""
    doc_type = type_of(document)
    existing = db.session.scalar(select(Follow).where(
        Follow.user_id == user.id, Follow.target_type == doc_type.name,
        Follow.target_id == document.id))
    if existing is None:
        db.session.add(Follow(user_id=user.id, target_type=doc_type.name,
                              target_id=document.id))
    elif explicit:
        existing.active = True


def unfollow(user: User, document) -> None:
    doc_type = type_of(document)
    db.session.execute(update(Follow).where(
        Follow.user_id == user.id, Follow.target_type == doc_type.name,
        Follow.target_id == document.id).values(active=False))


def set_following(user: User, document, following: bool) -> None:
    """The person's own choice to follow a document or not."""
    with write_unit():
        if following:
            follow(user, document, explicit=True)
        else:
            unfollow(user, document)


def is_following(user: User, document) -> bool:
    doc_type = type_of(document)
    return bool(db.session.scalar(select(Follow.active).where(
        Follow.user_id == user.id, Follow.target_type == doc_type.name,
        Follow.target_id == document.id)))


def notify(recipients: list[User], kind: str, actor: User | None, document,
           excerpt: str = "") -> list[Notification]:
    """One notification per active person, never to the actor."""
    sent = _notifications(recipients, kind, actor, document, excerpt)
    db.session.add_all([notification for _, notification in sent])
    _mail_all(sent, actor)
    return [notification for _, notification in sent]


def ask(recipients: list[User], actor: User | None, document) -> list[Notification]:
    """A request to act on a document (kind "waiting"), replacing earlier unread requests on
    it; each resolves itself once the document no longer waits on its reader (derived.py)."""
    doc_type = type_of(document)
    db.session.execute(update(Notification).where(
        Notification.kind == "waiting", Notification.target_type == doc_type.name,
        Notification.target_id == document.id, Notification.read_at.is_(None))
        .values(read_at=clock.now()))
    return notify(recipients, "waiting", actor, document)


def notify_each(kind: str, actor: User | None,
                items: list[tuple[User, object, str]]) -> None:
    """One notification per (person, document, excerpt), written in one statement: for
    batches."""
    from workspace.database import insert_all

    sent = [item for person, document, excerpt in items
            for item in _notifications([person], kind, actor, document, excerpt)]
    insert_all([notification for _, notification in sent])
    _mail_all(sent, actor)


def _notifications(recipients: list[User], kind: str, actor: User | None, document,
                   excerpt: str = "") -> list[tuple[User, Notification]]:
    doc_type = type_of(document)
    return [(person, Notification(user_id=person.id, actor_id=actor.id if actor else None,
                                  kind=kind, target_type=doc_type.name, target_id=document.id,
                                  target_label=doc_type.label(document)[:200],
                                  excerpt=(excerpt or "")[:300]))
            for person in {p.id: p for p in recipients}.values()
            if not (actor is not None and person.id == actor.id) and person.is_active]


def _mail_all(sent: list[tuple[User, Notification]], actor: User | None) -> None:
    if mail_configured():
        for person, notification in sent:
            _mail(person, notification, actor)


def notify_followers(kind: str, actor: User, document, excerpt: str = "",
                     skip: set[int] | None = None) -> list[Notification]:
    doc_type = type_of(document)
    followers = list(db.session.scalars(select(User).join(Follow, Follow.user_id == User.id)
                                        .where(Follow.target_type == doc_type.name,
                                               Follow.target_id == document.id,
                                               Follow.active.is_(True))))
    return notify([f for f in followers if f.id not in (skip or set())], kind, actor, document,
                  excerpt)


def unread_count(user: User) -> int:
    """Unread notifications, leaving out requests already done (one query, on every page).

    Which requests can still be open depends on the reader's kind, role and team alone, so
    the statement is built once per such reader and app (building it cost more than running
    it); the reader's id is its parameter."""
    statements = current_app.extensions.setdefault("unread_statements", {})
    shape = (user.kind, user.is_active, user.role, user.team)
    statement = statements.get(shape)
    if statement is None:
        statement = statements[shape] = select(func.count()).select_from(Notification).where(
            Notification.user_id == bindparam("reader"), Notification.read_at.is_(None),
            ~request_done(user))
    return db.session.scalar(statement, {"reader": user.id}) or 0


def notifications_for(user: User, limit: int = PAGE_SIZE) -> list[Notification]:
    """The latest notifications, each request marked `done` when what it asked for is done."""
    rows = db.session.execute(select(Notification, request_done(user).label("done"))
                              .where(Notification.user_id == user.id)
                              .order_by(Notification.created_at.desc(), Notification.id.desc())
                              .limit(limit)).all()
    for notification, done in rows:
        notification.done = bool(done)
    return [notification for notification, _done in rows]


def mark_read(user: User, notification_id: int | None = None) -> None:
    """Mark one of the user's notifications read, or all of them."""
    with write_unit():
        query = update(Notification).where(Notification.user_id == user.id,
                                           Notification.read_at.is_(None))
        if notification_id is not None:
            query = query.where(Notification.id == notification_id)
        db.session.execute(query.values(read_at=clock.now()))


def _mail(person: User, notification: Notification, actor: User | None) -> None:
    """Worded now, in the recipient's language; sent once the change commits."""
    from workspace.notifications.wording import describe

    with force_locale(person.locale):
        subject = describe(notification.kind, actor.name if actor else _("Someone"),
                           notification.target_label, notification.target_type)
        link = url_for("notifications.index", _external=True)
        body = f"{subject}\n\n{notification.excerpt}\n\n{link}"
    send_after_commit(person.email, subject, body)
