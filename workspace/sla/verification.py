"""Does each SLA version still prove itself? Its content against its hash, every signature
against that hash and the log, its status and start against the log; and the log's links.

Read on every SLA page, on home and in the API, and by `flask verify-agreements`.
"""

import json
from dataclasses import dataclass, field

from flask_babel import gettext as _

from workspace.auth.models import TEAMS
from workspace.sla.chain import GENESIS, entries, link_hash, moment
from workspace.sla.hashing import content_hash
from workspace.sla.models import AgreementEvent, AgreementVersion, Signature


@dataclass(frozen=True)
class Break:
    """One thing that no longer adds up: of a version (`version`) or of the log (`position`)."""

    kind: str
    version: int | None = None
    team: str | None = None
    position: int | None = None

    def words(self) -> str:
        team = {"marketing": _("Marketing"), "sales": _("Sales")}.get(self.team or "", "")
        n, p = self.version, self.position
        return {
            "content": lambda: _("Version %(n)s: its content no longer matches its hash.", n=n),
            "hash": lambda: _("Version %(n)s: its hash is not the one taken when it was "
                              "proposed.", n=n),
            "status": lambda: _("Version %(n)s: its status is not the one the agreement log "
                                "records.", n=n),
            "effective": lambda: _("Version %(n)s: when it takes effect is not what was signed.",
                                   n=n),
            "signature_hash": lambda: _("Version %(n)s: the %(team)s signature binds other "
                                        "content than the version holds.", n=n, team=team),
            "signature_missing": lambda: _("Version %(n)s: the %(team)s signature is missing.",
                                           n=n, team=team),
            "signature_unlogged": lambda: _("Version %(n)s: the %(team)s signature is not the one "
                                            "the agreement log records.", n=n, team=team),
            "version_missing": lambda: _("Version %(n)s is in the agreement log but no longer "
                                         "in the database.", n=n),
            "chain_entry": lambda: _("Agreement log entry %(p)s has been altered.", p=p),
            "chain_link": lambda: _("Agreement log entry %(p)s does not follow the entry before "
                                    "it.", p=p),
            "chain_gap": lambda: _("Agreement log entries before entry %(p)s are missing.", p=p),
        }[self.kind]()


@dataclass
class Report:
    breaks: list[Break]
    log: list[AgreementEvent]

    @property
    def entries(self) -> int:
        return len(self.log)

    @property
    def head(self) -> str:
        """The last entry's hash: written down (print, CLI), it shows a log rewritten whole."""
        return self.log[-1].entry_hash if self.log else GENESIS

    def events_of(self, number: int) -> list[dict]:
        """A version's entries as the log states them, each with its position and hash."""
        return [{**_parsed(entry.body), "entry_hash": entry.entry_hash} for entry in self.log
                if entry.version_number == number]

    @property
    def ok(self) -> bool:
        return not self.breaks

    @property
    def chain_breaks(self) -> list[Break]:
        return [b for b in self.breaks if b.position is not None]

    def of_version(self, number: int) -> list[Break]:
        return [b for b in self.breaks if b.version == number]

    def intact(self, number: int) -> bool:
        """Its own record adds up, and so does the log that testifies for it."""
        return not self.of_version(number) and not self.chain_breaks

    @property
    def broken_versions(self) -> set[int]:
        return {b.version for b in self.breaks if b.version is not None}


@dataclass
class _Logged:
    """What the log says happened to one version."""

    proposed: dict | None = None
    signed: dict[str, dict] = field(default_factory=dict)
    withdrawn: dict | None = None
    took_effect: dict | None = None

    @property
    def status(self) -> str:
        if self.withdrawn:
            return "withdrawn"
        if self.took_effect:
            return "signed"
        return "proposed" if self.proposed else "draft"


def verify(versions: list[AgreementVersion] | None = None) -> Report:
    """Every version (all of them, loaded with their signatures) and the whole log."""
    from workspace.sla.services import all_versions

    versions = all_versions() if versions is None else versions
    log = entries()
    breaks = _chain_breaks(log)
    logged = _what_the_log_says(log)
    numbers = {version.number for version in versions}
    breaks += [Break("version_missing", number) for number in sorted(set(logged) - numbers)]
    for version in sorted(versions, key=lambda v: v.number):
        breaks += _version_breaks(version, logged.get(version.number, _Logged()))
    return Report(breaks, log)


def _chain_breaks(log: list[AgreementEvent]) -> list[Break]:
    breaks, prev_hash, expected = [], GENESIS, 1
    for entry in log:
        body = _parsed(entry.body)
        if entry.position != expected:
            breaks.append(Break("chain_gap", position=entry.position))
        elif entry.prev_hash != prev_hash:
            breaks.append(Break("chain_link", position=entry.position))
        if link_hash(entry.prev_hash, entry.body) != entry.entry_hash or (
                body.get("position"), body.get("event"), body.get("version")) != (
                entry.position, entry.event, entry.version_number):
            breaks.append(Break("chain_entry", position=entry.position))
        prev_hash, expected = entry.entry_hash, entry.position + 1
    return breaks


def _what_the_log_says(log: list[AgreementEvent]) -> dict[int, _Logged]:
    logged: dict[int, _Logged] = {}
    for entry in log:
        body = _parsed(entry.body)
        facts = logged.setdefault(entry.version_number, _Logged())
        if entry.event == "signed":
            facts.signed[body.get("team")] = body
        elif entry.event in ("proposed", "withdrawn", "took_effect"):
            setattr(facts, entry.event, body)
    return logged


def _version_breaks(version: AgreementVersion, logged: _Logged) -> list[Break]:
    n, found = version.number, []
    if version.status != logged.status:
        found.append(Break("status", n))
    if (version.content_hash is not None or version.status != "draft") and \
            content_hash(version) != version.content_hash:
        found.append(Break("content", n))
    if logged.proposed and logged.proposed.get("content_hash") != version.content_hash:
        found.append(Break("hash", n))
    rows = {signature.team: signature for signature in version.signatures}
    for team, signature in sorted(rows.items()):
        if not signature.matches(version):
            found.append(Break("signature_hash", n, team))
        if not _logged_as(signature, logged.signed.get(team)):
            found.append(Break("signature_unlogged", n, team))
    required = set(logged.signed)
    if "signed" in (version.status, logged.status):
        required |= set(TEAMS)  # one signature per team, as the signing rules say
    found += [Break("signature_missing", n, team) for team in sorted(required - set(rows))]
    effective = (logged.took_effect or {}).get("effective_from")
    if moment(version.effective_from) != effective:
        found.append(Break("effective", n))
    return found


def _logged_as(signature: Signature, body: dict | None) -> bool:
    return body is not None and (body.get("content_hash"), body.get("at"),
                                 body.get("user_id")) == (
        signature.content_hash, moment(signature.signed_at), signature.user_id)


def _parsed(body: str) -> dict:
    try:
        parsed = json.loads(body)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
