"""The glossary's pages: list and search, a term, its edits, history and approvals."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from workspace import htmx
from workspace.access import require_login
from workspace.admin.forms import ConfirmForm
from workspace.drafts import draft_saved
from workspace.extensions import db
from workspace.forms import form_status, refuse
from workspace.glossary import queries, services
from workspace.glossary.forms import DeprecateForm, RequestChangesForm, TermForm
from workspace.glossary.models import STATUS_LABELS, Term
from workspace.i18n import fast_gettext
from workspace.kept import NEVER
from workspace.kept_pages import kept_page
from workspace.panels import Panel
from workspace.permissions import Action, can, require
from workspace.revisions import (
    StaleSave,
    changes_between,
    history_page,
    start_editing,
    submitted_base,
    with_choices,
)
from workspace.urls import bounded_int, page_number

bp = Blueprint("glossary", __name__, url_prefix="/glossary")
require_login(bp)

def _term(slug: str) -> Term:
    term = queries.term_by_slug(slug)
    if term is None:
        abort(404)
    return term


def _fields(form: TermForm) -> dict:
    return services.term_fields(form.name.data, form.aliases.data, form.definition.data,
                                form.examples.data, form.owner_team.data, form.related.data)


@bp.get("/")
def index():
    filters = {"query": request.args.get("q", ""), "status": request.args.get("status") or None,
               "team": request.args.get("team") or None}
    from workspace.glossary.results_region import results_region

    return htmx.render("glossary/index.html", "glossary/_kept_results.html", filters=filters,
                       results=results_region(filters, page_number()))


@bp.route("/new", methods=["GET", "POST"])
@require(Action.EDIT_DOCUMENTS)
def new():
    form = TermForm(owner_team=current_user.team or "marketing", name=request.args.get("name", ""))
    if form.validate_on_submit():
        term = services.create_term(current_user, _fields(form), form.summary.data)
        flash(_("“%(name)s” is proposed. Both heads will be asked to approve it.",
                name=term.name), "success")
        return redirect(url_for("glossary.show", slug=term.slug), 303)
    return render_template("glossary/new.html", form=form), form_status(form)


@bp.get("/<slug>")
def show(slug: str):
    # nothing on it changes with no write: no deadline, no day's start
    return kept_page("glossary/show.html", lambda now: (_approval(_term(slug)).context(), NEVER))


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@require(Action.EDIT_DOCUMENTS)
def edit(slug: str):
    term = _term(slug)
    form = TermForm(obj=term, term=term)
    if not form.is_submitted():
        start_editing(form, term)
    elif form.validate():
        base = submitted_base(form)
        fields = with_choices(term, _fields(form), request.form, base)
        try:
            services.edit_term(term, fields, base, current_user, form.summary.data)
        except StaleSave as stale:
            return htmx.render("glossary/conflict.html", "revisions/_conflict.html", 409,
                               stale=stale, term=term, labels=field_labels(),
                               action=url_for("glossary.edit", slug=term.slug))
        draft_saved(f"term-{term.id}")
        return htmx.go_to(url_for("glossary.show", slug=term.slug))
    return render_template("glossary/edit.html", term=term, form=form), form_status(form)


@bp.get("/<slug>/history")
def history(slug: str):
    term = _term(slug)
    try:
        page = history_page(term, request.args.get("a", type=bounded_int),
                            request.args.get("b", type=bounded_int))
    except LookupError:
        abort(404)
    return render_template("glossary/history.html", term=term, labels=field_labels(), **page)


@bp.post("/<slug>/restore/<int:number>")
@require(Action.EDIT_DOCUMENTS)
def restore(slug: str, number: int):
    term = _term(slug)
    try:
        services.restore_term(term, number, current_user)
    except LookupError:
        abort(404)
    flash(_("Revision %(n)s restored as a new revision.", n=number), "success")
    return redirect(url_for("glossary.show", slug=term.slug), 303)


@bp.post("/<slug>/approve")
def approve(slug: str):
    term, approved = _term(slug), request.form.get("decision") == "approve"
    reason = "" if approved else request.form.get("reason", "")
    event, done = ("term-approved", _("Approved.")) if approved else (
        "term-changes-requested", _("Request for changes sent."))
    return _approval(term).act(lambda: services.decide(
        term, current_user, approved, reason,
        seen_revision=request.form.get("revision", type=bounded_int)),
        event, done, changes_form=RequestChangesForm())


def _approval(term: Term) -> Panel:
    """The two-key agreement panel: both teams' decisions on the term's current revision."""
    return Panel("glossary/show.html", "glossary/_approval.html",
                 url_for("glossary.show", slug=term.slug),
                 lambda: {"term": term, **_panel_context(term)}, services.DecisionRefused)


def _panel_context(term: Term) -> dict:
    decisions = services.decisions_on_current(term)
    since_approval = None
    if term.status == "reapproval" and term.approved_revision:
        since_approval = changes_between(term, term.approved_revision, term.current_revision)
    return {"decisions": decisions, "since_approval": since_approval,
            "labels": field_labels(), "changes_form": RequestChangesForm(formdata=None),
            "can_decide": can(current_user, Action.APPROVE_TERM)
            and current_user.team in services.TEAMS and term.status != "deprecated"}


@bp.route("/<slug>/deprecate", methods=["GET", "POST"])
@require(Action.APPROVE_TERM)
def deprecate(slug: str):
    """A page of its own, or inline in the agreement panel, which answers with the panel."""
    term = _term(slug)
    form = DeprecateForm()
    form.replacement.choices = [SelectChoice("", _("No replacement"))] + [
        SelectChoice(str(t.id), t.name) for t in queries.replacement_choices(term)]
    if form.validate_on_submit():
        replacement = db.session.get(Term, int(form.replacement.data)) \
            if form.replacement.data else None
        try:
            services.deprecate_term(term, current_user, replacement)
        except services.DecisionRefused as refused:
            refuse(form, "replacement", str(refused))
        else:
            return _approval(term).answer("term-deprecated",
                                          _("“%(name)s” is deprecated.", name=term.name))
    return htmx.render("glossary/deprecate.html", "glossary/_deprecate.html",
                       form_status(form), term=term, form=form)


@bp.post("/<slug>/reinstate")
@require(Action.APPROVE_TERM)
def reinstate(slug: str):
    term = _term(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.reinstate_term(term, current_user)
    except services.DecisionRefused as refused:
        if htmx.wants_fragment():
            return _approval(term).refuse(str(refused))
        # The button sits in the page's notice, outside the panel: the reason goes to the top.
        flash(str(refused), "error")
        return redirect(url_for("glossary.show", slug=term.slug), 303)
    return _approval(term).answer("term-reinstated",
                                  _("“%(name)s” is in use again.", name=term.name))


def field_labels() -> dict:
    return {"name": _("Name"), "aliases": _("Aliases"), "definition": _("Definition"),
            "examples": _("Examples"), "owner_team": _("Owner team"),
            "related": _("Related terms")}


@bp.app_template_global()
def related_terms(term: Term) -> list[tuple[str, Term | None]]:
    """Each related name with its term when one exists: one query."""
    from workspace.text import fold

    found = queries.terms_named(term.related_list)
    return [(name, found.get(fold(name))) for name in term.related_list]


@bp.post("/starter")
@require(Action.MANAGE_WORKSPACE)
def load_starter():
    created = services.load_starter(current_user, str(get_locale()))
    flash(ngettext("%(num)d starter term proposed.", "%(num)d starter terms proposed.",
                   len(created)), "success")
    return redirect(url_for("glossary.index"), 303)


@bp.app_template_filter("term_status")
def term_status_label(status: str) -> str:
    return fast_gettext(STATUS_LABELS[status]) if status in STATUS_LABELS else status


@bp.app_template_filter("linked")
def linked_filter(html, skip_slug: str | None = None):
    """Rendered user text with glossary terms linked; the matcher is built once per request."""
    from itertools import count

    from flask import g
    from markupsafe import Markup

    from workspace.glossary.linking import current_matcher, link_terms

    if "term_matcher" not in g:
        g.term_matcher, g.term_tip_ids = current_matcher(), (f"term-tip-{n}" for n in count(1))
    return Markup(link_terms(str(html), g.term_matcher, skip_slug, g.term_tip_ids))


@bp.app_template_global("where_used")
def where_used_global(term: Term):
    from workspace.glossary.usage import where_used

    return where_used(term, current_user)


@bp.get("/export.<any(csv, md):format>")
def export(format: str):
    from flask import Response

    from workspace.glossary.transfer import all_terms, export_csv, export_markdown
    from workspace.templating import current_workspace

    terms = all_terms()
    if format == "csv":
        body, mimetype = export_csv(terms), "text/csv"
    else:
        body = export_markdown(terms, _("Glossary of %(name)s", name=current_workspace().name))
        mimetype = "text/markdown"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="glossary.{format}"'})


@bp.route("/import", methods=["GET", "POST"])
@require(Action.EDIT_DOCUMENTS)
def import_terms():
    from workspace.glossary.forms import ImportForm
    from workspace.glossary.transfer import import_csv

    form = ImportForm()
    report = None
    if form.validate_on_submit():
        report = import_csv(form.file.data.read(), current_user)
        if report.ok:
            flash(_("Imported: %(new)d new terms, %(revised)d new revisions. Each needs both "
                    "heads' approval.", new=report.created, revised=report.revised), "success")
            return redirect(url_for("glossary.index"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("glossary/import.html", form=form, report=report), status
