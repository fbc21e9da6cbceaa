"""Text keys: accent- and case-insensitive matching, URL slugs."""

import re
import unicodedata


def fold(text: str | None) -> str:
    """'Calificación' and 'calificacion' fold to the same key."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "term"
