"""The demo company's glossary: mostly agreed, some proposed, one reopened, one deprecated."""

from datetime import timedelta

from workspace import clock
from workspace.auth.models import User
from workspace.comments.services import add_comment
from workspace.glossary import services
from workspace.glossary.queries import term_by_name


def seed_glossary(people: dict[str, User]) -> None:
    start = clock.now() - timedelta(days=120)
    marketing_head, sales_head = people["marketing_head"], people["sales_head"]
    clock.freeze(start)
    try:
        terms = services.load_starter(marketing_head, "en")
        for index, term in enumerate(terms):
            if term.name in ("Lead scoring", "Smarketing", "Sales attribution"):
                continue  # still proposed
            clock.freeze(start + timedelta(days=2 + index))
            services.decide(term, marketing_head, approved=True)
            services.decide(term, sales_head, approved=True)
        _discuss_mql(people, start)
        _reopen_conversion_rate(people, start)
        _deprecate_hot_lead(people, start)
    finally:
        clock.freeze(None)


def _discuss_mql(people, start) -> None:
    term = term_by_name("MQL")
    rep, marketer = people["rep"], people["marketer"]
    clock.freeze(start + timedelta(days=30))
    question = add_comment(rep, term, "Do we count contractors in the **100 employees**? "
                                      "Half of last week's MQLs were agencies.")
    clock.freeze(start + timedelta(days=30, hours=3))
    add_comment(marketer, term, "Payroll staff only. I'll add it to the definition.",
                parent_id=question.id)
    clock.freeze(start + timedelta(days=31))
    services.edit_term(term, {"definition": term.definition + "\n\nEmployees means staff on "
                                                              "payroll; contractors do not count."},
                       term.current_revision, marketer, "contractors do not count")
    clock.freeze(start + timedelta(days=32))
    services.decide(term, people["marketing_head"], approved=True)
    services.decide(term, people["sales_head"], approved=True)
    add_comment(people["sales_head"], term, f"Thanks @{people['rep'].email.split('@')[0]}, "
                                            "this settles last week's argument.")


def _reopen_conversion_rate(people, start) -> None:
    term = term_by_name("Conversion rate")
    clock.freeze(start + timedelta(days=100))
    services.edit_term(term, {"examples": term.examples + "\n- Lead → MQL: 1,200 leads gave "
                                                          "300 MQLs, a 25% conversion rate."},
                       term.current_revision, people["rep"], "added the lead-to-MQL example")


def _deprecate_hot_lead(people, start) -> None:
    clock.freeze(start + timedelta(days=10))
    hot = services.create_term(people["rep"], services.term_fields(
        "Hot lead", "Warm lead", "A lead a rep feels good about. Replaced by the SLA's SQL "
        "definition, which says exactly when sales accepts a lead.", "", "sales", "SQL"))
    clock.freeze(start + timedelta(days=12))
    services.deprecate_term(hot, people["sales_head"], term_by_name("SQL"))
