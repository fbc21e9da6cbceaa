"""Both sides of the SLA over the twelve months, on one axis of shares."""

from collections.abc import Sequence
from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext

from workspace.charts import Slot, line_chart
from workspace.metrics.catalog import metric
from workspace.metrics.charts import MonthChart, maybe_percent, shown_percent, table_labels
from workspace.metrics.filters import Filters
from workspace.metrics.sums import MonthSums, Share
from workspace.months import month_name

SIDES = ("speed", "persistence", "feedback")  # sales' shares, as the twelve months' table reads



def sla_chart(trend: Sequence[MonthSums], slots: Sequence[Slot], targets: Sequence[int | None],
              filters: Filters, locale: str) -> MonthChart:
    """Both sides of the SLA on one axis of shares: marketing's MQLs delivered as a share of the
    month's target, and sales' three shares met, so a head sees which side kept its part."""
    delivered = [metric("mqls_delivered").figure(row, filters).value for row in trend]
    delivery = [value / target if target else None
                for value, target in zip(delivered, targets, strict=True)]
    sales = [[getattr(row, side).rate for row in trend] for side in SIDES]
    names = [_("MQLs delivered, share of the target"), _("First contact on time"),
             _("Enough attempts"), _("Feedback on time")]
    words = {"first": month_name(trend[0].label, locale),
             "last": month_name(trend[-1].label, locale)}
    title = _("Both sides of the SLA, month by month")
    labels = {**table_labels(), "series": names,
              "goal": _("100%: the target reached, every commitment kept")}
    if not any(delivered):
        return MonthChart(title, _("No MQLs were handed over from %(first)s to %(last)s.",
                                   **words), None, labels)
    judged = [(value, target) for value, target in zip(delivered, targets, strict=True)
              if target]
    if judged:
        marketing = ngettext(
            "Marketing: the MQL target was reached in %(met)s of %(num)d month with a target.",
            "Marketing: the MQL target was reached in %(met)s of %(num)d months with a target.",
            len(judged), met=sum(value >= target for value, target in judged))
    elif filters:
        marketing = _("The monthly target is for all leads, not for this filter.")
    else:
        marketing = _("No SLA target was in force in these months.")
    year = [sum((getattr(row, side) for row in trend), Share()).rate for side in SIDES]
    shares = "; ".join(f"{name} {maybe_percent(rate)}" for name, rate
                       in zip(names[1:], year, strict=True))
    finding = " ".join([marketing, _("Sales over the twelve months: %(shares)s.",
                                     shares=shares)])
    lowest = []
    for name, rates in zip(names[1:], sales, strict=True):
        known = [(rate, row.label) for row, rate in zip(trend, rates, strict=True)
                 if rate is not None]
        if len(known) > 1:
            rate, label = min(known, key=lambda pair: pair[0])
            lowest.append(_("%(series)s was lowest in %(month)s (%(share)s).", series=name,
                            month=month_name(label, locale), share=shown_percent(rate)))
    detail = " ".join([*lowest, _("A month with no MQL judged leaves a gap in its line.")])
    plain = [replace(slot, note="") for slot in slots]
    return MonthChart(title, finding, line_chart(plain, [delivery, *sales]), labels, detail,
                      kind="lines")
