"""What needs me now: each area registers providers (`areas.add_home`); home shows them."""

from dataclasses import dataclass


@dataclass
class Need:
    title: str
    items: list[tuple[str, str]]  # label, url
    total: int
    more_url: str


def first_and_total(query, limit: int) -> tuple[list, int]:
    """The first `limit` rows of an ORM select and how many it has in all, in one query (a
    window count on each row): home asks this of every card it shows."""
    from sqlalchemy import func

    from workspace.extensions import db

    rows = db.session.execute(query.add_columns(func.count().over().label("total"))
                              .limit(limit)).all()
    return [row[0] for row in rows], rows[0].total if rows else 0
