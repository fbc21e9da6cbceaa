"""The money over the twelve months: spend and revenue won with their ROI, CAC beside the
average deal for the month, and who brought the revenue won (marketing, sales, both)."""

from collections.abc import Sequence

from babel.numbers import get_currency_symbol
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import case, func, select

from workspace.charts import PANEL_BOX, Slot, bar_chart, line_chart, paired_bars, stacked_bars
from workspace.metrics.catalog import metric
from workspace.metrics.charts import (
    MonthChart,
    maybe_percent,
    month_slots,
    shown_percent,
    table_labels,
)
from workspace.metrics.filters import Filters
from workspace.metrics.money import Money
from workspace.metrics.period import Period
from workspace.metrics.sums import CLOSED, MonthSums, won_in
from workspace.months import month_name
from workspace.templating import current_workspace, money, money_float, number


def money_charts(trend: Sequence[MonthSums], filters: Filters, money_now: Money,
                 closed: bool) -> dict:
    """Spend and revenue won over the trend's months with their ROI in a small chart under
    them, and the month's CAC beside its average deal; amounts on the axis in thousands of the
    workspace's currency."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], [None] * len(trend), locale)  # no notes
    unit = _("Thousands of %(currency)s",
             currency=get_currency_symbol(current_workspace().currency, locale))
    return {"flows": _flows_chart(trend, slots, filters, closed, unit, locale),
            "cac": _cac_chart(money_now, trend[-1].label, unit, locale)}



def thousands(cents: float) -> str:
    return number(cents / 100_000, 1, at_most=True)



def _flows_chart(trend, slots, filters, closed: bool, unit: str, locale: str) -> MonthChart:
    spent = [money.spend if money.spend_available else None
             for money in (Money.of(row, filters) for row in trend)]
    won = [metric("revenue_won").figure(row, filters).value for row in trend]
    rois = [metric("roi").figure(row, filters).value for row in trend]
    words = {"first": month_name(trend[0].label, locale),
             "last": month_name(trend[-1].label, locale)}
    labels = {**table_labels(), "series": [_("Spend"), _("Revenue won"), _("ROI")],
              "unit": unit, "percent": maybe_percent}
    title = _("Spend, revenue won and ROI, month by month")
    if not any(spent) and not any(won):
        return MonthChart(title, _("No spend was entered and no deal was won from %(first)s to "
                                   "%(last)s.", **words), None, labels, kind="pairs")
    finding = _("%(revenue)s won against %(spend)s spent from %(first)s to %(last)s.",
                revenue=money(sum(won)), spend=money(sum(v for v in spent if v)), **words)
    detail = [_("Deals closed in each month.") if closed else
              _("Deals won from each month's leads so far.")]
    if any(won):
        best = max(range(len(won)), key=lambda i: (won[i], i))
        detail.append(_("The most won in %(month)s (%(amount)s).", amount=money(won[best]),
                        month=month_name(trend[best].label, locale)))
    if None in spent:
        detail.append(_("Spend is not available for this filter where no bar is drawn."))
    detail.append(_roi_words(trend, rois, locale, words))
    if any(roi is not None for roi in rois):
        labels["panel"] = line_chart(slots, [rois], top=0.0, floor=-1.0, box=PANEL_BOX)
    return MonthChart(title, finding, paired_bars(slots, spent, won), labels, " ".join(detail),
                      kind="pairs", shown=money, tick=thousands)



def _roi_words(trend, rois, locale: str, words: dict) -> str:
    """ROI over the months with spend: how often positive, the highest, those below zero."""
    known = [(row.label, roi) for row, roi in zip(trend, rois, strict=True) if roi is not None]
    if not known:
        return _("ROI needs spend: none is available from %(first)s to %(last)s.", **words)
    sentences = [ngettext("ROI was positive in %(positive)s of %(num)d month with spend.",
                          "ROI was positive in %(positive)s of %(num)d months with spend.",
                          len(known), positive=sum(1 for label, roi in known if roi > 0))]
    best = max(known, key=lambda pair: pair[1])
    sentences.append(_("The highest: %(roi)s in %(month)s.", roi=shown_percent(best[1]),
                       month=month_name(best[0], locale)))
    below = [f"{month_name(label, locale)} ({shown_percent(roi)})" for label, roi in known
             if roi < 0]
    if below:
        sentences.append(_("Below zero, spend not yet earned back: %(months)s.",
                           months=", ".join(below)))
    return " ".join(sentences)



def _cac_chart(money_now: Money, month: str, unit: str, locale: str) -> MonthChart:
    named = month_name(month, locale)
    cac, deal = money_now.cac, money_now.average_deal
    labels = {**table_labels(), "value": _("Amount"), "when": _("Figure"), "unit": unit}
    title = _("CAC beside the average deal")
    if not money_now.won:
        finding = _("No customer was won in %(month)s: no CAC or average deal.", month=named)
    elif cac is None:
        finding = _("CAC is not available for %(month)s: no spend to divide, or none for this "
                    "filter.", month=named)
    elif deal >= cac:
        finding = _("An average deal brought %(times)s times what winning a customer cost "
                    "(%(deal)s against a CAC of %(cac)s).", times=number(deal / cac, 1),
                    deal=money_float(deal), cac=money_float(cac))
    else:
        finding = _("Winning a customer cost %(cac)s, more than the %(deal)s an average deal "
                    "brought.", cac=money_float(cac), deal=money_float(deal))
    if cac is None:
        return MonthChart(title, finding, None, labels)
    slots = [Slot(_("CAC"), _("CAC")), Slot(_("Average deal"), _("Average deal"))]
    return MonthChart(title, finding, bar_chart(slots, [cac, deal], [None, None]), labels,
                      shown=money_float, tick=thousands)

CREDITS = ("marketing", "sales", "both")


def credit_by_month(period: Period, filters: Filters, deals: str) -> list[dict[str, int]]:
    """Revenue won in each month of the period by credit (marketing, sales, both), counting the
    deals the page counts: one grouped query, read as money.money_figures reads one month's."""
    from workspace.extensions import db
    from workspace.leads.models import Lead

    which = case(*((Lead.closed_at < month.end, month.label) for month in period.months)) \
        if deals == CLOSED else Lead.handoff_month
    won = select(which.label("month"), Lead.attribution, Lead.deal_value).where(
        *won_in(period, deals), *filters.on(Lead)).subquery()
    by_month: dict[str, dict[str, int]] = {label: {} for label in period.labels}
    for label, credit, cents in db.session.execute(
            select(won.c.month, won.c.attribution, func.sum(won.c.deal_value))
            .group_by(won.c.month, won.c.attribution)):
        if credit and label in by_month:
            by_month[label][credit] = int(cents or 0)
    return [by_month[label] for label in period.labels]



def attribution_title() -> str:
    return _("Who brought the revenue won, month by month")


def attribution_chart(trend: Sequence[MonthSums], credits: Sequence[dict[str, int]],
                      closed: bool) -> MonthChart:
    """Revenue won in each month split by who brought it, stacked: marketing, sales, both."""
    locale = str(get_locale())
    slots = month_slots([row.label for row in trend], [None] * len(trend), locale)
    parts = [[month.get(credit, 0) for credit in CREDITS] for month in credits]
    words = {"first": month_name(trend[0].label, locale),
             "last": month_name(trend[-1].label, locale)}
    labels = {**table_labels(), "series": [_("Marketing"), _("Sales"), _("Both")],
              "total": _("Total"),
              "unit": _("Thousands of %(currency)s",
                        currency=get_currency_symbol(current_workspace().currency, locale))}
    title = attribution_title()
    totals = [sum(row) for row in parts]
    if not any(totals):
        return MonthChart(title, _("No deal with a credit was won from %(first)s to %(last)s.",
                                   **words), None, labels, kind="stacked")
    year = [sum(row[i] for row in parts) for i in range(len(CREDITS))]
    finding = _("From %(first)s to %(last)s, marketing brought %(marketing)s of the credited "
                "revenue won, sales %(sales)s and both together %(both)s.", **words,
                **{credit: shown_percent(part / sum(year))
                   for credit, part in zip(CREDITS, year, strict=True)})
    best = max(range(len(totals)), key=lambda i: (totals[i], i))
    detail = [_("Deals closed in each month.") if closed else
              _("Deals won from each month's leads so far."),
              _("The most won in %(month)s (%(amount)s).", amount=money(totals[best]),
                month=month_name(trend[best].label, locale))]
    uncredited = sum(row.revenue for row in trend) - sum(year)
    if uncredited > 0:
        detail.append(_("%(amount)s won without a credit is left out.",
                        amount=money(uncredited)))
    return MonthChart(title, finding, stacked_bars(slots, parts), labels, " ".join(detail),
                      kind="stacked", shown=money, tick=thousands)
