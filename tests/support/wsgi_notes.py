"""The app as gunicorn serves it, plus the test-only note pages (multi-process tests)."""

from tests.support import notes
from workspace import create_app

app = create_app()
app.register_blueprint(notes.bp)
