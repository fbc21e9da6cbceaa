"""Verbs of comments: add, edit, delete; each tells the right people once."""

from flask_babel import gettext as _
from sqlalchemy import select

from workspace import clock
from workspace.activity.services import record
from workspace.auth.models import User
from workspace.comments.mentions import mentioned_people
from workspace.comments.models import Comment
from workspace.database import write_unit
from workspace.documents import type_of
from workspace.extensions import db
from workspace.notifications.services import follow, notify, notify_followers
from workspace.text import has_control_characters

MAX_LENGTH = 10_000


class CommentRefused(Exception):
    pass


def add_comment(author: User, document, body: str, parent_id: int | None = None) -> Comment:
    with write_unit():
        body = _checked(body)
        doc_type = type_of(document)
        parent = _thread_parent(parent_id, doc_type.name, document.id)
        comment = Comment(target_type=doc_type.name, target_id=document.id, author_id=author.id,
                          body=body, parent_id=parent.id if parent else None)
        db.session.add(comment)
        mentioned = mentioned_people(body)
        told = {p.id for p in notify(mentioned, "mention", author, document, body)}
        if parent is not None and parent.author_id not in told:
            told |= {n.user_id for n in notify([parent.author], "reply", author, document, body)}
        notify_followers("comment", author, document, body, skip=told)
        follow(author, document)
        record(author, "commented", document)
    return comment


def edit_comment(comment: Comment, editor: User, body: str) -> Comment:
    with write_unit():
        if not comment.editable_by(editor):
            raise CommentRefused(_("Only the author can edit a comment."))
        body = _checked(body)
        before = {p.id for p in mentioned_people(comment.body)}
        comment.body = body
        comment.edited_at = clock.now()
        newly = [p for p in mentioned_people(body) if p.id not in before]
        if newly:
            from workspace.documents import find_document

            notify(newly, "mention", editor, find_document(comment.target_type, comment.target_id),
                   body)
    return comment


def delete_comment(comment: Comment, user: User) -> None:
    """The thread keeps a "comment deleted" mark; the text itself is gone."""
    with write_unit():
        if not comment.editable_by(user):
            raise CommentRefused(_("Only the author can delete a comment."))
        comment.body = ""
        comment.deleted_at = clock.now()


def thread(document) -> list[tuple[Comment, list[Comment]]]:
    """Top-level comments oldest first, each with its replies: one query."""
    doc_type = type_of(document)
    comments = list(db.session.scalars(select(Comment).where(
        Comment.target_type == doc_type.name, Comment.target_id == document.id)
        .order_by(Comment.created_at, Comment.id)))
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [(c, replies.get(c.id, [])) for c in comments if c.parent_id is None]


def _checked(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CommentRefused(_("Write something first."))
    if len(body) > MAX_LENGTH:
        raise CommentRefused(_("A comment can hold at most %(n)d characters.", n=MAX_LENGTH))
    if has_control_characters(body):
        raise CommentRefused(_("Remove the control characters (such as NUL) from this text."))
    return body


def _thread_parent(parent_id: int | None, target_type: str, target_id: int) -> Comment | None:
    if parent_id is None:
        return None
    parent = db.session.get(Comment, parent_id)
    if parent is None or (parent.target_type, parent.target_id) != (target_type, target_id):
        raise CommentRefused(_("That comment is not on this document."))
    # One level of threading: a reply to a reply joins its parent's thread.
    return db.session.get(Comment, parent.parent_id) if parent.parent_id else parent
