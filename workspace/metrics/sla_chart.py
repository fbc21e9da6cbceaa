"""Both sides of the SLA over the twelve months, on one axis of shares, or one team's side when
the page shows only that team's."""

from collections.abc import Sequence
from dataclasses import replace

from flask_babel import gettext as _
from flask_babel import ngettext

from workspace.charts import Slot, line_chart
from workspace.i18n import N_
from workspace.metrics.catalog import metric
from workspace.metrics.charts import MonthChart, maybe_percent, shown_percent, table_labels
from workspace.metrics.filters import Filters
from workspace.metrics.sums import MonthSums, Share
from workspace.months import month_name

SIDES = ("speed", "persistence", "feedback")  # sales' shares, as the twelve months' table reads
TITLES = {None: N_("Both sides of the SLA, month by month"),
          "marketing": N_("Marketing's side of the SLA, month by month"),
          "sales": N_("Sales' side of the SLA, month by month")}
GOALS = {None: N_("100%: the target reached, every commitment kept"),
         "marketing": N_("100%: the target reached"), "sales": N_("100%: every commitment kept")}


def sla_chart(trend: Sequence[MonthSums], slots: Sequence[Slot], targets: Sequence[int | None],
              filters: Filters, locale: str, team: str | None = None) -> MonthChart:
    """Both sides of the SLA on one axis of shares: marketing's MQLs delivered as a share of the
    month's target, and sales' three shares met, so a head sees which side kept its part; with
    `team` ("marketing" or "sales"), that side alone, as the rest of the page shows it."""
    delivered = [metric("mqls_delivered").figure(row, filters).value for row in trend]
    delivery = [value / target if target else None
                for value, target in zip(delivered, targets, strict=True)]
    sides = {_("MQLs delivered, share of the target"): delivery} if team != "sales" else {}
    if team != "marketing":
        sides.update(zip((_("First contact on time"), _("Enough attempts"),
                          _("Feedback on time")),
                         ([getattr(row, side).rate for row in trend] for side in SIDES),
                         strict=True))
    title = _(TITLES[team])
    # each side keeps the look it has on the chart of both sides
    labels = {**table_labels(), "series": list(sides), "goal": _(GOALS[team]),
              "styles": {None: [1, 2, 3, 4], "marketing": [1], "sales": [2, 3, 4]}[team]}
    if not any(delivered):
        return MonthChart(title, _("No MQLs were handed over from %(first)s to %(last)s.",
                                   first=month_name(trend[0].label, locale),
                                   last=month_name(trend[-1].label, locale)), None, labels)
    finding = [] if team == "sales" else [_marketing_words(delivered, targets, filters)]
    if team != "marketing":
        finding.append(_sales_words(trend, list(sides)[-3:]))
    if all(value is None for line in sides.values() for value in line):
        return MonthChart(title, " ".join(finding), None, labels)  # no target to share against
    # beside sales' shares, the delivery share's lowest month is the finding's count in other words
    lowest = [_lowest(trend, name, rates, locale) for name, rates in sides.items()
              if team == "marketing" or rates is not delivery]
    gap = _("A month without a target leaves a gap in its line.") if team == "marketing" else \
        _("A month with no MQL judged leaves a gap in its line.")
    plain = [replace(slot, note="") for slot in slots]
    return MonthChart(title, " ".join(finding), line_chart(plain, list(sides.values())), labels,
                      " ".join([*filter(None, lowest), gap]), kind="lines")


def _marketing_words(delivered, targets, filters: Filters) -> str:
    judged = [(value, target) for value, target in zip(delivered, targets, strict=True)
              if target]
    if judged:
        return ngettext(
            "Marketing: the MQL target was reached in %(met)s of %(num)d month with a target.",
            "Marketing: the MQL target was reached in %(met)s of %(num)d months with a target.",
            len(judged), met=sum(value >= target for value, target in judged))
    if filters:
        return _("The monthly target is for all leads, not for this filter.")
    return _("No SLA target was in force in these months.")


def _sales_words(trend: Sequence[MonthSums], names: Sequence[str]) -> str:
    year = [sum((getattr(row, side) for row in trend), Share()).rate for side in SIDES]
    shares = "; ".join(f"{name} {maybe_percent(rate)}" for name, rate
                       in zip(names, year, strict=True))
    return _("Sales over the twelve months: %(shares)s.", shares=shares)


def _lowest(trend: Sequence[MonthSums], name: str, rates, locale: str) -> str:
    """The month a series was lowest in, when it has more than one to compare."""
    known = [(rate, row.label) for row, rate in zip(trend, rates, strict=True)
             if rate is not None]
    if len(known) < 2:
        return ""
    rate, label = min(known, key=lambda pair: pair[0])
    return _("%(series)s was lowest in %(month)s (%(share)s).", series=name,
             month=month_name(label, locale), share=shown_percent(rate))
