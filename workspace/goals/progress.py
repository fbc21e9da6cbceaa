"""How far a goal has come and what its status should be: pure functions of plain values."""

from dataclasses import dataclass
from datetime import date

from workspace.goals.periods import Period

# Behind the period's pace by more than this share of the way: at risk; by twice it: off track.
SLACK = 0.15


@dataclass(frozen=True)
class Progress:
    current: float | None
    share: float | None  # of the way from baseline to target: 0 at the baseline, 1 at the target
    expected: float  # the share of the period elapsed: where the pace line is today
    suggested: str  # on_track, at_risk or off_track


def share_reached(baseline: float, target: float, current: float | None) -> float | None:
    """Direction-aware: a decrease goal moving down moves towards its target."""
    if current is None or target == baseline:
        return None
    return (current - baseline) / (target - baseline)


def suggest_status(share: float | None, expected: float, confidence: int | None) -> str:
    """From the pace (share reached against share of the period elapsed) and the latest
    confidence (1-5): low confidence alone makes a goal at risk, very low off track."""
    behind = expected - (share if share is not None else 0.0)
    if behind > 2 * SLACK or (confidence is not None and confidence <= 1):
        return "off_track"
    if behind > SLACK or (confidence is not None and confidence <= 2):
        return "at_risk"
    return "on_track"


def progress_of(baseline: float, target: float, current: float | None, period: Period,
                today: date, confidence: int | None) -> Progress:
    share = share_reached(baseline, target, current)
    expected = period.elapsed_share(today)
    return Progress(current, share, expected, suggest_status(share, expected, confidence))
