"""Comment threads on any document: add, reply, edit and delete one's own, mention people."""

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workspace import htmx
from workspace.access import require_login
from workspace.admin.forms import ConfirmForm
from workspace.comments import services
from workspace.comments.forms import CommentForm
from workspace.comments.mentions import handle_of, mention_candidates
from workspace.comments.models import Comment
from workspace.documents import find_document, link_to
from workspace.extensions import db
from workspace.forms import refuse
from workspace.urls import as_id

bp = Blueprint("comments", __name__)
require_login(bp)


def _document_or_404(type_name: str, document_id: int):
    document = find_document(type_name, document_id)
    if document is None:
        abort(404)
    return document


def _thread_response(type_name: str, document_id: int, form=None, status: int = 200):
    document = _document_or_404(type_name, document_id)
    if not htmx.wants_fragment():
        if status != 200:
            return render_template("comments/page.html", document=document,
                                   type_name=type_name, form=form), status
        return redirect(link_to(type_name, document_id) + "#comments", 303)
    response = htmx.render("comments/page.html", "comments/_thread.html", status,
                           document=document, type_name=type_name, form=form)
    return htmx.trigger(response, "comment-added") if status == 200 else response


@bp.get("/comments/<type_name>/<int:document_id>")
def thread(type_name: str, document_id: int):
    document = _document_or_404(type_name, document_id)
    return htmx.render("comments/page.html", "comments/_thread.html", document=document,
                       type_name=type_name)


@bp.post("/comments/<type_name>/<int:document_id>")
def add(type_name: str, document_id: int):
    document = _document_or_404(type_name, document_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            if form.parent_id.data and as_id(form.parent_id.data) is None:
                raise services.CommentRefused(_("That comment is not on this document."))
            services.add_comment(current_user, document, form.body.data,
                                 as_id(form.parent_id.data))
        except services.CommentRefused as refused:
            refuse(form, "body", str(refused))
        else:
            return _thread_response(type_name, document_id)
    return _thread_response(type_name, document_id, form, 422)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
def edit(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    if not comment.editable_by(current_user):
        abort(403)
    form = CommentForm(body=comment.body)
    if form.validate_on_submit():
        try:
            services.edit_comment(comment, current_user, form.body.data)
        except services.CommentRefused as refused:
            refuse(form, "body", str(refused))
        else:
            return _thread_response(comment.target_type, comment.target_id)
    status = 422 if form.is_submitted() else 200
    return htmx.render("comments/edit.html", "comments/_edit_form.html", status,
                       comment=comment, form=form)


@bp.route("/comments/<int:comment_id>/delete", methods=["GET", "POST"])
def delete(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    if not comment.editable_by(current_user):
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit():
        services.delete_comment(comment, current_user)
        return _thread_response(comment.target_type, comment.target_id)
    return render_template("comments/confirm_delete.html", comment=comment, form=form)


@bp.get("/people/mentions")
def mentions():
    people = mention_candidates(request.args.get("q", ""))
    return jsonify([{"handle": handle_of(p), "name": p.name, "team": p.team}
                    for p in people])


@bp.app_template_global()
def comment_form_action(type_name: str, document_id: int) -> str:
    return url_for("comments.add", type_name=type_name, document_id=document_id)


@bp.app_template_global()
def comment_thread(document):
    return services.thread(document)


@bp.app_template_global()
def new_comment_form() -> CommentForm:
    return CommentForm(formdata=None)
