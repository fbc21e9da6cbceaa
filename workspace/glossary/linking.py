"""Glossary terms found in text: links in rendered HTML, and "where used" from stored text.

Matching ignores case and accents, needs whole words, prefers the longest phrase ("lead
scoring" over "lead"), and links a term once per paragraph, never inside code or links.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.text import fold

BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd"}
NO_LINKS = {"a", "code", "pre"}


@dataclass(frozen=True)
class Entry:
    slug: str
    name: str
    hint: str


@dataclass(frozen=True)
class TermMatcher:
    pattern: re.Pattern | None
    entries: dict[str, Entry]  # folded phrase -> term

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, end, term) of each whole-word match in the original text."""
        if self.pattern is None or not text:
            return []
        folded, origin = _folded_with_positions(text)
        found = []
        for match in self.pattern.finditer(folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            found.append((start, end, self.entries[match.group(0)]))
        return found


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in fold(char) if not char.isspace() else " ":
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def current_matcher() -> TermMatcher:
    """The matcher for the glossary as it is now; rebuilt only when a term changes."""
    from workspace.glossary.models import Term

    version = db.session.execute(select(func.count(Term.id), func.max(Term.updated_at))).one()
    return _build(tuple(version))


@lru_cache(maxsize=4)
def _build(version: tuple) -> TermMatcher:
    from workspace.glossary.models import Term

    entries: dict[str, Entry] = {}
    rows = db.session.execute(select(Term.slug, Term.name, Term.aliases, Term.definition))
    for slug, name, aliases, definition in rows:
        entry = Entry(slug, name, _hint(definition))
        for phrase in [name, *(aliases or "").splitlines()]:
            key = fold(phrase)
            if len(key) >= 2 and key not in entries:
                entries[key] = entry
    if not entries:
        return TermMatcher(None, {})
    phrases = sorted(entries, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)")
    return TermMatcher(pattern, entries)


def _hint(definition: str) -> str:
    plain = re.sub(r"[*_`#>\[\]]", "", definition or "")
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain if len(plain) <= 160 else plain[:157].rsplit(" ", 1)[0] + "…"


def terms_mentioned(text: str, matcher: TermMatcher) -> set[str]:
    """Slugs of the terms a text mentions."""
    return {entry.slug for _, _, entry in matcher.find(text or "")}


class _Linker(HTMLParser):
    def __init__(self, matcher: TermMatcher, skip_slug: str | None, ids):
        super().__init__(convert_charrefs=True)
        self.matcher, self.skip_slug, self.ids = matcher, skip_slug, ids
        self.out: list[str] = []
        self.open: list[str] = []
        self.linked_here: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.linked_here = set()
        self.open.append(tag)
        self.out.append(_tag(tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.out.append(_tag(tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if NO_LINKS & set(self.open):
            self.out.append(escape(data, quote=False))
            return
        position = 0
        for start, end, entry in self.matcher.find(data):
            if entry.slug == self.skip_slug or entry.slug in self.linked_here:
                continue
            self.linked_here.add(entry.slug)
            self.out.append(escape(data[position:start], quote=False))
            tip = next(self.ids)
            self.out.append(
                f'<a href="/glossary/{escape(entry.slug)}" class="term-link" '
                f'aria-describedby="{tip}">{escape(data[start:end], quote=False)}</a>'
                f'<span class="term-tip" role="tooltip" id="{tip}">'
                f"<strong>{escape(entry.name)}</strong>: {escape(entry.hint)}</span>")
            position = end
        self.out.append(escape(data[position:], quote=False))


def _tag(tag: str, attrs) -> str:
    rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
    return f"<{tag}{rendered}>"


def link_terms(html: str, matcher: TermMatcher, skip_slug: str | None, ids) -> str:
    """The same HTML with glossary terms linked; `ids` yields unique tooltip ids."""
    if matcher.pattern is None:
        return html
    linker = _Linker(matcher, skip_slug, ids)
    linker.feed(html)
    linker.close()
    return "".join(linker.out)
