"""The SLA over the API: the version in force, or any version, as JSON (scope sla:read)."""

from flask import jsonify
from flask_babel import force_locale

from workspace.api.auth import require_scope
from workspace.api.views import bp
from workspace.errors import api_errors
from workspace.sla import services
from workspace.sla.rules import for_api
from workspace.sla.verification import verify


def version_json(version, report=None) -> dict:
    """`intact` is false, and `problems` names why, when its signed record does not add up;
    `record` says whether every version and the whole log still prove themselves."""
    report = report or verify()
    with force_locale("en"):
        problems = [problem.words() for problem in report.of_version(version.number)
                    + report.chain_breaks]
        everything = [problem.words() for problem in report.breaks]
    return {
        "number": version.number,
        "status": version.status_at(*_in_force_args()),
        "effective_from": version.effective_from.isoformat() if version.effective_from else None,
        "content_hash": version.content_hash,
        "intact": report.intact(version.number),
        "problems": problems,
        "agreement_log": {"intact": not report.chain_breaks, "entries": report.entries,
                          "last_hash": report.head,
                          "events": [{key: event.get(key) for key in (
                              "position", "event", "at", "by", "team", "content_hash",
                              "effective_from", "entry_hash")}
                              for event in report.events_of(version.number)]},
        "record": {"intact": report.ok, "problems": everything},
        "signatures": [{"team": s.team, "name": s.user.name, "email": s.user.email,
                        "signed_at": s.signed_at.isoformat()} for s in version.signatures],
        "commitments": {
            "mql_target_per_month": version.mql_target_per_month,
            "mql_rules": [for_api(rule) for rule in version.mql_rules],
            "first_contact_minutes": version.first_contact_minutes,
            "min_attempts": version.min_attempts,
            "feedback_hours": version.feedback_hours,
            "review_on": version.review_on,
        },
    }


def _in_force_args():
    from workspace import clock

    in_force = services.version_in_force()
    return clock.now(), in_force.number if in_force else None


@bp.get("/sla/active")
@require_scope("sla:read")
def sla_active():
    version = services.version_in_force()
    if version is None:
        return api_errors(404, [{"field": None, "message": "No SLA version is in force."}])
    return jsonify(version_json(version))


@bp.get("/sla/versions/<int:number>")
@require_scope("sla:read")
def sla_version(number: int):
    version = services.version_by_number(number)
    if version is None:
        return api_errors(404, [{"field": "number", "message": f"No SLA version {number}."}])
    return jsonify(version_json(version))
