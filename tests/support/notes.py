"""A minimal revisioned document, defined only in the tests, to prove the shared mechanisms.

It has the pages an area would have: show, edit (conflict-safe), history with any-two diff,
restore, comments and presence, all built from the shared templates and services.
"""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from workspace import htmx
from workspace.activity.services import record
from workspace.areas import add_document_type
from workspace.database import write_unit
from workspace.documents import DocumentType
from workspace.drafts import draft_saved
from workspace.extensions import db
from workspace.notifications.services import follow, notify_followers
from workspace.revisions import (
    Revisioned,
    RevisionMixin,
    StaleSave,
    changes_between,
    create_document,
    history,
    restore_revision,
    save_revision,
    with_choices,
)


class Note(Revisioned, db.Model):
    __tablename__ = "test_notes"
    revision_fields = ("title", "body", "tags")
    long_text = frozenset({"body"})

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(200), default="")


class NoteRevision(RevisionMixin, db.Model):
    __tablename__ = "test_note_revisions"
    document_id: Mapped[int] = mapped_column(ForeignKey("test_notes.id"), index=True)


Note.revision_model = NoteRevision


def init_area(app) -> None:
    """The test-only area, wired the way the real ones are."""
    app.register_blueprint(bp)
    add_document_type(app, DocumentType(
        "note", "notes", Note, url=lambda n: f"/notes/{n.id}", label=lambda n: n.title,
        compare_url=lambda n, a, b: f"/notes/{n.id}/history?a={a}&b={b}"))

FIELD_LABELS = {"title": "Title", "body": "Body", "tags": "Tags"}


def create_note(author, title: str, body: str = "", tags: str = "") -> Note:
    note = create_document(Note(title=title, body=body, tags=tags), author)
    follow(author, note)
    record(author, "created", note)
    db.session.commit()
    return note


def edit_note(note: Note, changes: dict, base: int, author, summary: str = ""):
    with write_unit():
        saved = save_revision(note, changes, base, author, summary)
        follow(author, note)
        record(author, "edited", note)
        notify_followers("change", author, note, summary)
    return saved


bp = Blueprint("notes", __name__, template_folder="templates")


@bp.get("/notes/<int:note_id>")
@login_required
def show(note_id: int):
    return render_template("notes/show.html", note=db.get_or_404(Note, note_id))


@bp.route("/notes/<int:note_id>/edit", methods=["GET", "POST"])
@login_required
def edit(note_id: int):
    note = db.get_or_404(Note, note_id)
    if request.method == "GET":
        return render_template("notes/edit.html", note=note, values=note.snapshot(),
                               base=note.current_revision)
    base = int(request.form["base_revision"])
    values = {name: request.form.get(name, "") for name in Note.revision_fields}
    values = with_choices(note, values, request.form, base)
    try:
        edit_note(note, values, base, current_user, request.form.get("summary", ""))
    except StaleSave as stale:
        return htmx.render("notes/conflict.html", "revisions/_conflict.html", 409,
                           stale=stale, labels=FIELD_LABELS,
                           action=url_for("notes.edit", note_id=note.id))
    draft_saved(f"note-{note.id}")
    return redirect(url_for("notes.show", note_id=note.id), 303)


@bp.get("/notes/<int:note_id>/history")
@login_required
def note_history(note_id: int):
    note = db.get_or_404(Note, note_id)
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    changes = changes_between(note, a, b) if a and b else None
    return render_template("notes/history.html", note=note, revisions=history(note),
                           changes=changes, a=a, b=b, labels=FIELD_LABELS)


@bp.post("/notes/<int:note_id>/restore/<int:number>")
@login_required
def restore(note_id: int, number: int):
    note = db.get_or_404(Note, note_id)
    with write_unit():
        restore_revision(note, number, current_user)
        record(current_user, "restored", note)
    return redirect(url_for("notes.show", note_id=note.id), 303)
