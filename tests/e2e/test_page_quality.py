"""Every page a role can reach: 200, valid HTML (Nu checker), no serious axe violations.

Follows the navigation and the links of the pages it reaches (same origin, GET only), visiting
at most two URLs per route pattern, so areas added later are checked without listing them.
"""

import json
import re
import subprocess
from collections import deque
from datetime import timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import Browser

from tests.e2e.pages import SignInPage
from tests.factories import PASSWORD, make_admin, make_user
from tests.glossary_builders import make_term
from tests.goal_builders import make_goal
from workspace import clock
from workspace.api.services import create_api_token
from workspace.comments.services import add_comment
from workspace.glossary.services import deprecate_term, edit_term
from workspace.goals.periods import period_of
from workspace.goals.services import approve_plan, ask_commitment, check_in, edit_goal
from workspace.leads.services import hand_over
from workspace.sla.rules import clean_rule
from workspace.sla.services import draft_version, edit_draft, propose, sign

MAX_PER_PATTERN = 2
SKIP_PREFIXES = ("/static/", "/api/", "/invite/", "/healthz")
DOWNLOADS = (".csv", ".md", ".ics", ".svg")  # files, not pages: tested in the views tests
# The one family of Nu checker messages DESIGN.md allows: htmx's own attributes.
HX_ATTRIBUTE = r"Attribute “hx-[^”]*” not allowed.*"
PHONE_ROLES = ("sales rep", "marketer")


def pattern_of(path: str) -> str:
    return re.sub(r"/\d+", "/<id>", path)


@pytest.fixture
def small_workspace():
    admin = make_admin(name="Ada Admin")
    people = {
        "admin": admin,
        "marketing head": make_user("marketing", "head", name="Lucía Fernández"),
        "sales head": make_user("sales", "head", name="David Okafor"),
        "marketer": make_user("marketing", "member", name="Marta Gil"),
        "sales rep": make_user("sales", "member", name="Carlos Ruiz"),
    }
    make_user("sales", "member", name="Pending Pat", joined=False)
    create_api_token("CRM sync", ["leads:write"], admin)
    mql = make_term(people["marketer"], "MQL", "A lead **marketing** qualified.")
    edit_term(mql, {"definition": "A lead marketing qualified by the SLA rules."}, 1,
              people["sales rep"], "cite the SLA")
    add_comment(people["sales rep"], mql, "Agreed, @admin?")
    sql = make_term(people["sales head"], "SQL", "A lead sales accepted.", owner_team="sales")
    deprecate_term(make_term(people["marketer"], "Hot lead", "A lead a rep likes."),
                   people["sales head"], sql)  # its page offers heads "Reinstate"
    signed = draft_version(people["marketing head"])
    edit_draft(signed, {"text": "Every MQL is called within the hour.", "review_on": "2027-01-01",
                        "mql_rules": [clean_rule("employees", ">", "100")]}, 1,
               people["marketing head"])
    propose(signed, people["marketing head"])
    sign(signed, people["marketing head"], signed.content_hash)
    sign(signed, people["sales head"], signed.content_hash)
    hand_over(people["marketer"], {"company": "Globex", "employees": 250, "source": "webinar",
                                   "campaign": "Q1"}, assigned_to=people["sales rep"])
    amendment = draft_version(people["sales head"], signed)
    edit_draft(amendment, {"first_contact_minutes": 30}, 1, people["sales head"])
    _goals(people)
    _meeting(people)
    return people


def _meeting(people: dict) -> None:
    """A weekly sync of both teams, with a decision and two open actions of one rep (two
    decline forms on one page)."""
    from datetime import timedelta

    from workspace import clock
    from workspace.meetings import services as meetings

    start = clock.now() + timedelta(days=1)
    meeting = meetings.schedule_meeting(
        people["marketing head"], "weekly_sync", "Weekly sync", start,
        start + timedelta(minutes=45), [p.id for p in people.values() if p.team])
    meetings.add_decision(meeting, people["marketing head"], "Call webinar leads first.",
                          "term:1")  # "Open an amendment" of MQL, and MQL's "decided in"
    for text in ("Share the call notes", "Review the lost deals"):
        meetings.add_action(meeting, people["marketing head"], text, people["sales rep"].id,
                            start.date() + timedelta(days=7))


def _goals(people) -> None:
    """This quarter's plan: a typed marketing goal with a check-in and an ask of the rep,
    retargeted after the head of marketing approved it, and a live sales goal."""
    period = period_of(clock.now().date())
    deadline = period.end - timedelta(days=1)
    typed = make_goal(people["marketer"], period.label, deadline=deadline,
                      contributor_ids=[people["sales rep"].id])
    make_goal(people["sales head"], period.label, title="Call every MQL within the hour",
              metric="speed_met_rate", unit="", baseline=60.0, target=80.0, deadline=deadline)
    check_in(typed, people["marketer"], 2, 110.0, "Webinar done.", "Two more.", "Budget cut.")
    ask_commitment(typed, people["marketer"], people["sales rep"], "Call webinar leads first.",
                   deadline)
    approve_plan(period.label, people["marketing head"])
    edit_goal(typed, {"target": 160.0}, 1, people["marketer"], "a stretch")


def crawl(page, axe: Path, start: str = "/") -> dict[str, str]:
    """path -> HTML of every page reached, after checking each answered 200 and passed axe."""
    seen_patterns: dict[str, int] = {}
    queue, visited, pages = deque([start]), set(), {}
    origin = urlsplit(page.url)
    while queue:
        path = queue.popleft()
        if path in visited:
            continue
        visited.add(path)
        response = page.goto(path)
        assert response is not None and response.status == 200, (path, response and
                                                                  response.status)
        pages[path] = response.text()
        assert_accessible(page, path, axe)
        assert_fits_its_width(page, path)
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            url = urlsplit(urljoin(page.url, href))
            if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            key = pattern_of(url.path)
            if url.path.startswith(SKIP_PREFIXES) or url.path.endswith(DOWNLOADS) \
                    or target in visited:
                continue
            if seen_patterns.get(key, 0) >= MAX_PER_PATTERN:
                continue
            seen_patterns[key] = seen_patterns.get(key, 0) + 1
            queue.append(target)
    return pages


def assert_fits_its_width(page, path: str) -> None:
    """Nothing makes the page scroll sideways, at a phone's width as on a laptop's."""
    wider = page.evaluate("""() => document.documentElement.scrollWidth
        - document.documentElement.clientWidth""")
    assert wider <= 0, f"{path} is {wider}px wider than the {page.viewport_size} window"


def assert_accessible(page, path: str, axe: Path) -> None:
    page.add_script_tag(path=str(axe))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))}));
    }""")
    assert result == [], f"{path}: {json.dumps(result, indent=1)}"


@pytest.fixture(scope="session")
def tools(project_root):
    tools = project_root / ".cache" / "tools"
    missing = [name for name in ("vnu.jar", "axe.min.js") if not (tools / name).exists()]
    if missing:
        pytest.fail(f"missing {missing}: run `bash scripts/test-tools.sh` (make test does)")
    return tools


@pytest.mark.timeout(600)  # a crawl of every role's pages, then the Nu checker over them all
def test_every_reachable_page_is_valid_and_accessible(browser: Browser, base_url, tools,
                                                      small_workspace, tmp_path):
    pages: dict[str, str] = {}
    for role, person in small_workspace.items():
        # bypass_csp only lets the test inject axe-core; the app's CSP is checked elsewhere.
        # The people who work from their phones walk it at a phone's width.
        phone = {"viewport": {"width": 390, "height": 844}} if role in PHONE_ROLES else {}
        context = browser.new_context(base_url=base_url, bypass_csp=True, **phone)
        page = context.new_page()
        SignInPage(page).open()
        pages[f"{role}:/login"] = page.content()
        SignInPage(page).sign_in(person.email, PASSWORD)
        for path, html in crawl(page, tools / "axe.min.js").items():
            pages[f"{role}:{path}"] = html
        context.close()
    assert any(key.startswith("admin:/admin/tokens") for key in pages)
    for path in ("/glossary/", "/glossary/mql", "/glossary/mql/edit", "/glossary/mql/history",
                 "/glossary/mql/history?a=1&b=2", "/notifications", "/sla/", "/sla/1", "/sla/2",
                 "/sla/1/print", "/sla/2/compare?with=1"):
        assert f"marketer:{path}" in pages, path
    assert "sales head:/sla/2/edit" in pages
    assert "sales rep:/leads/1" in pages and "marketer:/leads/new" in pages
    assert "sales head:/metrics/" in pages and "marketer:/leads/feedback" in pages
    for role in ("sales head", "marketer"):  # the charts, on a laptop and on a phone
        assert f"{role}:/metrics/" in pages, role
        assert any(key.startswith(f"{role}:/metrics/review/") for key in pages), role
    assert "marketing head:/glossary/hot-lead" in pages
    for role in ("marketer", "sales rep", "sales head", "admin"):
        assert f"{role}:/goals/" in pages and f"{role}:/goals/1" in pages, role
        assert f"{role}:/goals/1/history" in pages, role
    for role in ("marketer", "sales rep", "admin"):  # the marketer's team and her contributor
        assert f"{role}:/goals/1/edit" in pages, role
    assert "sales head:/goals/2/edit" in pages
    for role in ("marketer", "sales rep", "admin"):
        assert f"{role}:/meetings/" in pages and f"{role}:/meetings/1" in pages, role
    assert "sales rep:/meetings/actions" in pages
    for path in ("/meetings/calendar", "/meetings/new", "/meetings/1/notes", "/meetings/1/print"):
        assert f"marketer:{path}" in pages, path
    assert_valid_html(pages, tools / "vnu.jar", tmp_path)


def assert_valid_html(pages: dict[str, str], vnu, tmp_path) -> None:
    files = {}
    for index, (key, html) in enumerate(sorted(pages.items())):
        file = tmp_path / f"page{index}.html"
        file.write_text(html)
        files[file.name] = key
    result = subprocess.run(
        ["java", "-jar", str(vnu), "--errors-only", "--format", "json",
         "--filterpattern", HX_ATTRIBUTE, *[str(tmp_path / name) for name in files]],
        capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    problems = [f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}: "
                f"{m['message']} (line {m.get('lastLine')}: {m.get('extract', '').strip()})"
                for m in messages]
    assert problems == [], "\n".join(problems)
