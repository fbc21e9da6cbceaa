"""Joint goals: the period's plan both heads agree, SMART goals with the five questions,
check-ins, and cross-team asks that never get lost."""

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from workspace import areas
from workspace.documents import DocumentType
from workspace.i18n import N_


def init_area(app: Flask) -> None:
    from workspace.goals import models
    from workspace.goals.forms import QUESTION_LABELS
    from workspace.goals.needs import goals_to_discuss, my_commitments, next_goal_to_discuss

    from . import api  # noqa: F401  (adds GET /api/v1/goals)
    from .views import bp

    app.register_blueprint(bp)
    from workspace.metrics.catalog import METRICS

    app.jinja_env.globals.update(goal_labels=models, question_labels=QUESTION_LABELS,
                                 metric_labels={key: m.label for key, m in METRICS.items()})
    areas.add_document_type(app, DocumentType(
        "goal", "goals", models.Goal, url=lambda goal: url_for("goals.show", goal_id=goal.id),
        label=lambda goal: goal.title,
        compare_url=lambda goal, a, b: url_for("goals.history", goal_id=goal.id, a=a, b=b),
        text=lambda goal: "\n".join([goal.title, goal.measured_how,
                                     *(getattr(goal, q) for q in models.QUESTIONS)]),
        verbs={"checked in on": N_("checked in on"), "achieved": N_("marked achieved"),
               "dropped": N_("dropped"), "changed the status of": N_("changed the status of"),
               "asked the other team on": N_("asked the other team for help on")},
        notifications={"asked": N_("%(actor)s asks your help on %(target)s"),
                       "declined": N_("%(actor)s declined your ask on %(target)s")}))
    areas.add_nav(app, 30, "goals.index", _l("Goals"), "/goals")
    areas.add_home(app, 25, my_commitments)
    areas.add_home(app, 35, goals_to_discuss, next_goal_to_discuss)
