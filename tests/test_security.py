"""Security headers, hostile markdown, and the htmx hardening the CSP relies on."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from workspace.markdown import render_markdown

HOSTILE = [
    ("<script>alert(1)</script>", "<script"),
    ("<img src=x onerror=alert(1)>", "onerror"),
    ("[click](javascript:alert(1))", "javascript:"),
    ('<a href="#" hx-get="/admin/people" hx-trigger="load">x</a>', "hx-get"),
    ("<iframe src='https://evil.example'></iframe>", "<iframe"),
    ("<div style='position:fixed'>x</div>", "style="),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ("<svg onload=alert(1)>", "<svg"),
]


class ActiveMarkup(HTMLParser):
    """Collects what a browser would act on: tags, attributes, link targets."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add(name)
            if name == "href":
                self.hrefs.append(value or "")


def active_markup(text: str) -> ActiveMarkup:
    parser = ActiveMarkup()
    parser.feed(str(render_markdown(text)))
    return parser


@pytest.mark.parametrize("text", [text for text, _ in HOSTILE])
def test_markdown_renderer_leaves_nothing_a_browser_would_run(text):
    found = active_markup(text)
    assert found.tags <= {"p", "a", "em", "strong", "code", "pre", "br"}, found.tags
    assert found.attributes <= {"href", "rel", "title"}, found.attributes
    assert all(href.startswith(("http://", "https://", "mailto:", "#")) for href in found.hrefs)


def test_markdown_keeps_ordinary_formatting_and_safe_links():
    html = str(render_markdown("**MQL** means [this](https://example.test/mql)\n\n- one"))
    assert "<strong>MQL</strong>" in html
    assert 'href="https://example.test/mql"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<li>one</li>" in html


def test_every_page_carries_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_lax(client, admin):
    from tests.factories import PASSWORD

    response = client.post_form("/login", {"email": admin.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_templates_never_use_hx_on_js_values_or_event_filters(project_root: Path):
    for template in (project_root / "templates").rglob("*.html"):
        text = template.read_text()
        assert "hx-on" not in text, template
        assert "js:" not in text, template
        assert "<script>" not in text and "onclick" not in text, template


def test_healthz_round_trips_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
