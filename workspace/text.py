"""Text keys: accent- and case-insensitive matching, URL slugs."""

import re
import unicodedata

# Characters no person types and PostgreSQL or a page cannot hold (NUL among them); tab, line
# feed and carriage return stay allowed.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control_characters(text: str | None) -> bool:
    return bool(text) and CONTROL_CHARACTERS.search(text) is not None


def fold(text: str | None) -> str:
    """'Calificación' and 'calificacion' fold to the same key."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "term"
