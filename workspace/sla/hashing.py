"""The content hash a signature binds to: SHA-256 of DESIGN.md's canonical JSON.

Sorted keys, UTF-8, text NFC with \\n line ends, money in cents, ASCII operators.
"""

import hashlib
import json
import unicodedata


def canonical_content(version) -> dict:
    return {
        "number": version.number,
        "text": _text(version.text),
        "mql_target_per_month": int(version.mql_target_per_month),
        "mql_rules": [{"field": r["field"], "op": r["op"], "value": _value(r["value"])}
                      for r in version.mql_rules or []],
        "first_contact_minutes": int(version.first_contact_minutes),
        "min_attempts": int(version.min_attempts),
        "feedback_hours": int(version.feedback_hours),
        "review_on": version.review_on,
        "effective_on": version.effective_on,
    }


def content_hash(version) -> str:
    payload = json.dumps(canonical_content(version), sort_keys=True, ensure_ascii=False,
                         separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _text(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def _value(value):
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, str):
        return _text(value)
    return value
