"""The filters that narrow the metrics to a source, a campaign or a rep, on any table that has
those columns (the leads, or their monthly sums)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Filters:
    source: str | None = None
    campaign: str | None = None
    rep_id: int | None = None

    def on(self, model) -> list:
        """SQL conditions on `model`'s source, campaign and assigned_to_id columns."""
        conditions = []
        if self.source:
            conditions.append(model.source == self.source)
        if self.campaign:
            conditions.append(model.campaign == self.campaign)
        if self.rep_id:
            conditions.append(model.assigned_to_id == self.rep_id)
        return conditions

    def takes(self, source: str, campaign: str) -> bool:
        """Whether leads of this source and campaign are inside the source and campaign
        filters (the rep filter aside)."""
        return (not self.source or source == self.source) and \
            (not self.campaign or campaign == self.campaign)

    def __bool__(self) -> bool:
        return bool(self.source or self.campaign or self.rep_id)


NONE = Filters()
