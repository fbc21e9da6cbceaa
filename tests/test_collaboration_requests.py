"""Requests for a signature or an approval resolve themselves once what they ask for is done."""

import pytest

from tests.factories import make_user
from tests.glossary_builders import make_term
from workspace.glossary import services as glossary
from workspace.notifications.services import mark_read, notifications_for, unread_count
from workspace.sla import services as sla
from workspace.sla.rules import clean_rule


@pytest.fixture
def heads():
    return make_user("marketing", "head", name="Lucía"), make_user("sales", "head", name="David")


def proposed(head):
    version = sla.draft_version(head)
    sla.edit_draft(version, {"text": "We agree.", "review_on": "2027-03-01",
                             "mql_rules": [clean_rule("employees", ">", "100")]},
                   version.current_revision, head)
    return sla.propose(version, head)


def requests(user) -> list[tuple[str, bool]]:
    return [(n.target_label, n.done) for n in notifications_for(user) if n.kind == "waiting"]


def test_a_signature_request_is_done_once_the_team_signed(heads):
    marketing, sales = heads
    version = proposed(marketing)
    assert requests(sales) == [("SLA v1", False)] and unread_count(sales) == 1
    assert requests(marketing) == []  # the proposer is not asked

    sla.sign(version, sales, version.content_hash)
    assert requests(sales) == [("SLA v1", True)] and unread_count(sales) == 0


def test_a_second_head_of_the_team_is_released_by_the_first_signature(heads):
    marketing, sales = heads
    deputy = make_user("sales", "head", name="Dana")
    version = proposed(marketing)
    assert unread_count(deputy) == 1
    sla.sign(version, sales, version.content_hash)
    assert unread_count(deputy) == 0  # the team has signed: nothing waits on Dana


def test_a_withdrawn_or_superseded_proposal_asks_nothing_any_more(heads):
    marketing, sales = heads
    sla.withdraw(proposed(marketing), marketing, "Wrong target.")
    assert requests(sales) == [("SLA v1", True)] and unread_count(sales) == 0

    signed = sla.version_by_number(2)
    sla.propose(signed, marketing)
    sla.sign(signed, marketing, signed.content_hash)
    sla.sign(signed, sales, signed.content_hash)
    assert unread_count(sales) == 0 and unread_count(marketing) == 0


def test_an_approval_request_is_done_once_the_team_approved(heads):
    marketing, sales = heads
    term = make_term(make_user("marketing", "member", name="Marta"), "SQL")
    assert requests(marketing) == [("SQL", False)] and requests(sales) == [("SQL", False)]

    glossary.decide(term, sales, approved=True)
    assert requests(sales) == [("SQL", True)] and unread_count(sales) == 0
    assert unread_count(marketing) == 1
    glossary.decide(term, marketing, approved=False, reason="Say which call.")
    assert unread_count(marketing) == 1  # asking for changes is not approving


def test_a_deprecated_term_asks_nothing_and_an_edit_of_an_agreed_one_asks_again(heads):
    marketing, sales = heads
    term = make_term(marketing, "SQL")
    glossary.deprecate_term(term, marketing, None)
    assert unread_count(sales) == 0

    agreed = make_term(make_user(), "MQL")
    glossary.decide(agreed, marketing, approved=True)
    glossary.decide(agreed, sales, approved=True)
    assert unread_count(sales) == 0
    glossary.edit_term(agreed, {"definition": "Changed."}, agreed.current_revision,
                       make_user(name="Tom"))
    assert [done for label, done in requests(sales) if label == "MQL"] == [False, False]
    assert unread_count(sales) == 1  # the new request replaced the one done before


def test_marking_read_still_works_for_open_requests(heads):
    marketing, sales = heads
    proposed(marketing)
    mark_read(sales)
    assert unread_count(sales) == 0 and requests(sales) == [("SLA v1", False)]


def test_a_member_is_never_asked(heads):
    marketing, _sales = heads
    member = make_user("sales", "member")
    proposed(marketing)
    make_term(marketing, "SQL")
    assert requests(member) == [] and unread_count(member) == 0


def test_each_kind_of_reader_counts_with_its_own_statement(heads):
    """The count's statement is kept per kind of reader (role and team): a head of one team
    never counts with another team's, nor a member with a head's."""
    marketing, sales = heads
    member = make_user("sales", "member")
    version = proposed(marketing)
    assert [unread_count(sales), unread_count(marketing), unread_count(member)] == [1, 0, 0]
    sla.sign(version, marketing, version.content_hash)
    assert [unread_count(marketing), unread_count(sales), unread_count(member)] == [0, 1, 0]
    sla.sign(version, sales, version.content_hash)
    assert [unread_count(member), unread_count(sales), unread_count(marketing)] == [0, 0, 0]
