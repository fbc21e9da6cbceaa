"""The clients: a person's browser (cookies, CSRF token, own address), the API, and edit forms."""

import http.client
import http.cookiejar
import itertools
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

from bench.multihost.accounts import PASSWORD

CONNECTION_LOST = 0  # the status a ledger records when no HTTP answer came back


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Answer:
    def __init__(self, status: int, body: str = "", headers=None):
        self.status, self.body, self.headers = status, body, headers or {}


class Browser:
    """A person's browser (cookies, CSRF token) coming from one address through the proxy."""

    _addresses = itertools.count(1)

    def __init__(self, address: str | None = None):
        number = next(self._addresses)
        self.address = address or f"10.77.{number // 250}.{number % 250 + 1}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)
        self.token: str | None = None

    def request(self, url: str, data=None, headers: dict | None = None,
                method: str | None = None) -> Answer:
        body = data if isinstance(data, bytes) or data is None else \
            urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(url, data=body, method=method, headers={
            "X-Forwarded-For": self.address, **(headers or {})})
        try:
            with self.opener.open(request, timeout=15) as response:
                return Answer(response.status, response.read().decode(), response.headers)
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode(), error.headers)
        except (OSError, http.client.HTTPException):  # refused, reset, cut mid-answer
            return Answer(CONNECTION_LOST)

    def post(self, host: str, path: str, data: dict | list) -> Answer:
        if self.token is None:
            page = self.request(host + "/__csrf__")  # any page carries the token
            found = re.search(r'"X-CSRFToken": "([^"]+)"', page.body)
            if not found:
                return page
            self.token = found.group(1)
        fields = list(data.items()) if isinstance(data, dict) else list(data)
        answer = self.request(host + path, [("csrf_token", self.token), *fields])
        if answer.status == 400:
            self.token = None  # the session changed under the token: fetch it again
        return answer

    def sign_in(self, host: str, email: str, password: str = PASSWORD) -> Answer:
        answer = self.post(host, "/login", {"email": email, "password": password})
        self.token = None  # signing in starts a new session and its own token
        return answer


def api(host: str, token: str, path: str, body: dict, address: str = "10.66.0.1") -> Answer:
    return Browser(address).request(host + path, json.dumps(body).encode(), {
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})


class EditForm(HTMLParser):
    """The fields of the form on a page that carries `base_revision`, as a browser sends them."""

    def __init__(self, page: str):
        super().__init__()
        self.forms: list[list] = []
        self._text: list | None = None
        self._select: list | None = None
        self.feed(page)
        self.fields = next((form for form in self.forms
                            if any(name == "base_revision" for name, _ in form)), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
        elif not self.forms or "name" not in attrs:
            return
        elif tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.forms[-1].append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._text = [attrs["name"], ""]
        elif tag == "select":
            self._select = [attrs["name"], None, "multiple" in attrs]
        if tag == "option" and self._select is not None:
            if "selected" in attrs or (self._select[1] is None and not self._select[2]):
                if self._select[1] is not None and not self._select[2]:
                    self.forms[-1].remove((self._select[0], self._select[1]))
                self._select[1] = attrs.get("value", "")
                self.forms[-1].append((self._select[0], self._select[1]))

    def handle_data(self, data):
        if self._text is not None:
            self._text[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._text is not None:
            self.forms[-1].append((self._text[0], self._text[1].removeprefix("\n")))
            self._text = None
        elif tag == "select":
            self._select = None
