"""Unsent text survives in the browser (static/js/app.js) until the server confirms the save.

An edit form carries `data-autosave="<key>"`; after a successful save the view calls
`draft_saved(key)`, and the next page tells the browser to forget that draft.
"""

from flask import Flask, session


def draft_saved(key: str) -> None:
    session["saved_drafts"] = [*session.get("saved_drafts", []), key][-5:]


def init_drafts(app: Flask) -> None:
    @app.context_processor
    def _saved_drafts():
        return {"saved_drafts": lambda: session.pop("saved_drafts", [])}
