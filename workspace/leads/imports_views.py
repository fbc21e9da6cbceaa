"""Importing leads from CSV: upload, confirm the column mapping, watch it check, publish."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from workspace import htmx
from workspace.extensions import db
from workspace.forms import form_status, refuse
from workspace.leads import import_preview, importing
from workspace.leads.csvformats import TARGETS
from workspace.leads.forms import chosen_owners, owner_choices_form
from workspace.leads.import_rows import sales_people
from workspace.leads.models import LeadImport
from workspace.leads.views import bp
from workspace.permissions import Action, require


class UploadForm(FlaskForm):
    file = FileField(validators=[FileRequired()])


def _batch(import_id: int) -> LeadImport:
    batch = db.get_or_404(LeadImport, import_id)
    if batch.created_by_id != current_user.id and not current_user.is_admin:
        abort(404)
    return batch


def _zone() -> str:
    from workspace.templating import current_workspace

    return current_workspace().timezone


@bp.route("/imports/new", methods=["GET", "POST"])
@require(Action.HAND_OVER_LEADS)
def new_import():
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            batch = importing.start_import(current_user, upload.filename or "leads.csv",
                                           upload.read())
        except importing.ImportRefused as refused:
            refuse(form, "file", str(refused))
        else:
            return redirect(url_for("leads.show_import", import_id=batch.id), 303)
    return render_template("leads/import_new.html", form=form), form_status(form)


@bp.get("/imports/<int:import_id>")
@require(Action.HAND_OVER_LEADS)
def show_import(import_id: int):
    batch = _batch(import_id)
    context = {}
    if batch.status == "uploaded":
        context = {"unmapped": import_preview.unmapped_rules(batch),
                   "unused": import_preview.unused_columns(batch)}
    elif batch.status == "staged" and not batch.error_count:
        preview = import_preview.preview(batch)
        context = {"preview": preview,
                   "owner_form": owner_choices_form(preview.owners, preview.reps)}
    return render_template("leads/import.html", batch=batch, targets=TARGETS, **context)


@bp.post("/imports/<int:import_id>/mapping")
@require(Action.HAND_OVER_LEADS)
def map_import(import_id: int):
    batch = _batch(import_id)
    mapping = {target: int(request.form[target]) for target in TARGETS
               if request.form.get(target, "").isdigit()
               and int(request.form[target]) < len(batch.headers)}
    try:
        importing.set_mapping(batch, mapping, request.form.get("date_order", "dmy"))
    except importing.ImportRefused as refused:
        flash(str(refused), "error")
    return redirect(url_for("leads.show_import", import_id=batch.id), 303)


@bp.post("/imports/<int:import_id>/step")
@require(Action.HAND_OVER_LEADS)
def step_import(import_id: int):
    """One chunk; the progress fragment asks for the next until the file is checked."""
    try:
        batch = importing.stage_next_chunk(_batch(import_id), _zone())
    except importing.ImportRefused as refused:
        return htmx.flash_fragment(str(refused), 422) if htmx.is_htmx() else (
            redirect(url_for("leads.show_import", import_id=import_id), 303))
    if not htmx.wants_fragment():  # without JavaScript: the import's page, whole, as it is now
        return redirect(url_for("leads.show_import", import_id=batch.id), 303)
    if batch.status == "staging":
        return htmx.render("leads/import.html", "leads/_import_progress.html", batch=batch)
    response = htmx.render("leads/import.html", "leads/_import_progress.html", batch=batch)
    response.headers["HX-Refresh"] = "true"  # show the result or the report as a whole page
    return response


@bp.post("/imports/<int:import_id>/publish")
@require(Action.HAND_OVER_LEADS)
def publish_import(import_id: int):
    batch, people = _batch(import_id), sales_people()
    try:
        owners = import_preview.owners_to_choose(batch, people) if batch.content else []
        form = owner_choices_form(owners, people)
        if not form.validate_on_submit():
            raise importing.ImportRefused(_("Choose a rep or the rotation for each owner."))
        importing.publish(batch, chosen_owners(form, owners))
    except importing.ImportRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("leads.show_import", import_id=batch.id), 303)
    flash(_("Imported: %(new)d new leads, %(updated)d updated.", new=batch.created_count,
            updated=batch.updated_count), "success")
    return redirect(url_for("leads.index", view="all"), 303)


@bp.post("/imports/<int:import_id>/discard")
@require(Action.HAND_OVER_LEADS)
def discard_import(import_id: int):
    try:
        importing.discard(_batch(import_id))
    except importing.ImportRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("leads.show_import", import_id=import_id), 303)
    flash(_("Import discarded; nothing was stored."), "info")
    return redirect(url_for("leads.index", view="all"), 303)
