"""Leads over the API, for a CRM, a form backend or a dialer (scopes leads:write, leads:read).

JSON in and out, ISO 8601 times with offsets, money in major units. A batch is all or nothing;
re-posting a lead (matched by external id, else email) updates its CRM fields only.
"""

from flask import abort, jsonify, make_response, request, url_for
from sqlalchemy import select

from workspace.api.auth import current_token, require_scope
from workspace.api.bodies import json_body, json_object, unknown_fields
from workspace.api.views import bp
from workspace.database import write_unit
from workspace.errors import api_errors
from workspace.extensions import db
from workspace.leads import services
from workspace.leads.api_shapes import full, iso, summary
from workspace.leads.api_values import (
    ATTEMPT_INPUT,
    CLOSE_INPUT,
    english,
    parse_lead,
    read_money,
    read_text,
    read_time,
    sales_rep,
)
from workspace.leads.intake import match_existing, time_refusal
from workspace.leads.models import ATTRIBUTIONS, CHANNELS, OUTCOMES, ContactAttempt, Lead, Rating
from workspace.urls import LARGEST_ID

MAX_BATCH = 1000
PAGE_SIZE = 100
# Ids and pages past these cannot be in a 64-bit column or offset: nothing is there.
MAX_ID = LARGEST_ID  # what the leads table's id holds (workspace.urls)
MAX_PAGE = 10**9


@bp.post("/leads")
@require_scope("leads:write")
def post_leads():
    body = json_body()
    items = body.get("leads") if isinstance(body, dict) and "leads" in body else [body]
    if isinstance(body, dict) and "leads" in body and len(body) > 1:
        return api_errors(422, [{"index": None, **error}
                                for error in unknown_fields(body, ("leads",))])
    if not isinstance(items, list) or not items or len(items) > MAX_BATCH:
        return api_errors(422, [{"index": None, "field": "leads",
                                 "message": f"Send one lead object or 1 to {MAX_BATCH} leads."}])
    parsed, errors = [], []
    for index, item in enumerate(items):
        fields, problems = parse_lead(item)
        errors += [{"index": index, **problem} for problem in problems]
        parsed.append(fields)
    errors += _repeated(parsed)
    if errors:
        return api_errors(422, errors)
    try:
        with write_unit():
            results, created = _store(parsed)
            body = {"leads": [summary(lead) for lead in results]}  # before commit expires them
    except services.LeadRefused as refused:
        return api_errors(422, [{"index": None, "field": None, "message": str(refused)}])
    return jsonify(body), 201 if created else 200


def _repeated(parsed: list[dict]) -> list[dict]:
    """The same lead twice in one batch would be ambiguous: it is an error."""
    seen, errors = {}, []
    for index, fields in enumerate(parsed):
        key = ("external_id", fields.get("external_id")) if fields.get("external_id") \
            else ("email", fields.get("email"))
        if key[1] is None:
            continue
        if key in seen:
            errors.append({"index": index, "field": key[0],
                           "message": f"Same lead as index {seen[key]}."})
        else:
            seen[key] = index
    return errors


def _store(parsed: list[dict]) -> tuple[list[Lead], bool]:
    """Re-posted leads get their CRM fields updated; new ones are handed over together."""
    results, new = [], []
    # By external id, else by email (a form lead later synced by the CRM is one lead).
    for fields, lead in zip(parsed, match_existing(parsed), strict=True):
        rep, handed = fields.pop("_rep", None), fields.pop("_handed_over_at", None)
        if lead is None:
            new.append((fields, rep, handed))
            results.append(None)
        else:
            for name, value in fields.items():
                setattr(lead, name, value)
            services.qualify(lead)
            results.append(lead)
    created = iter(services.hand_over_many(current_token().user, new)) if new else iter(())
    results = [lead if lead is not None else next(created) for lead in results]
    return results, bool(new)


def _lead_or_404(lead_id: int) -> Lead:
    lead = db.session.get(Lead, lead_id) if lead_id <= MAX_ID else None
    if lead is None:
        abort(make_response(api_errors(404, [{"field": "id",
                                              "message": f"No lead {lead_id}."}])))
    return lead


def _etag(lead: Lead) -> str:
    return f'"lead-{lead.id}-{lead.row_version}"'


@bp.route("/leads/<int:lead_id>", methods=["GET", "PATCH"])
def lead_resource(lead_id: int):
    """One rule for both methods: with a rule each, werkzeug answers an id past 64 bits with
    405 (the other method's rule matched before the number was checked) instead of 404."""
    return patch_lead(lead_id) if request.method == "PATCH" else get_lead(lead_id)


@require_scope("leads:read")
def get_lead(lead_id: int):
    lead = _lead_or_404(lead_id)
    return _lead_response(lead)


def _lead_response(lead: Lead):
    attempts = list(db.session.scalars(select(ContactAttempt).where(
        ContactAttempt.lead_id == lead.id).order_by(ContactAttempt.at)))
    ratings = list(db.session.scalars(select(Rating).where(Rating.lead_id == lead.id)
                                      .order_by(Rating.at)))
    response = jsonify(full(lead, attempts, ratings))
    response.headers["ETag"] = _etag(lead)
    return response


@bp.get("/leads")
@require_scope("leads:read")
def list_leads():
    problems = []
    start = read_time(request.args.get("handed_over_from"), "handed_over_from",
                  lambda f, m: problems.append({"field": f, "message": m}))
    end = read_time(request.args.get("handed_over_to"), "handed_over_to",
                lambda f, m: problems.append({"field": f, "message": m}))
    text = request.args.get("page", "1")
    # "null" is no page 1; no more digits than MAX_PAGE has (int() refuses 4,300 and more).
    page = int(text) if text.isascii() and text.isdigit() and len(text) <= 10 else 0
    if problems or not 1 <= page <= MAX_PAGE:
        return api_errors(422, problems or [{"field": "page",
                                             "message": f"From 1 to {MAX_PAGE}."}])
    query = select(Lead).order_by(Lead.handed_over_at, Lead.id)
    if start:
        query = query.where(Lead.handed_over_at >= start)
    if end:
        query = query.where(Lead.handed_over_at < end)
    rows = list(db.session.scalars(query.limit(PAGE_SIZE + 1).offset((page - 1) * PAGE_SIZE)))
    leads = rows[:PAGE_SIZE]
    attempts = _grouped(ContactAttempt, [lead.id for lead in leads], ContactAttempt.at)
    ratings = _grouped(Rating, [lead.id for lead in leads], Rating.at)
    next_url = url_for("api.list_leads", page=page + 1, _external=True,
                       **{k: v for k, v in request.args.items() if k != "page"}) \
        if len(rows) > PAGE_SIZE else None
    return jsonify({"leads": [full(lead, attempts.get(lead.id, []), ratings.get(lead.id, []))
                              for lead in leads], "next": next_url})


def _grouped(model, lead_ids: list[int], order) -> dict[int, list]:
    """Children of a page of leads in one query, not one per lead."""
    grouped: dict[int, list] = {}
    if lead_ids:
        for row in db.session.scalars(select(model).where(model.lead_id.in_(lead_ids))
                                      .order_by(order)):
            grouped.setdefault(row.lead_id, []).append(row)
    return grouped


@bp.post("/leads/<int:lead_id>/attempts")
@require_scope("leads:write")
def post_attempt(lead_id: int):
    lead = _lead_or_404(lead_id)
    body = json_object(ATTEMPT_INPUT)
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append({"field": field, "message": message})

    at = read_time(body.get("at"), "at", problem)
    note = read_text(body, "note", problem)
    if body.get("channel") not in CHANNELS:
        problems.append({"field": "channel", "message": f"One of {', '.join(CHANNELS)}."})
    if body.get("outcome") not in OUTCOMES:
        problems.append({"field": "outcome", "message": f"One of {', '.join(OUTCOMES)}."})
    rep = sales_rep(body["rep_email"]) if body.get("rep_email") not in (None, "") \
        else lead.assigned_to
    if rep is None:
        problems.append({"field": "rep_email", "message": "No active member of sales."})
    if problems:
        return api_errors(422, problems)
    try:
        attempt = services.log_attempt(lead, rep, body["channel"], body["outcome"], note, at)
    except services.LeadRefused as refused:
        return api_errors(422, [{"field": None, "message": str(refused)}])
    return jsonify({"id": attempt.id, "lead_id": lead.id, "at": iso(attempt.at)}), 201


@require_scope("leads:write")
def patch_lead(lead_id: int):
    lead = _lead_or_404(lead_id)
    expected = request.headers.get("If-Match")
    if not expected or expected.strip() == "*":  # "*" would close a lead nobody has read
        return api_errors(428, [{"field": "If-Match",
                                 "message": "Send the ETag from GET in If-Match (not *: it "
                                            "would overwrite changes you have not seen)."}])
    if expected != _etag(lead):
        return api_errors(412, [{"field": "If-Match",
                                 "message": "The lead changed since you read it; GET it again."}])
    body = json_object(CLOSE_INPUT)
    status, problems = body.get("status"), []

    def problem(field: str, message: str) -> None:
        problems.append({"field": field, "message": message})

    if status not in ("won", "lost"):
        problem("status", "won or lost.")
    value = read_money(body.get("deal_value"), "deal_value", problem)
    if status == "won" and body.get("attribution") not in ATTRIBUTIONS:
        problem("attribution", "marketing, sales or both.")
    closed_at = read_time(body.get("closed_at"), "closed_at", problem)
    refusal = time_refusal("closed_at", closed_at)
    if refusal:
        problems.append(english(refusal))
    lost_reason = read_text(body, "lost_reason", problem)
    if problems:
        return api_errors(422, problems)
    if lead.assigned_to is None:
        return api_errors(422, [{"field": "status", "message": "The lead has no rep yet."}])
    try:
        # The CRM reports the deal on behalf of the rep who owns the lead.
        services.close(lead, lead.assigned_to, status == "won", value, body.get("attribution"),
                       lost_reason, closed_at)
    except services.LeadRefused as refused:
        return api_errors(422, [{"field": "status", "message": str(refused)}])
    return _lead_response(lead)
