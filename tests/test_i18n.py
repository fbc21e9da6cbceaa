"""English and Spanish: every marked string has a Spanish translation with the same placeholders."""

import re
import subprocess
import sys

from babel.messages.pofile import read_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _forms(string) -> tuple:
    return string if isinstance(string, tuple) else (string,)


def test_spanish_catalog_translates_every_marked_string(project_root, tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."],
                   cwd=project_root, check=True, capture_output=True)
    with pot.open("rb") as source:
        marked = {m.id for m in read_po(source) if m.id}
    with (project_root / "translations/es/LC_MESSAGES/messages.po").open("rb") as source:
        spanish = {m.id: m for m in read_po(source) if m.id}
    missing = sorted(str(i) for i in marked if i not in spanish or spanish[i].fuzzy
                     or not all(_forms(spanish[i].string)))
    assert missing == [], "translate these (see README, Translations):\n" + "\n".join(missing)
    for msgid in marked:
        source_text = msgid if isinstance(msgid, str) else msgid[0]
        translated = spanish[msgid].string
        translated = translated if isinstance(translated, str) else translated[0]
        assert sorted(PLACEHOLDER.findall(source_text)) == sorted(
            PLACEHOLDER.findall(translated)), msgid


def test_a_spanish_speaker_sees_spanish_and_their_time_zone_selected(app, client):
    from tests.factories import make_user

    client.sign_in(make_user(locale="es", timezone="America/Bogota", name="Ana Ruiz"))
    page = client.get("/settings").get_data(as_text=True)
    assert 'lang="es"' in page and "Tus ajustes" in page
    assert re.search(r'<option[^>]*selected[^>]*value="America/Bogota"', page)


def test_times_are_shown_in_the_persons_zone_and_language(app, client):
    from datetime import UTC, datetime

    from tests.factories import make_admin, make_user
    from workspace import clock

    clock.freeze(datetime(2026, 11, 2, 15, 0, tzinfo=UTC))
    make_user(name="Pendiente Pérez", joined=False)
    client.sign_in(make_admin(locale="es", timezone="America/Bogota"))
    page = client.get("/").get_data(as_text=True)
    assert "2/11/26, 10:00" in page and 'datetime="2026-11-02T15:00:00+00:00"' in page


def test_the_feed_reads_in_the_readers_language(client):
    from tests.factories import make_user
    from tests.support.notes import create_note
    from workspace.comments.services import add_comment

    note = create_note(make_user(name="Ana"), "MQL")
    add_comment(make_user(name="Bo"), note, "hola")
    client.sign_in(make_user(locale="es"))
    page = client.get("/").get_data(as_text=True)
    assert "comentó en" in page and "creó" in page


def test_the_compiled_spanish_catalog_ships_with_the_code_and_matches_its_source(project_root):
    """An app installed as the README's production section says (no `make`) serves Spanish:
    the compiled catalog is in the repository, and it says what the .po says."""
    from babel.messages.mofile import read_mo

    folder = project_root / "translations/es/LC_MESSAGES"
    tracked = subprocess.run(["git", "ls-files", "translations"], cwd=project_root, check=True,
                             capture_output=True, text=True).stdout.split()
    assert "translations/es/LC_MESSAGES/messages.mo" in tracked
    def pairs(catalog) -> dict:
        def text(value) -> str:
            return str(tuple(value)) if isinstance(value, list | tuple) else value

        return {text(m.id): text(m.string) for m in catalog if m.id and not m.fuzzy}

    with (folder / "messages.po").open("rb") as source:
        written = pairs(read_po(source))
    with (folder / "messages.mo").open("rb") as compiled:
        shipped = pairs(read_mo(compiled))
    assert shipped == written, "run scripts/translate.sh (or make translations) and commit"


def test_numbers_read_in_the_readers_format(app):
    from flask_babel import force_locale

    from workspace.templating import number

    with app.test_request_context(), force_locale("es"):
        assert number(35.25, 1) == "35,2" or number(35.25, 1) == "35,3"
        assert number(1234567) == "1.234.567"
    with app.test_request_context(), force_locale("en"):
        assert number(35.3, 1) == "35.3" and number(None) == "—"
