"""Comparing and merging document versions: word diffs, three-way merges of fields and lines."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions ("equal"), or only in one."""

    op: str  # "equal", "insert" or "delete"
    text: str


def word_diff(old: str, new: str) -> list[Segment]:
    """Words added and removed between two texts, in reading order."""
    return list(_word_diff(old or "", new or ""))


@lru_cache(maxsize=256)
def _word_diff(old: str, new: str) -> tuple[Segment, ...]:
    # Revisions never change, and the same pair is shown again on every view of a comparison.
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(segments, "equal", "".join(old_tokens[i1:i2]))
            continue
        if i2 > i1:
            _append(segments, "delete", "".join(old_tokens[i1:i2]))
        if j2 > j1:
            _append(segments, "insert", "".join(new_tokens[j1:j2]))
    return tuple(segments)


def _append(segments: list[Segment], op: str, text: str) -> None:
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: str
    new: str

    @property
    def segments(self) -> list[Segment]:
        return word_diff(self.old, self.new)


def compare(old: dict, new: dict, fields: tuple[str, ...]) -> list[FieldChange]:
    """The fields whose text differs between two snapshots, in the document's field order."""
    return [FieldChange(name, _text(old.get(name)), _text(new.get(name)))
            for name in fields if _text(old.get(name)) != _text(new.get(name))]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value)
    return str(value)


@dataclass
class Merge:
    values: dict
    conflicts: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(base: dict, mine: dict, theirs: dict, fields: tuple[str, ...],
          long_text: frozenset[str] = frozenset()) -> Merge:
    """Three-way merge: fields one side changed merge; long text merges line by line."""
    result = Merge(values={})
    for name in fields:
        b, m, t = base.get(name), mine.get(name), theirs.get(name)
        if m == b or m == t:
            result.values[name] = t
        elif t == b:
            result.values[name] = m
        elif name in long_text and (lines := merge_lines(_text(b), _text(m), _text(t))) is not None:
            result.values[name] = lines
        else:
            result.values[name] = m
            result.conflicts.append(name)
    return result


def merge_lines(base: str, mine: str, theirs: str) -> str | None:
    """Both sides' line changes applied to the base, or None where they touch the same lines."""
    base_lines = base.splitlines(keepends=True)
    mine_changes = _line_changes(base_lines, mine.splitlines(keepends=True))
    their_changes = _line_changes(base_lines, theirs.splitlines(keepends=True))
    changes = []
    for change in sorted(set(mine_changes) | set(their_changes), key=lambda c: (c[0], c[1])):
        if changes and _overlaps(changes[-1], change):
            return None
        changes.append(change)
    merged, position = [], 0
    for start, end, replacement in changes:
        merged.extend(base_lines[position:start])
        merged.extend(replacement)
        position = end
    merged.extend(base_lines[position:])
    return "".join(merged)


def _line_changes(base: list[str], other: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    return [(i1, i2, tuple(other[j1:j2])) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"]


def _overlaps(first, second) -> bool:
    (a1, a2, _), (b1, b2, _) = first, second
    if a1 == a2 == b1 == b2:
        return True  # two insertions at the same place: their order is a human decision
    return b1 < a2 or (a1 == b1 and (a1 == a2 or b1 == b2))
