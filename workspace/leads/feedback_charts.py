"""The feedback page's charts (workspace.charts, drawn by templates/_macros/charts.html's
chart_card): each source and campaign's ratings, 1 to 5 stars, and the reasons sales gave for
not accepting, ranked; read from the rows the page's table shows, each with its finding."""

from collections import Counter
from collections.abc import Sequence

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from workspace.charts import stacked_rows
from workspace.leads import labels as lead_labels
from workspace.leads.feedback import SourceFeedback
from workspace.metrics.charts import MonthChart, shown_percent
from workspace.months import month_name
from workspace.templating import number

TOP_REASONS = 6


def feedback_charts(rows: Sequence[SourceFeedback], ratings: dict, month: str) -> dict:
    """`ratings`: per (source, campaign), the leads rated 1 to 5 (feedback.ratings_by_source)."""
    named = month_name(month, str(get_locale()))
    return {"ratings": ratings_chart(rows, ratings, named),
            "reasons": reasons_chart(rows, named)}


def source_name(row: SourceFeedback) -> str:
    return " · ".join(part for part in (row.source or "—", row.campaign) if part)


def reason_name(code: str) -> str:
    if code.startswith("rule:"):
        return _("Does not actually meet an MQL rule")
    return _(lead_labels.REASONS[code]) if code in lead_labels.REASONS else code


def ratings_chart(rows: Sequence[SourceFeedback], ratings: dict, named: str) -> MonthChart:
    """A bar per source and campaign with ratings, split by stars, the lowest-rated first."""
    stars = [ngettext("%(num)d star", "%(num)d stars", n) for n in range(1, 6)]
    labels = {"numbers": _("Show the numbers"), "when": _("Source · campaign"),
              "series": stars, "total": _("Rated")}
    title = _("Ratings by source and campaign")
    rated = [(row, ratings[(row.source, row.campaign)]) for row in rows
             if (row.source, row.campaign) in ratings]
    if not rated:
        return MonthChart(title, _("Sales has rated no lead handed over in %(month)s yet.",
                                   month=named), None, labels, kind="stack")
    rated.sort(key=lambda pair: (_average(pair[1]), -sum(pair[1])))
    worst, counts = rated[0]
    total = sum(sum(counts) for _row, counts in rated)
    low = sum(counts[0] + counts[1] for _row, counts in rated)
    finding = _("%(low)s of the %(total)s leads sales rated were given 1 or 2 stars; "
                "%(name)s was rated lowest (%(average)s ★ on average).",
                low=shown_percent(low / total), total=number(total), name=source_name(worst),
                average=number(_average(counts), 1))
    best, top = rated[-1]
    detail = _("Lowest-rated first. The highest: %(name)s (%(average)s ★).",
               name=source_name(best), average=number(_average(top), 1)) \
        if len(rated) > 1 else ""
    chart = stacked_rows([source_name(row) for row, _counts in rated],
                         [counts for _row, counts in rated])
    return MonthChart(title, finding, chart, labels, detail, kind="stack")


def _average(counts: Sequence[int]) -> float:
    return sum(stars * n for stars, n in enumerate(counts, start=1)) / max(sum(counts), 1)


def reasons_chart(rows: Sequence[SourceFeedback], named: str) -> MonthChart:
    """The reasons given for not accepting, most frequent first, the month's sources together;
    the finding names where the first one came from most."""
    labels = {"numbers": _("Show the numbers"), "when": _("Reason"),
              "series": [_("Not accepted")]}
    title = _("Why sales did not accept")
    counts = Counter()
    for row in rows:
        for code, count in row.reasons:
            counts[reason_name(code)] += count
    if not counts:
        return MonthChart(title, _("Sales gave no reason for not accepting a lead of "
                                   "%(month)s.", month=named), None, labels, kind="stack")
    ranked = counts.most_common()
    top, top_count = ranked[0]
    by_source = max(rows, key=lambda row: sum(n for code, n in row.reasons
                                              if reason_name(code) == top))
    share = sum(n for code, n in by_source.reasons if reason_name(code) == top)
    finding = _("The most given reason for not accepting: %(reason)s, %(count)s of %(total)s, "
                "%(share)s of them from %(name)s.", reason=top, count=number(top_count),
                total=number(sum(counts.values())), share=number(share),
                name=source_name(by_source))
    kept = ranked[:TOP_REASONS]
    detail = _("The table below lists each source's first three.") \
        if len(ranked) <= TOP_REASONS else \
        _("The %(n)s most given; the table below lists each source's first three.",
          n=TOP_REASONS)
    chart = stacked_rows([name for name, _n in kept], [[n] for _name, n in kept])
    return MonthChart(title, finding, chart, labels, detail, kind="stack")
