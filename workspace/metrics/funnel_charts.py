"""The month's funnel of hand-offs, or its deals closed, from the funnel card's own totals."""

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from itertools import pairwise

from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from workspace import clock
from workspace.charts import bucket_chart
from workspace.metrics.charts import (
    CLOSE_DAYS,
    MonthChart,
    following_month,
    maybe_percent,
    shown_percent,
    table_labels,
)
from workspace.metrics.funnel import ClosedRow, FunnelRow
from workspace.months import month_name
from workspace.templating import money, number

READOUT_END = 120  # room after a stage's bar for its count and conversion ("1,234 · 100%")


def funnel_chart(total: FunnelRow, month: str) -> MonthChart:
    """The month's hand-offs as far as each has come, from the funnel card's own totals: a bar
    per stage, each step's conversion at its end and in words, the weakest step named."""
    locale = str(get_locale())
    named = month_name(month, locale)
    stages = [(_("Leads"), "leads"), ("MQL", "mqls"), ("SQL", "sqls"), (_("Won"), "won")]
    steps = [_("Lead → MQL"), _("MQL → SQL"), _("SQL → won")]
    labels = {**table_labels(), "when": _("Stage"), "value": _("Leads"),
              "share": _("Conversion from the stage before")}
    title = _("Funnel of the leads handed over in %(month)s", month=named)
    if not total.leads:
        return MonthChart(title, _("No leads were handed over in %(month)s.", month=named),
                          None, labels, kind="buckets")
    rates = [total.rate(after, before) for (_n, before), (_m, after) in pairwise(stages)]
    counts = [getattr(total, key) for _n, key in stages]
    labels["shares"] = [None, *rates]
    labels["readouts"] = [number(total.leads), *(f"{number(n)} · {maybe_percent(rate)}"
                                                 for n, rate in zip(counts[1:], rates,
                                                                    strict=True))]
    labels["spoken"] = _spoken(counts, _leads, [None, *steps], labels["shares"])
    finding = [ngettext("Of the %(num)d lead handed over in %(month)s, %(won)s won so far.",
                        "Of the %(num)d leads handed over in %(month)s, %(won)s won so far.",
                        total.leads, month=named, won=number(total.won))]
    young = following_month(month) + timedelta(CLOSE_DAYS) > clock.now().date()
    known = [(rate, step) for step, rate in zip(steps, rates, strict=True)
             if rate is not None and not (young and step == steps[-1])]
    if known:
        rate, step = min(known, key=lambda pair: pair[0])
        finding.append(_("The weakest step: %(step)s, %(share)s.", step=step,
                         share=shown_percent(rate)))
    detail = []
    for step, ((_n, before), (_m, after)), rate in zip(steps, pairwise(stages), rates,
                                                       strict=True):
        detail.append(_("%(step)s: %(share)s, %(n)s of %(of)s.", step=step,
                        share=shown_percent(rate), n=number(getattr(total, after)),
                        of=number(getattr(total, before))) if rate is not None else
                      _("%(step)s: no figure, none reached the stage before.", step=step))
    if young:
        detail.append(_("%(step)s is still filling in: these deals have had less than %(days)s "
                        "days to close.", step=steps[-1], days=CLOSE_DAYS))
    chart = bucket_chart([name for name, _k in stages], counts, [True] * len(stages),
                         end=READOUT_END)
    return MonthChart(title, " ".join(finding), chart, labels, " ".join(detail), kind="buckets")



def closed_chart(total: ClosedRow, month: str) -> MonthChart:
    """The deals closed in the month, from the card's own totals: closed, won and lost as
    bars, won solid and lost hollow, the win rate in words."""
    locale = str(get_locale())
    named = month_name(month, locale)
    labels = {**table_labels(), "when": _("Deals"), "value": _("Deals"),
              "share": _("Share of the deals closed")}
    title = _("Deals closed in %(month)s", month=named)
    if not total.closed:
        return MonthChart(title, _("No deal was closed in %(month)s.", month=named), None,
                          labels, kind="buckets")
    shares = [total.won / total.closed, total.lost / total.closed]
    labels["shares"] = [None, *shares]
    labels["readouts"] = [number(total.closed), *(f"{number(n)} · {shown_percent(share)}"
                                                  for n, share in zip((total.won, total.lost),
                                                                      shares, strict=True))]
    labels["spoken"] = _spoken([total.closed, total.won, total.lost], _deals,
                               [None, *[labels["share"].lower()] * 2], labels["shares"])
    finding = ngettext(
        "%(won)s of the %(num)d deal closed in %(month)s was won: a win rate of %(share)s.",
        "%(won)s of the %(num)d deals closed in %(month)s were won: a win rate of %(share)s.",
        total.closed, won=number(total.won), month=named, share=shown_percent(shares[0]))
    chart = bucket_chart([_("Deals closed"), _("Deals won"), _("Deals lost")],
                         [total.closed, total.won, total.lost], [None, True, False],
                         end=READOUT_END)
    return MonthChart(title, finding, replace(chart, threshold_y=None), labels,
                      _("Revenue won: %(amount)s.", amount=money(total.revenue)),
                      kind="buckets")



def _spoken(counts, counted: Callable[[int], str], steps, shares) -> list[str]:
    """Each stage's figures for its accessible name: "62 leads, MQL → SQL 59%"."""
    return [counted(n) + (f", {step} {shown_percent(share)}" if share is not None else "")
            for n, step, share in zip(counts, steps, shares, strict=True)]


def _leads(n: int) -> str:
    return ngettext("%(count)s lead", "%(count)s leads", n, count=number(n))


def _deals(n: int) -> str:
    return ngettext("%(count)s deal", "%(count)s deals", n, count=number(n))
