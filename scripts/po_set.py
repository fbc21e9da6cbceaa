"""Set Spanish translations by hand: python scripts/po_set.py 'msgid=msgstr' ... (clears fuzzy).

For a plural message give the singular msgid and both forms: 'one=uno|varios'.
When the msgid itself holds "=", separate with "::" instead: 'a = b::a = b'.
"""

import sys

from babel.messages.pofile import read_po, write_po

PATH = "translations/es/LC_MESSAGES/messages.po"

with open(PATH, "rb") as source:
    catalog = read_po(source)
for pair in sys.argv[1:]:
    msgid, _, msgstr = pair.partition("::" if "::" in pair else "=")
    message = next((m for m in catalog if m.id == msgid or (
        isinstance(m.id, tuple) and m.id[0] == msgid)), None)
    if message is None:
        sys.exit(f"no such msgid: {msgid}")
    message.string = tuple(msgstr.split("|")) if isinstance(message.id, tuple) else msgstr
    message.flags.discard("fuzzy")
with open(PATH, "wb") as target:
    write_po(target, catalog, width=76, no_location=True, sort_output=True)
missing = [m.id for m in catalog if m.id and (m.fuzzy or not all(
    m.string if isinstance(m.string, tuple) else [m.string]))]
print("untranslated:", missing)
