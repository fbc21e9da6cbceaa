"""Workflow panels that target themselves: a sign-off, an approval, the work on a lead.

One fragment renders every state of the panel, and every action on it answers the same way:
success is the updated panel with its outcome message and the panel's event (htmx), or a 303
back to the page (plain); a refusal or an invalid form is 422 with what was typed kept, the
panel alone (htmx) or the whole page around it (plain).
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, flash, redirect, render_template
from flask_babel import gettext as _

from workspace import htmx


@dataclass(frozen=True)
class Panel:
    page: str  # the whole page's template, which includes the fragment
    fragment: str  # the panel alone, in every state
    url: str  # the page's address, where a plain request goes after an action
    context: Callable[[], dict]  # all the page shows, blank forms included; read after the verb
    refused: type[Exception]  # what the area's services raise to refuse, with a reason

    def show(self) -> str:
        """The whole page, for its own GET."""
        return render_template(self.page, **self.context())

    def act(self, verb: Callable[[], object], event: str, done: str, **forms) -> Response:
        """Run one service verb and answer; a refusal comes back with `forms` as posted."""
        try:
            verb()
        except self.refused as refusal:
            return self.refuse(str(refusal), **forms)
        return self.answer(event, done)

    def answer(self, event: str, done: str, location: str | None = None, **extra) -> Response:
        """Success: the panel saying `done` plus `event` (`noun-pastverb`) for the page's other
        regions; a plain request is flashed `done` and sent to `location`, the page by default."""
        if not htmx.wants_fragment():
            flash(done, "success")
            return redirect(location or self.url, 303)
        return htmx.trigger(self._render(200, done=done, **extra), event)

    def refuse(self, error: str | None = None, **forms) -> Response:
        """422 with `forms` as posted and `error` at the panel's top; without one, the fields'
        own errors are what to read, and the top says so."""
        return self._render(422, error=error or _("Check the marked fields below."), **forms)

    def _render(self, status: int, **extra) -> Response:
        return htmx.render(self.page, self.fragment, status, **{**self.context(), **extra})
