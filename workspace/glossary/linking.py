"""Glossary terms found in text: links in rendered HTML, and "where used" from stored text.

Matching ignores case, accents and punctuation between words, needs whole words, prefers the
longest phrase ("lead scoring" over "lead"), and links a term once per paragraph, never inside
code or links.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

from sqlalchemy import func, select

from workspace.extensions import db
from workspace.text import fold

BLOCKS = {"p", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "dd"}
NO_LINKS = {"a", "code", "pre"}
LINKED_PER_MATCHER = 512  # linked texts kept per glossary version


@dataclass(frozen=True)
class Entry:
    slug: str
    name: str
    hint: str


_WORD = re.compile(r"\w+")


def phrase_key(phrase: str) -> str:
    """Folded words joined by one space: how phrases and text are compared."""
    return " ".join(_WORD.findall(fold(phrase)))


@dataclass(frozen=True)
class TermMatcher:
    entries: dict[str, Entry]  # phrase key -> term
    longest: int  # words in the longest phrase
    # (html, skip slug) -> linked HTML cut where tooltip ids go; dropped with the matcher when
    # a term changes, so a cached text never misses a new or renamed term.
    linked: dict[tuple[str, str | None], tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False)

    def find(self, text: str) -> list[tuple[int, int, Entry]]:
        """(start, end, term) of each match in the original text, longest phrase first.

        A dictionary lookup of word n-grams: the cost grows with the text, not the glossary.
        """
        if not self.entries or not text:
            return []
        folded, origin = _folded_with_positions(text)
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(folded)]
        found, index = [], 0
        while index < len(words):
            for size in range(min(self.longest, len(words) - index), 0, -1):
                key = " ".join(word for word, _, _ in words[index:index + size])
                entry = self.entries.get(key)
                if entry is not None:
                    start, end = words[index][1], words[index + size - 1][2]
                    found.append((origin[start], origin[end - 1] + 1, entry))
                    index += size
                    break
            else:
                index += 1
        return found


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the position it came from."""
    if text.isascii():
        return text.lower(), list(range(len(text)))
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in _fold_char(char):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return " " if char.isspace() else fold(char)


def current_matcher() -> TermMatcher:
    """The matcher for the glossary as it is now; rebuilt only when a term changes."""
    return _build(glossary_version())


def glossary_version() -> tuple:
    """Changes whenever a term's words change: terms only change through a new revision.

    The number of terms and the newest revision, found through primary keys whatever the
    glossary's size; the revision's time tells apart an id SQLite reuses after a rollback.
    """
    from workspace.glossary.models import Term, TermRevision

    terms = select(func.count()).select_from(Term).scalar_subquery()
    newest = db.session.execute(select(terms, TermRevision.id, TermRevision.created_at)
                                .order_by(TermRevision.id.desc()).limit(1)).first()
    return tuple(newest) if newest else (0,)


@lru_cache(maxsize=4)
def _build(version: tuple) -> TermMatcher:
    from workspace.glossary.models import Term

    entries: dict[str, Entry] = {}
    rows = db.session.execute(select(Term.slug, Term.name, Term.aliases, Term.definition))
    for slug, name, aliases, definition in rows:
        entry = Entry(slug, name, _hint(definition))
        for phrase in [name, *(aliases or "").splitlines()]:
            key = phrase_key(phrase)
            if len(key) >= 2 and key not in entries:
                entries[key] = entry
    longest = max((key.count(" ") + 1 for key in entries), default=0)
    return TermMatcher(entries, longest)


def _hint(definition: str) -> str:
    plain = re.sub(r"[*_`#>\[\]]", "", definition or "")
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain if len(plain) <= 160 else plain[:157].rsplit(" ", 1)[0] + "…"


def terms_mentioned(text: str, matcher: TermMatcher) -> set[str]:
    """Slugs of the terms a text mentions."""
    return {entry.slug for _, _, entry in matcher.find(text or "")}


class _Linker(HTMLParser):
    """Collects the linked HTML in pieces; each link's tooltip id goes between two of them."""

    def __init__(self, matcher: TermMatcher, skip_slug: str | None):
        super().__init__(convert_charrefs=True)
        self.matcher, self.skip_slug = matcher, skip_slug
        self.pieces: list[str] = []
        self.out: list[str] = []
        self.open: list[str] = []
        self.linked_here: set[str] = set()

    def cut(self) -> None:
        self.pieces.append("".join(self.out))
        self.out = []

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
            self.out.append(f'<a href="/glossary/{escape(entry.slug)}" class="term-link" '
                            'aria-describedby="')
            self.cut()
            self.out.append(f'">{escape(data[start:end], quote=False)}</a>'
                            '<span class="term-tip" role="tooltip" id="')
            self.cut()
            self.out.append(f'"><strong>{escape(entry.name)}</strong>: {escape(entry.hint)}</span>')
            position = end
        self.out.append(escape(data[position:], quote=False))


def _tag(tag: str, attrs) -> str:
    rendered = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
    return f"<{tag}{rendered}>"


def _linked_pieces(html: str, matcher: TermMatcher, skip_slug: str | None) -> tuple[str, ...]:
    linker = _Linker(matcher, skip_slug)
    linker.feed(html)
    linker.close()
    linker.cut()
    return tuple(linker.pieces)


def link_terms(html: str, matcher: TermMatcher, skip_slug: str | None, ids) -> str:
    """The same HTML with glossary terms linked; `ids` yields unique tooltip ids."""
    if not matcher.entries:
        return html
    key = (html, skip_slug)
    pieces = matcher.linked.get(key)
    if pieces is None:
        pieces = _linked_pieces(html, matcher, skip_slug)
        if len(matcher.linked) < LINKED_PER_MATCHER:
            matcher.linked[key] = pieces
    out = [pieces[0]]
    for index in range(1, len(pieces), 2):  # a link: its id, then the same id on its tooltip
        tip = next(ids)
        out += (tip, pieces[index], tip, pieces[index + 1])
    return "".join(out)
