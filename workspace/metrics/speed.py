"""Speed to lead: how long the month's MQLs waited for their first contact, in buckets of
minutes, counted in SQL by one grouped read of the month's leads (the stored whole seconds of
leads.stats, through the month's index), whatever the number of leads."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select

from workspace.charts import bucket_chart
from workspace.extensions import db
from workspace.leads.models import Lead
from workspace.metrics.charts import MonthChart, shown_percent
from workspace.metrics.filters import NONE, Filters
from workspace.months import Month, month_name
from workspace.templating import number

EDGES = (5, 15, 30, 60, 120, 240, 480)  # minutes: each timed bucket's upper end, inclusive


@dataclass(frozen=True)
class FirstContacts:
    """The month's MQLs by minutes to first contact: `counts` has a bucket per edge (up to
    it, inclusive, from the previous one), one past the last edge, then the MQLs not
    contacted whose deadline has passed, then those still inside it (pending)."""

    edges: tuple[int, ...]
    counts: tuple[int, ...]
    threshold: int | None  # the agreed minutes, one of `edges`; None: no SLA in force

    @property
    def not_contacted(self) -> int:
        return self.counts[-2]

    @property
    def pending(self) -> int:
        return self.counts[-1]

    @property
    def contacted(self) -> tuple[int, ...]:
        return self.counts[:-2]

    @property
    def within(self) -> int:
        """Contacted within the threshold: the buckets up to it."""
        if self.threshold is None:
            return 0
        return sum(self.counts[:self.edges.index(self.threshold) + 1])

    @property
    def total(self) -> int:
        return sum(self.counts)


def edges_for(threshold: int | None) -> tuple[int, ...]:
    """The buckets' edges, the threshold among them so its line falls between two buckets."""
    return tuple(sorted({*EDGES, threshold})) if threshold else EDGES


def first_contacts(month: Month, now: datetime, threshold: int | None,
                   filters: Filters = NONE) -> FirstContacts:
    """One grouped query: each MQL handed over in the month put in its bucket by a CASE over
    its stored seconds (or, not contacted, its stored deadline against `now`)."""
    edges = edges_for(threshold)
    seconds = Lead.first_contact_seconds
    bucket = case(*((seconds <= minutes * 60, i) for i, minutes in enumerate(edges)),
                  (seconds.is_not(None), len(edges)),
                  (Lead.first_contact_due_at >= now, len(edges) + 2),
                  else_=len(edges) + 1).label("bucket")
    # grouped outside the subquery: PostgreSQL would not match the CASE's parameters twice
    leads = select(bucket).where(Lead.handoff_month == month.label, Lead.is_mql.is_(True),
                                 *filters.on(Lead)).subquery()
    counts = [0] * (len(edges) + 3)
    for index, count in db.session.execute(select(leads.c.bucket, func.count())
                                           .group_by(leads.c.bucket)):
        counts[index] = int(count)
    return FirstContacts(edges, tuple(counts), threshold)


def speed_chart(contacts: FirstContacts, month: str, previous_version, locale: str):
    """The month's first contacts as a histogram against the agreed minutes, with its finding:
    the share within them of the MQLs judged (those still inside their deadline are not)."""
    named = month_name(month, locale)
    threshold = contacts.threshold
    labels = {"numbers": _("Show the numbers"), "when": _("First contact"), "value": _("MQLs"),
              "within": _("Within the agreed %(n)s min", n=threshold) if threshold else "",
              "past": _("Later, or not contacted"), "threshold": _("The agreed deadline")}
    title = _("Speed to lead: first contact")
    if not contacts.total:
        return MonthChart(title, _("No MQLs were handed over in %(month)s.", month=named), None,
                          labels)
    names = [*bucket_names(contacts.edges), _("Not contacted"), _("Not due yet")]
    within = [*(edge <= threshold if threshold else None for edge in contacts.edges),
              False if threshold else None, False if threshold else None, None]
    kept = len(names) - (0 if contacts.pending else 1)  # the pending row only when there is one
    chart = bucket_chart(names[:kept], contacts.counts[:kept], within[:kept])
    judged = contacts.total - contacts.pending
    if threshold is None:
        finding = _("No first-contact deadline was in force in %(month)s.", month=named)
    elif not judged:
        finding = _("Every MQL of %(month)s is still inside its first-contact deadline.",
                    month=named)
    else:
        finding = ngettext(
            "%(share)s of the month's MQLs were first contacted within the agreed %(num)d "
            "minute.",
            "%(share)s of the month's MQLs were first contacted within the agreed %(num)d "
            "minutes.", threshold, share=shown_percent(contacts.within / judged))
    late = sum(contacts.contacted) - contacts.within if threshold else None
    detail = [_("%(late)s contacted later, %(none)s not contacted.", late=late,
                none=contacts.not_contacted)] if late is not None else []
    if contacts.pending:
        detail.append(ngettext("%(num)d MQL is not due yet and not counted.",
                               "%(num)d MQLs are not due yet and not counted.",
                               contacts.pending))
    if previous_version and threshold and previous_version.first_contact_minutes != threshold:
        detail.append(_("Leads handed over before this month's version took effect were held "
                        "to %(n)s minutes.", n=previous_version.first_contact_minutes))
    return MonthChart(title, finding, chart, labels, " ".join(detail), kind="buckets")


def bucket_names(edges: tuple[int, ...]) -> list[str]:
    """"0–5 min" … "4–8 h", "Over 8 h": minutes up to an hour, hours past it."""
    names, low = [], 0
    for high in edges:
        if high <= 60:
            names.append(_("%(low)s–%(high)s min", low=low, high=high))
        else:
            names.append(_("%(low)s–%(high)s h", low=number(low / 60, 1, at_most=True),
                           high=number(high / 60, 1, at_most=True)))
        low = high
    top = edges[-1]
    names.append(_("Over %(n)s h", n=number(top / 60, 1, at_most=True)) if top >= 60
                 else _("Over %(n)s min", n=top))
    return names
