"""Goals over the API (scope goals:read): a period's goals with where each stands."""

import re

from flask import jsonify, request

from workspace import clock
from workspace.api.auth import require_scope
from workspace.api.views import bp
from workspace.errors import api_errors
from workspace.goals import queries
from workspace.goals.periods import parse_period

# The periods the API reads, years 2000 to 2200, exactly as its document publishes them (the
# pages also forgive spaces).
PERIOD = r"^(2[01][0-9]{2}|2200)(-([Qq][1-4]|[Hh][12]))?$"


@bp.get("/goals")
@require_scope("goals:read")
def list_goals():
    text = request.args.get("period") or ""
    try:
        if not re.fullmatch(PERIOD, text):
            raise ValueError(text)
        period = parse_period(text)
    except ValueError:
        return api_errors(422, [{"field": "period",
                                 "message": "A period such as 2026-Q4, 2026-H2 or 2026."}])
    rows = queries.rows_for(queries.goals_of_period(period), period, clock.now().date())
    commitments = queries.open_commitments_by_goal([row.goal.id for row in rows])
    return jsonify({"period": period.label, "goals": [{
        "id": row.goal.id, "title": row.goal.title, "owner_team": row.goal.owner_team,
        "owner_email": row.goal.owner.email, "metric": row.goal.metric or None,
        "metric_filters": row.goal.metric_filters or {},
        "unit": row.goal.unit, "baseline": row.goal.baseline, "target": row.goal.target,
        "direction": row.goal.direction, "current_value": row.progress.current,
        "progress": row.progress.share, "status": row.status, "confidence": row.confidence,
        "last_check_in_at": row.last_check_in.isoformat() if row.last_check_in else None,
        "open_commitments": [{"text": c.text, "owner_email": c.owner.email,
                              "due_on": c.due_on.isoformat(), "status": c.status}
                             for c in commitments.get(row.goal.id, [])]}
        for row in rows]})
