from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import PASSWORD, make_admin, make_user
from workspace import clock
from workspace.auth import services
from workspace.auth.models import SignInThrottle
from workspace.extensions import db

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_authenticate_accepts_right_password_any_case_email():
    user = make_user(email="ana@example.test")
    assert services.authenticate("  ANA@example.test ", PASSWORD) == user


def test_wrong_password_and_unknown_email_both_give_none():
    make_user(email="ana@example.test")
    assert services.authenticate("ana@example.test", "wrong password") is None
    assert services.authenticate("nobody@example.test", PASSWORD) is None


def test_guessing_from_one_address_slows_down_while_the_owner_elsewhere_signs_in(app):
    clock.freeze(T0)
    user = make_user()
    free = app.config["SIGN_IN_FREE_FAILURES"]
    for _ in range(free):
        assert services.authenticate(user.email, "nope", "203.0.113.9") is None
    with pytest.raises(services.SlowDown) as slow:
        services.authenticate(user.email, PASSWORD, "203.0.113.9")  # not even checked
    assert slow.value.retry_at == T0 + timedelta(seconds=1) and slow.value.seconds == 1
    assert services.authenticate(user.email, PASSWORD, "198.51.100.7") == user  # the owner
    waits = []
    for _ in range(12):  # each further wrong guess from there waits twice as long, capped
        clock.freeze(db.session.get(SignInThrottle, (user.email, "203.0.113.9")).retry_at)
        services.authenticate(user.email, "nope", "203.0.113.9")
        throttle = db.session.get(SignInThrottle, (user.email, "203.0.113.9"))
        waits.append((throttle.retry_at - clock.now()).total_seconds())
    assert waits[:4] == [2, 4, 8, 16]
    assert max(waits) == app.config["SIGN_IN_MAX_DELAY_MINUTES"] * 60


def test_success_after_the_wait_clears_the_count(app):
    clock.freeze(T0)
    user = make_user()
    for _ in range(app.config["SIGN_IN_FREE_FAILURES"]):
        services.authenticate(user.email, "nope", "203.0.113.9")
    clock.freeze(T0 + timedelta(seconds=2))
    assert services.authenticate(user.email, PASSWORD, "203.0.113.9") == user
    assert db.session.get(SignInThrottle, (user.email, "203.0.113.9")) is None


def test_failures_far_apart_do_not_add_up(app):
    user = make_user()
    for minute in range(0, 200, 40):
        clock.freeze(T0 + timedelta(minutes=minute))
        services.authenticate(user.email, "nope")
    assert services.authenticate(user.email, PASSWORD) == user


def test_deactivated_person_cannot_sign_in_with_the_right_password():
    user = make_user()
    user.deactivated_at = clock.now()
    db.session.commit()
    with pytest.raises(services.AccountDeactivated):
        services.authenticate(user.email, PASSWORD)


def test_invitation_link_works_once_and_sets_the_password():
    admin = make_admin()
    issued = services.invite_user("new@example.test", "New Person", "sales", "member", admin)
    assert issued.user.password_hash is None and not issued.user.has_joined
    user = services.accept_invitation(issued.token, "a long enough password")
    assert user.has_joined and user.check_password("a long enough password")
    assert services.accept_invitation(issued.token, "another password!") is None


def test_invitation_stored_only_as_a_hash_and_expires_after_seven_days():
    clock.freeze(T0)
    admin = make_admin()
    issued = services.invite_user("new@example.test", "New", "sales", "member", admin)
    invitation = issued.user.invitations[0]
    assert issued.token not in invitation.token_hash
    clock.freeze(T0 + timedelta(days=7, seconds=1))
    assert services.usable_invitation(issued.token) is None


def test_reissuing_an_invitation_kills_the_old_link():
    admin = make_admin()
    issued = services.invite_user("new@example.test", "New", "sales", "member", admin)
    fresh = services.reissue_invitation(issued.user, admin)
    assert services.usable_invitation(issued.token) is None
    assert services.usable_invitation(fresh) is not None


def test_password_change_bumps_the_session_version():
    user = make_user()
    before = user.get_id()
    services.change_password(user, "a brand new password")
    assert user.get_id() != before
