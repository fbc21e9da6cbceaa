"""What the SLA asks of a person on home, and what it tells the workspace settings."""

from flask import url_for
from flask_babel import gettext as _

from workspace.home.needs import Need


def signatures_waiting(user) -> Need | None:
    from workspace.sla.services import waiting_for_signature

    versions = waiting_for_signature(user)
    if not versions:
        return None
    return Need(_("Your signature is waiting"),
                [(_("SLA version %(n)s", n=v.number), url_for("sla.show", number=v.number))
                 for v in versions], len(versions), url_for("sla.index"))


def broken_record(user) -> Need | None:
    """Everyone sees it first on home when the SLA's signed record no longer adds up."""
    from workspace.sla.verification import verify

    report = verify()
    if report.ok:
        return None
    return Need(_("Tampering detected in the SLA's signed record"),
                [(problem.words(), url_for("sla.show", number=problem.version)
                  if problem.version and problem.kind != "version_missing"
                  else url_for("sla.index")) for problem in report.breaks[:6]],
                len(report.breaks), url_for("sla.index"))


def holds_money() -> bool:
    """Any version whose MQL rules compare a money field: its thresholds are in cents."""
    from sqlalchemy import select

    from workspace.extensions import db
    from workspace.sla.models import AgreementVersion
    from workspace.sla.rules import FIELDS, MONEY

    return any(FIELDS.get(rule.get("field"), ("",))[0] == MONEY
               for rules in db.session.scalars(select(AgreementVersion.mql_rules))
               for rule in rules or [])
