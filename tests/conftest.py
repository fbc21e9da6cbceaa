"""Fixtures: the app on SQLite (or TEST_DATABASE_URL), clients signed in per role, htmx headers."""

import contextvars
import os
import re
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings

from tests.factories import PASSWORD, make_admin, make_user
from tests.support import notes
from workspace import clock, create_app
from workspace.config import config_for_tests
from workspace.extensions import db
from workspace.glossary import linking

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}

# Property tests: no per-example deadline (a database round trip varies), and the same examples
# on every CI run, so a failure there can be reproduced.
settings.register_profile("alinea", deadline=None, max_examples=50, derandomize=bool(
    os.environ.get("CI")), suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("alinea")
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


class WorkspaceClient(FlaskClient):
    """A test client that fills in the CSRF token the way a browser's form would."""

    def open(self, *args, **kwargs):
        # Each request gets its own app context (g, db session), like a real server,
        # rather than borrowing the one the test holds for its own database work.
        return contextvars.Context().run(super().open, *args, **kwargs)

    def csrf_token(self) -> str:
        page = self.get("/__csrf__").get_data(as_text=True)  # any page renders the token
        match = _CSRF.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1) or match.group(2)

    def post_form(self, url: str, data: dict | None = None, htmx: bool = False, **kwargs):
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        headers = {**(HTMX if htmx else {}), **kwargs.pop("headers", {})}
        return self.post(url, data=data, headers=headers, **kwargs)

    def sign_in(self, user, password: str = PASSWORD):
        response = self.post_form("/login", {"email": user.email, "password": password})
        assert response.status_code == 303, response.get_data(as_text=True)
        self.user = user  # who this client is, for the test's own assertions
        return response


def database_url(tmp_dir: str) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_dir}/test.db"


@pytest.fixture(scope="session")
def app():
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(config_for_tests(database_url(tmp)))
        notes.init_area(app)  # the test-only revisioned document type
        app.test_client_class = WorkspaceClient
        with app.app_context():
            db.drop_all()
            db.create_all()
            _fresh_rows()
        yield app
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def _fresh_rows() -> None:
    """What a migrated database starts with (migration 0010): the workspace's settings row."""
    from workspace.admin.models import WorkspaceSettings

    db.session.add(WorkspaceSettings(name="Alinea", currency="USD", timezone="UTC"))
    db.session.commit()


@pytest.fixture(autouse=True)
def _clean(app):
    """Every test starts on empty tables and a running clock."""
    with app.app_context():
        yield
        db.session.rollback()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        _fresh_rows()
        db.session.remove()
    clock.freeze(None)
    linking._build.cache_clear()  # the term matcher is keyed on data each test recreates


@pytest.fixture
def client(app) -> WorkspaceClient:
    return app.test_client()


def _signed_in(app, user) -> WorkspaceClient:
    client = app.test_client()
    client.sign_in(user)
    return client


@pytest.fixture
def admin(app):
    return make_admin(name="Ada Admin", email="ada@example.test")


@pytest.fixture
def admin_client(app, admin):
    return _signed_in(app, admin)


@pytest.fixture
def marketing_head_client(app):
    return _signed_in(app, make_user("marketing", "head", name="Lucía Head"))


@pytest.fixture
def marketer_client(app):
    return _signed_in(app, make_user("marketing", "member", name="Marta Member"))


@pytest.fixture
def sales_head_client(app):
    return _signed_in(app, make_user("sales", "head", name="David Head"))


@pytest.fixture
def sales_rep_client(app):
    return _signed_in(app, make_user("sales", "member", name="Carlos Rep"))


@pytest.fixture(scope="session")
def project_root() -> Path:
    return Path(__file__).resolve().parent.parent
