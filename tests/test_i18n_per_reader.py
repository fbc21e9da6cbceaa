"""One language per reader, in every process: nothing translated outlives its request.

Readers of both languages take turns on the same app, so a label cached at the top level of an
imported macro file, in a module constant or in a cache without the locale shows up in the
wrong language. Judged against the project's own catalog."""

from datetime import timedelta
from html.parser import HTMLParser

from babel.messages.pofile import read_po

from tests.factories import make_user
from tests.glossary_builders import make_term
from tests.lead_builders import make_lead, sla_in_force
from workspace import clock
from workspace.leads.services import log_attempt, rate


class _Texts(HTMLParser):
    """Every text node and every data-soon/data-late countdown text of a page."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.texts += [value for name, value in attrs if name in ("data-soon", "data-late")]

    def handle_data(self, data):
        if data.strip():
            self.texts.append(" ".join(data.split()))


def _texts(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    return set(parser.texts)


def _catalog(project_root) -> tuple[set[str], set[str]]:
    """Texts that exist only in English, and only in Spanish (long enough to be unambiguous)."""
    with (project_root / "translations/es/LC_MESSAGES/messages.po").open("rb") as source:
        pairs = [(m.id, m.string) for m in read_po(source) if isinstance(m.id, str) and m.id
                 and "%" not in m.id]
    english = {en for en, es in pairs if en != es and len(en) >= 4}
    spanish = {es for en, es in pairs if en != es and len(es) >= 4}
    return english - spanish, spanish - english


def test_readers_of_both_languages_taking_turns_each_see_only_their_own(app, project_root):
    marketing, sales = make_user("marketing", "head"), make_user("sales", "head")
    sla_in_force(marketing, sales)
    rep = make_user("sales", "member", locale="es", name="Rosa Vidal")
    waiting = make_lead(marketing, at=clock.now() - timedelta(minutes=5), assigned_to=rep,
                        company="Waiting Co")
    worked = make_lead(marketing, at=clock.now() - timedelta(hours=2), assigned_to=rep,
                       company="Worked Co")
    log_attempt(worked, rep, "call", "connected")
    rated = make_lead(marketing, at=clock.now() - timedelta(hours=3), assigned_to=rep,
                      company="Rated Co")
    log_attempt(rated, rep, "call", "no_answer")
    rate(rated, rep, 2, "disqualified", "no_budget", confirm_below_minimum=True)
    make_term(marketing, "Pipeline", "Open deals.")
    clock.freeze(None)
    pages = ["/leads/", "/leads/?view=all", f"/leads/{waiting.id}", f"/leads/{worked.id}",
             f"/leads/{rated.id}", "/glossary/", "/glossary/pipeline", "/sla/", "/sla/1",
             "/metrics/", "/leads/feedback", "/"]
    english_only, spanish_only = _catalog(project_root)
    readers = {"es": rep, "en": make_user("sales", "head", locale="en", name="Ralph Vine")}
    wrong = []
    for turn in ("es", "en", "es", "en"):
        client = app.test_client()
        client.sign_in(readers[turn])
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            foreign = spanish_only if turn == "en" else english_only
            wrong += [(turn, path, text) for text in _texts(response.get_data(as_text=True))
                      if text in foreign]
    assert wrong == []


def test_no_imported_macro_file_translates_at_its_top_level(project_root):
    """Jinja evaluates an imported file's top level once per process, in the first reader's
    language; translations belong inside the macros."""
    import re

    templates = project_root / "templates"
    imported = set(re.findall(r'{%-?\s*(?:from|import)\s+"([^"]+)"', "".join(
        path.read_text() for path in templates.rglob("*.html"))))
    leaks = []
    for name in sorted(imported):
        source = (templates / name).read_text()
        top_level = re.sub(r"{%-?\s*macro\b.*?{%-?\s*endmacro\s*-?%}", "", source, flags=re.S)
        if re.search(r"\b_\(|gettext\(", top_level):
            leaks.append(name)
    assert leaks == []
