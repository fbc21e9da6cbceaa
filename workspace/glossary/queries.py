"""Read models of the glossary: the searchable list, one term, related terms."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import defer, lazyload

from workspace.auth.models import TEAMS
from workspace.extensions import db
from workspace.glossary.models import STATUSES, Term
from workspace.text import fold

PAGE_SIZE = 25


@dataclass
class TermPage:
    terms: list[Term]
    total: int
    page: int

    @property
    def has_more(self) -> bool:
        return self.page * PAGE_SIZE < self.total


def search_terms(query: str = "", status: str | None = None, team: str | None = None,
                 page: int = 1) -> TermPage:
    """Alphabetical, accent- and case-insensitive over name, aliases and definition."""
    conditions = []
    if query.strip():
        pattern = "%" + fold(query).replace("%", "").replace("_", "") + "%"
        conditions.append(Term.search_text.like(pattern))
    if status in STATUSES:
        conditions.append(Term.status == status)
    if team in TEAMS:
        conditions.append(Term.owner_team == team)
    total = db.session.scalar(select(func.count()).select_from(Term).where(*conditions))
    # A list row shows neither who changed the term nor the folded search text.
    terms = db.session.scalars(select(Term).where(*conditions).order_by(Term.name_key)
                               .options(lazyload(Term.updated_by), defer(Term.search_text))
                               .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return TermPage(list(terms), total or 0, page)


def term_by_slug(slug: str) -> Term | None:
    return db.session.scalar(select(Term).where(Term.slug == slug))


def term_by_name(name: str) -> Term | None:
    return db.session.scalar(select(Term).where(Term.name_key == fold(name)))


def terms_named(names: list[str]) -> dict[str, Term]:
    """Folded name -> term, for the related-terms links: one query."""
    keys = [fold(n) for n in names]
    if not keys:
        return {}
    return {t.name_key: t for t in db.session.scalars(select(Term).where(Term.name_key.in_(keys)))}


def replacement_choices(excluding: Term) -> list[Term]:
    return list(db.session.scalars(select(Term).where(Term.id != excluding.id,
                                                      Term.status != "deprecated")
                                   .order_by(Term.name_key)))


def awaiting_decision(team: str, limit: int = 8) -> tuple[list[Term], int]:
    """Open terms whose current revision has no approval from this team yet: two queries."""
    from sqlalchemy import and_, exists

    from workspace.glossary.models import TermDecision

    decided = exists().where(and_(TermDecision.term_id == Term.id,
                                  TermDecision.revision_number == Term.current_revision,
                                  TermDecision.team == team, TermDecision.approved.is_(True)))
    condition = and_(Term.status.in_(("proposed", "reapproval")), ~decided)
    total = db.session.scalar(select(func.count()).select_from(Term).where(condition)) or 0
    terms = db.session.scalars(select(Term).where(condition).order_by(Term.updated_at.desc())
                               .limit(limit))
    return list(terms), total
