"""The app as gunicorn serves it, plus the test-only note pages (multi-process tests)."""

from tests.support import notes
from workspace import create_app

app = create_app()
notes.init_area(app)
