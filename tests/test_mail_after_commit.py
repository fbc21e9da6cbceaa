"""Mail a change causes leaves after the change commits, and never for a change rolled back."""

import pytest
from sqlalchemy import func, select

from tests.factories import make_user
from tests.glossary_builders import make_term
from workspace.database import write_unit
from workspace.extensions import db
from workspace.notifications.models import Notification
from workspace.notifications.services import notify


@pytest.fixture
def outbox(app, monkeypatch):
    sent = []

    class RecordingSMTP:
        def __init__(self, host, port, timeout):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def starttls(self):
            pass

        def send_message(self, message):
            # Another connection already sees the notification: the change has committed, and
            # nothing holds the database while the mail server answers.
            with db.engine.connect() as other:
                committed = other.scalar(select(func.count()).select_from(Notification))
            sent.append((message["To"], message["Subject"], committed))

    monkeypatch.setattr("smtplib.SMTP", RecordingSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.test")
    return sent


def test_a_notification_is_mailed_after_its_transaction_commits(app, outbox):
    author, reader = make_user("marketing", "head"), make_user("sales", "member", locale="es")
    term = make_term(author, "Pipeline", "Open deals.")
    with app.test_request_context():
        with write_unit():
            notify([reader], "comment", author, term, "A thought")
            assert outbox == []  # not while the change is still open
    assert [(to, committed) for to, _subject, committed in outbox] == [(reader.email, 1)]
    assert "comentó" in outbox[0][1]  # worded in the reader's language


def test_nothing_is_mailed_for_a_change_that_rolls_back(app, outbox):
    author, reader = make_user("marketing", "head"), make_user("sales", "member")
    term = make_term(author, "Pipeline", "Open deals.")
    with app.test_request_context(), pytest.raises(RuntimeError):
        with write_unit():
            notify([reader], "comment", author, term, "A thought")
            raise RuntimeError("the change fails")
    db.session.commit()  # a later, unrelated commit sends nothing either
    assert outbox == []
