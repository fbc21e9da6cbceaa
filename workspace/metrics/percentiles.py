"""Nearest-rank percentiles (DESIGN.md), with window functions: the same SQL on both databases.
The scorecard's first contact, the feedback page's median per source and the sales cycle all
rank this way."""

from sqlalchemy import case, func, select


def nearest_rank(value, where: list, percents: tuple[int, ...], by: tuple = ()):
    """A query of `by`'s columns and, for each group, the value at each of `percents`: the value
    at the smallest rank r (1 for the smallest value) with r >= total * p / 100. Values grow
    with the rank, so that is the smallest value past the threshold: one pass for all."""
    partition = by or None
    ranked = select(*by, value.label("value"),
                    func.row_number().over(partition_by=partition, order_by=value).label("rank"),
                    func.count().over(partition_by=partition).label("total")).where(
        value.is_not(None), *where).subquery()
    groups = [ranked.c[column.key] for column in by]
    return select(*groups, *(func.min(case((ranked.c.rank * 100 >= ranked.c.total * percent,
                                            ranked.c.value))) for percent in percents)
                  ).group_by(*groups)
