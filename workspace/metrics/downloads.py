"""The metrics page's tables as CSV rows for spreadsheets: counts as numbers, shares in whole
percent as the page rounds them, money in major units under a header naming the currency,
people by name and email, months as ISO "YYYY-MM"."""

from flask_babel import gettext as _

from workspace.csvout import major_units, whole_percent
from workspace.metrics.filters import Filters
from workspace.metrics.funnel import closed_deals
from workspace.metrics.funnel import funnel as cohort
from workspace.metrics.money import money_figures
from workspace.metrics.queries import month_scorecard, month_trend
from workspace.metrics.slices import CAMPAIGN, SOURCE
from workspace.metrics.sums import CLOSED
from workspace.months import Month


def _money_header(label: str, currency: str) -> str:
    return _("%(label)s (%(currency)s)", label=label, currency=currency)


def _percent_header(label: str) -> str:
    return _("%(label)s (%%)", label=label)


def reps(month: Month, filters: Filters, deals: str, currency: str):
    header = [_("Rep"), _("Email")]
    for title, pending in ((_("First contact on time"), True), (_("Enough attempts"), False),
                           (_("Feedback on time"), True)):
        header += [_percent_header(title), _("%(what)s: met", what=title),
                   _("%(what)s: missed", what=title)]
        header += [_("%(what)s: pending", what=title)] if pending else []
    rows = []
    for score in month_scorecard(month, filters).by_rep:
        rep = [score.rep.name, score.rep.email] if score.rep else [_("Unassigned"), ""]
        rows.append(rep + [
            whole_percent(score.speed.rate), score.speed.met, score.speed.missed,
            score.speed.pending, whole_percent(score.persistence.rate), score.persistence.met,
            score.persistence.missed, whole_percent(score.feedback.rate), score.feedback.met,
            score.feedback.missed, score.feedback.pending])
    return header, rows


def sources(month: Month, filters: Filters, deals: str, currency: str):
    header = [_("Source"), _("Campaign"), _("MQLs"), _("Accepted by sales"),
              _percent_header(_("Accepted"))]
    return header, [[source, campaign, mqls, accepted, whole_percent(accepted / mqls)]
                    for source, campaign, mqls, accepted
                    in month_scorecard(month, filters).by_source]


def funnel(month: Month, filters: Filters, deals: str, currency: str):
    if deals == CLOSED:
        header = [_("Source"), _("Campaign"), _("Deals won"), _("Deals lost"),
                  _percent_header(_("Win rate")), _money_header(_("Revenue won"), currency)]
        return header, [[r.source, r.campaign, r.won, r.lost, whole_percent(r.win_rate),
                         major_units(r.revenue, currency)] for r in closed_deals(month, filters)]
    header = [_("Source"), _("Campaign"), _("Leads"), _("MQLs"), _("SQLs"), _("Won"),
              _percent_header(_("Lead → MQL")), _percent_header(_("MQL → SQL")),
              _percent_header(_("SQL → won")), _money_header(_("Revenue won"), currency)]
    return header, [[r.source, r.campaign, r.leads, r.mqls, r.sqls, r.won,
                     whole_percent(r.rate("mqls", "leads")), whole_percent(r.rate("sqls", "mqls")),
                     whole_percent(r.rate("won", "sqls")), major_units(r.revenue, currency)]
                    for r in cohort(month, filters)]


def trend(month: Month, filters: Filters, deals: str, currency: str):
    if deals == CLOSED:
        won, revenue = _("Deals won in the month"), _("Revenue won in the month")
    else:
        won, revenue = _("Won from the month's leads"), _("Revenue won from the month's leads")
    header = [_("Month"), _("MQLs delivered"), _percent_header(_("First contact on time")),
              _percent_header(_("Enough attempts")), _percent_header(_("Feedback on time")),
              won, _money_header(revenue, currency)]
    return header, [[row.label, row.delivered, whole_percent(row.speed.rate),
                     whole_percent(row.persistence.rate), whole_percent(row.feedback.rate),
                     row.won, major_units(row.revenue, currency)]
                    for row in month_trend(month, 12, filters, deals)]


def campaigns(month: Month, filters: Filters, deals: str, currency: str):
    kinds = {CAMPAIGN: _("Campaign"), SOURCE: _("Source")}
    header = [_("Spent on"), _("Tied to"), _money_header(_("Spend"), currency), _("Leads"),
              _("MQLs"), _money_header(_("Cost per lead"), currency),
              _money_header(_("Cost per MQL"), currency)]
    return header, [[cost.channel, kinds.get(cost.kind, _("The whole company")),
                     major_units(cost.amount, currency), cost.leads, cost.mqls,
                     major_units(cost.per_lead, currency), major_units(cost.per_mql, currency)]
                    for cost in money_figures(month, filters, deals).by_campaign]


TABLES = {"reps": reps, "sources": sources, "funnel": funnel, "trend": trend,
          "campaigns": campaigns}
