"""What an area plugs into the workspace, registered once from the factory's list of areas.

Each area's package has `init_area(app)`, which registers its blueprint and calls these:
document types (with their searchable text, activity verbs and notification kinds), a place in
the navigation and on home, derived notices, and its say in workspace settings. Nothing is
registered by being imported; the registry lives on the app, so every app is made the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask, current_app
from flask_babel import LazyString


@dataclass(frozen=True)
class NavEntry:
    order: int  # left to right in the main navigation
    endpoint: str
    label: LazyString
    prefix: str  # the pages under this path are the area's


@dataclass
class Registry:
    documents: dict = field(default_factory=dict)  # type name -> DocumentType
    nav: list[NavEntry] = field(default_factory=list)
    home: list[tuple[int, Callable]] = field(default_factory=list)  # (order, user -> Need)
    # When a home card may read differently with no write, before the next day or SLA start:
    # (user, now) -> datetime or None.
    home_changes: list[Callable] = field(default_factory=list)
    notices: list[Callable] = field(default_factory=list)  # user -> [(message, url)]
    holds_money: list[Callable[[], bool]] = field(default_factory=list)
    zone_changed: list[Callable[[str], None]] = field(default_factory=list)
    # Where a document was decided or discussed elsewhere: (document, user) -> [Backlink].
    backlinks: list[Callable] = field(default_factory=list)
    # Why an edit was opened: document -> EditOrigin or None (reads the request).
    edit_origins: list[Callable] = field(default_factory=list)


def registry(app: Flask | None = None) -> Registry:
    return (app or current_app).extensions["alinea.areas"]


def init_registry(app: Flask) -> None:
    from workspace.documents import hidden_documents_not_found

    app.extensions["alinea.areas"] = Registry()
    app.before_request(hidden_documents_not_found)


def add_document_type(app: Flask, doc_type) -> None:
    registry(app).documents[doc_type.name] = doc_type


def add_nav(app: Flask, order: int, endpoint: str, label: LazyString, prefix: str) -> None:
    registry(app).nav.append(NavEntry(order, endpoint, label, prefix))
    registry(app).nav.sort(key=lambda entry: entry.order)


def add_home(app: Flask, order: int, provider: Callable,
             next_change: Callable | None = None) -> None:
    """A "what needs me now" card on home: provider(user) -> Need or None; lower order first.
    A card the clock changes at other moments than a day's start (or an SLA version's) says
    when: next_change(user, now) -> the first such moment after now, or None."""
    registry(app).home.append((order, provider))
    registry(app).home.sort(key=lambda entry: entry[0])
    if next_change is not None:
        registry(app).home_changes.append(next_change)


def add_notices(app: Flask, provider: Callable) -> None:
    """Notices computed when read (a deadline near or missed): provider(user) -> [(text, url)]."""
    registry(app).notices.append(provider)


def add_money_holder(app: Flask, holds: Callable[[], bool]) -> None:
    """Says whether the area has amounts recorded, which fixes the workspace currency."""
    registry(app).holds_money.append(holds)


def add_backlinks(app: Flask, provider: Callable) -> None:
    """Links from elsewhere shown on a document's page ("decided in the weekly sync of 24
    Nov"): provider(document, user) -> [Backlink]."""
    registry(app).backlinks.append(provider)


def add_edit_origin(app: Flask, provider: Callable) -> None:
    """What prompted an edit, from the request (a meeting's decision): provider(document) ->
    EditOrigin or None; the edit page says so and its summary starts from it."""
    registry(app).edit_origins.append(provider)


def add_zone_listener(app: Flask, rezone: Callable[[str], None]) -> None:
    """Called in the transaction that changes the workspace's time zone."""
    registry(app).zone_changed.append(rezone)
