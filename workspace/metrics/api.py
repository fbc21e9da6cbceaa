"""GET /api/v1/metrics/sla?month=YYYY-MM: the month's SLA scorecard as JSON (metrics:read)."""

import re

from flask import jsonify, request

from workspace.api.auth import require_scope
from workspace.api.views import bp
from workspace.errors import api_errors

# The months the scorecard reads, 2000-01 to 2100-12, in ASCII digits (\d would also match
# other scripts' digits, which int() reads); the API document publishes this pattern.
MONTH = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"


@bp.get("/metrics/sla")
@require_scope("metrics:read")
def metrics_sla():
    from workspace.admin.services import workspace_settings
    from workspace.metrics.queries import month_scorecard
    from workspace.months import Month

    text = request.args.get("month", "")
    match = re.fullmatch(MONTH, text)
    if not match:
        return api_errors(422, [{"field": "month", "message": "Use YYYY-MM, e.g. 2026-11."}])
    card = month_scorecard(Month.of(int(match.group(1)), int(match.group(2)),
                                    workspace_settings().timezone))
    speed = {**card.speed.as_dict(), "p50_minutes": card.p50_minutes,
             "p95_minutes": card.p95_minutes}
    return jsonify({
        "month": text,
        "mql_volume": {"delivered": card.delivered, "target": card.target,
                       "accepted": card.accepted},
        "speed": speed,
        "persistence": {k: v for k, v in card.persistence.as_dict().items() if k != "pending"},
        "feedback": card.feedback.as_dict(),
        "by_rep": [{"rep": s.rep.email if s.rep else None, "speed": s.speed.as_dict(),
                    "persistence": {k: v for k, v in s.persistence.as_dict().items()
                                    if k != "pending"},
                    "feedback": s.feedback.as_dict()} for s in card.by_rep],
    })
