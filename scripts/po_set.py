"""Set Spanish translations by hand: python scripts/po_set.py 'msgid=msgstr' ... (clears fuzzy)."""

import sys

from babel.messages.pofile import read_po, write_po

PATH = "translations/es/LC_MESSAGES/messages.po"

with open(PATH, "rb") as source:
    catalog = read_po(source)
for pair in sys.argv[1:]:
    msgid, _, msgstr = pair.partition("=")
    message = catalog.get(msgid)
    if message is None:
        sys.exit(f"no such msgid: {msgid}")
    message.string = msgstr
    message.flags.discard("fuzzy")
with open(PATH, "wb") as target:
    write_po(target, catalog, width=76, no_location=True, sort_output=True)
missing = [m.id for m in catalog if m.id and (not m.string or m.fuzzy)]
print("untranslated:", missing)
