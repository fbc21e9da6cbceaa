"""The glossary's status rules."""

import pytest

from tests.factories import make_admin, make_user
from tests.glossary_builders import make_term
from workspace.comments.services import thread
from workspace.glossary import services
from workspace.glossary.queries import search_terms
from workspace.revisions import StaleSave


@pytest.fixture
def heads():
    return make_user("marketing", "head", name="Lucía"), make_user("sales", "head", name="David")


def test_a_new_term_is_proposed(heads):
    assert make_term(make_user()).status == "proposed"


def test_agreed_only_when_both_teams_approve_the_same_revision(heads):
    marketing, sales = heads
    term = make_term(make_user())
    services.decide(term, marketing, approved=True)
    assert term.status == "proposed"
    services.decide(term, sales, approved=True)
    assert term.status == "agreed" and term.approved_revision == 1


def test_an_edit_after_agreement_reopens_and_old_approvals_do_not_count(heads):
    marketing, sales = heads
    term = make_term(make_user())
    services.decide(term, marketing, approved=True)
    services.decide(term, sales, approved=True)
    editor = make_user()
    services.edit_term(term, {"definition": "A lead that fits the MQL rules."}, 1, editor)
    assert term.status == "reapproval" and term.current_revision == 2
    assert services.decisions_on_current(term) == {}
    services.decide(term, sales, approved=True)
    assert term.status == "reapproval"
    services.decide(term, marketing, approved=True)
    assert term.status == "agreed" and term.approved_revision == 2


def test_an_approval_before_an_edit_binds_to_its_revision(heads):
    marketing, sales = heads
    term = make_term(make_user())
    services.decide(term, marketing, approved=True)
    services.edit_term(term, {"definition": "changed"}, 1, make_user())
    services.decide(term, sales, approved=True)
    assert term.status == "proposed"


def test_members_and_admins_cannot_approve(heads):
    term = make_term(make_user())
    for person in (make_user("marketing", "member"), make_user("sales", "member"), make_admin()):
        with pytest.raises(services.DecisionRefused):
            services.decide(term, person, approved=True)


def test_one_decision_per_team_the_latest_counts(heads):
    marketing, sales = heads
    other_marketing_head = make_user("marketing", "head")
    term = make_term(make_user())
    services.decide(term, marketing, approved=False, reason="Too vague")
    services.decide(term, other_marketing_head, approved=True)
    decisions = services.decisions_on_current(term)
    assert list(decisions) == ["marketing"] and decisions["marketing"].approved


def test_asking_for_changes_needs_a_reason_that_becomes_a_comment(heads):
    marketing, _ = heads
    term = make_term(make_user())
    with pytest.raises(services.DecisionRefused):
        services.decide(term, marketing, approved=False, reason="  ")
    services.decide(term, marketing, approved=False, reason="Say which rules")
    assert thread(term)[0][0].body == "Changes requested: Say which rules"


def test_deprecated_terms_cannot_be_approved(heads):
    marketing, _ = heads
    term = make_term(make_user(), "Hot lead")
    replacement = make_term(make_user(), "SQL")
    services.deprecate_term(term, marketing, replacement)
    assert term.status == "deprecated" and term.replacement.name == "SQL"
    with pytest.raises(services.DecisionRefused):
        services.decide(term, marketing, approved=True)


def test_concurrent_edits_are_refused_not_lost():
    term = make_term(make_user())
    services.edit_term(term, {"definition": "first"}, 1, make_user())
    with pytest.raises(StaleSave):
        services.edit_term(term, {"definition": "second"}, 1, make_user())
    assert term.definition == "first"


def test_search_ignores_accents_and_case_over_name_aliases_and_definition():
    author = make_user()
    make_term(author, "Calificación de leads", "Cómo puntuamos un lead.")
    make_term(author, "SQL", "Sales qualified lead", aliases="Oportunidad")
    make_term(author, "CAC", "Customer acquisition cost", owner_team="sales")
    assert [t.name for t in search_terms("calificacion").terms] == ["Calificación de leads"]
    assert [t.name for t in search_terms("OPORTUNIDAD").terms] == ["SQL"]
    assert [t.name for t in search_terms("lead").terms] == ["Calificación de leads", "SQL"]
    assert [t.name for t in search_terms(team="sales").terms] == ["CAC"]
    assert search_terms("").total == 3


def test_where_used_follows_the_text_of_other_terms():
    from workspace.glossary.usage import where_used

    author = make_user()
    mql = make_term(author, "MQL", "A lead that meets the rules.")
    sql = make_term(author, "SQL", "An MQL sales accepted.")
    assert where_used(mql) == [("SQL", "term", sql.id)]
    services.edit_term(sql, {"definition": "A lead sales accepted."}, 1, author)
    assert where_used(mql) == []
    persona = make_term(author, "Buyer persona", "Who we sell to; every MQL should fit one.")
    lead = make_term(author, "Lead", "Someone interested.")  # found in texts written before
    assert [label for label, _, _ in where_used(lead)] == ["MQL", "SQL"]
    assert [label for label, _, _ in where_used(mql)] == ["Buyer persona"]
    assert where_used(persona) == []


def test_an_approval_of_a_revision_that_is_no_longer_current_is_refused(heads):
    marketing, _ = heads
    term = make_term(make_user())
    services.edit_term(term, {"definition": "changed meanwhile"}, 1, make_user())
    with pytest.raises(services.DecisionRefused):
        services.decide(term, marketing, approved=True, seen_revision=1)
    assert services.decisions_on_current(term) == {}


def test_a_deprecated_term_can_be_reinstated_by_a_head(heads):
    marketing, sales = heads
    agreed = make_term(make_user(), "Hot lead")
    services.decide(agreed, marketing, approved=True)
    services.decide(agreed, sales, approved=True)
    proposed = make_term(make_user(), "Warm lead")
    for term in (agreed, proposed):
        services.deprecate_term(term, marketing, None)
    with pytest.raises(services.DecisionRefused):
        services.reinstate_term(agreed, make_user("marketing", "member"))
    services.reinstate_term(agreed, sales)
    services.reinstate_term(proposed, sales)
    # Agreed again only where both teams had approved the current revision.
    assert (agreed.status, proposed.status) == ("agreed", "proposed")
    with pytest.raises(services.DecisionRefused):
        services.reinstate_term(agreed, sales)  # not deprecated any more
    services.decide(proposed, marketing, approved=True)
    assert proposed.status == "proposed"
