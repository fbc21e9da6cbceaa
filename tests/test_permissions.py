"""DESIGN.md's roles table, row by row."""

from types import SimpleNamespace

import pytest

from workspace.permissions import Action, can


def person(team=None, role=None, admin=False, kind="person"):
    return SimpleNamespace(is_authenticated=True, is_active=True, kind=kind, team=team,
                           role=role, is_admin=admin, id=7)


ADMIN = person(admin=True)
MKT_HEAD = person("marketing", "head")
SALES_HEAD = person("sales", "head")
MARKETER = person("marketing", "member")
REP = person("sales", "member")
EVERYONE = [ADMIN, MKT_HEAD, SALES_HEAD, MARKETER, REP]

TABLE = [
    (Action.MANAGE_USERS, [ADMIN]),
    (Action.MANAGE_TOKENS, [ADMIN]),
    (Action.EDIT_DOCUMENTS, EVERYONE),
    (Action.APPROVE_TERM, [MKT_HEAD, SALES_HEAD]),
    (Action.SIGN_SLA, [MKT_HEAD, SALES_HEAD]),
    (Action.HAND_OVER_LEADS, [ADMIN, MKT_HEAD, MARKETER]),
    (Action.CHANGE_ATTRIBUTION, [MKT_HEAD, SALES_HEAD]),
    (Action.REASSIGN_LEADS, [SALES_HEAD]),
    (Action.ENTER_SPEND, [ADMIN, MKT_HEAD, SALES_HEAD]),
    (Action.VIEW, EVERYONE),
]


@pytest.mark.parametrize(("action", "allowed"), TABLE, ids=[a.value for a, _ in TABLE])
def test_roles_table(action, allowed):
    for user in EVERYONE:
        assert can(user, action) == (user in allowed), (action, user)


def test_reps_work_only_their_own_leads_and_the_sales_head_any():
    mine, theirs = SimpleNamespace(assigned_to_id=7), SimpleNamespace(assigned_to_id=8)
    assert can(REP, Action.WORK_LEAD, mine) and not can(REP, Action.WORK_LEAD, theirs)
    assert can(SALES_HEAD, Action.WORK_LEAD, theirs)
    assert not can(MARKETER, Action.WORK_LEAD, mine)


def test_integration_users_and_deactivated_people_can_do_nothing_in_pages():
    bot = person(kind="integration", admin=True)
    gone = person("sales", "head")
    gone.is_active = False
    for action in Action:
        assert not can(bot, action) and not can(gone, action)
