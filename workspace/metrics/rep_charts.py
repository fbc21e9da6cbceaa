"""Sales' side per rep, for the metrics page filtered to sales: each rep's MQLs split by first
contact (on time, late or not contacted, not due yet) and each rep's disqualified or lost MQLs
by attempts (enough, too few). Drawn from the scorecard's per-rep shares, the table beside
them: no query of their own."""

from collections.abc import Callable, Sequence

from flask_babel import gettext as _

from workspace.charts import stacked_rows
from workspace.metrics.charts import MonthChart, shown_percent
from workspace.metrics.scorecard import RepScore
from workspace.metrics.sums import Share


def rep_charts(by_rep: Sequence[RepScore], named: str) -> dict:
    return {"rep_speed": _per_rep(
        by_rep, "speed", _("First contact by rep"), [_("On time"), _("Late or not contacted"),
                                                     _("Not due yet")], named,
        lambda **shares: _("%(best)s contacted the most MQLs on time (%(high)s), %(worst)s "
                           "the fewest (%(low)s).", **shares)),
        "rep_persistence": _per_rep(
            by_rep, "persistence", _("Attempts by rep"), [_("Enough attempts"),
                                                          _("Too few attempts")], named,
            lambda **shares: _("%(best)s made the agreed attempts most often (%(high)s), "
                               "%(worst)s least often (%(low)s).", **shares))}


def _per_rep(by_rep: Sequence[RepScore], side: str, title: str, series: list[str],
             named: str, most_and_least: Callable[..., str]) -> MonthChart:
    labels = {"numbers": _("Show the numbers"), "when": _("Rep"), "series": series,
              "total": _("MQLs"), "marks": ["✓", "✗", "…"][:len(series)],
              "fills": [5, 2, 3][:len(series)]}  # kept blue, missed orange, not due grey
    rows = [(_rep_name(score), getattr(score, side)) for score in by_rep
            if _counted(getattr(score, side), len(series))]
    if not rows:
        return MonthChart(title, _("No rep has an MQL of %(month)s to count here yet.",
                                   month=named), None, labels, kind="stack")
    parts = [[share.met, share.missed, share.pending][:len(series)] for _name, share in rows]
    judged = [(name, share.rate) for name, share in rows if share.rate is not None]
    if len(judged) > 1:
        best = max(judged, key=lambda pair: pair[1])
        worst = min(judged, key=lambda pair: pair[1])
        finding = most_and_least(best=best[0], high=shown_percent(best[1]), worst=worst[0],
                                 low=shown_percent(worst[1]))
    elif judged:
        finding = _("%(name)s kept the commitment in %(share)s of the cases judged.",
                    name=judged[0][0], share=shown_percent(judged[0][1]))
    else:
        finding = _("Nothing is due yet in %(month)s.", month=named)
    return MonthChart(title, finding, stacked_rows([name for name, _s in rows], parts), labels,
                      kind="stack")


def _counted(share: Share, parts: int) -> bool:
    return bool(share.met or share.missed or (parts > 2 and share.pending))


def _rep_name(score: RepScore) -> str:
    return score.rep.name if score.rep else _("Unassigned")
