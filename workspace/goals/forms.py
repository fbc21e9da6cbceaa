"""Joint goals' forms: a goal, a check-in, a status, a commitment and its answers."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FloatField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from workspace.goals.models import QUESTIONS
from workspace.goals.queries import NARROWING

QUESTION_LABELS = {
    "why": _l("What do we want this period, and why?"),
    "initiatives": _l("Which initiatives will get us there?"),
    "obstacles": _l("What stands in the way?"),
    "resources": _l("Which resources or data do we need?"),
    "other_team_help": _l("How can the other team help?"),
}
LONG = 20000


def _rep_id(value) -> int | None:
    """"" (any rep) is no narrowing; anything else a user id."""
    return int(value) if value not in (None, "") else None


class GoalForm(FlaskForm):
    title = StringField(_l("Goal"), validators=[InputRequired(), Length(max=200)],
                        description=_l("Specific: what changes, for whom."))
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False)
    contributor_ids = SelectMultipleField(_l("Contributors"), coerce=int,
                                          validate_choice=False)
    metric = SelectField(_l("Measured by"), validate_choice=False)
    unit = StringField(_l("Unit"), validators=[Length(max=40)],
                       description=_l("For typed values: MQLs, %, €… A live metric has its own."))
    source = SelectField(_l("Source"), validate_choice=False)
    campaign = SelectField(_l("Campaign"), validate_choice=False)
    rep_id = SelectField(_l("Rep"), coerce=_rep_id, validate_choice=False)
    baseline = FloatField(_l("Baseline"), validators=[InputRequired(_l("Where it stands now."))])
    target = FloatField(_l("Target"), validators=[InputRequired(_l("Where it should get to."))])
    direction = SelectField(_l("Direction"), choices=[
        SelectChoice("increase", _l("Increase")), SelectChoice("decrease", _l("Decrease"))])
    deadline = DateField(_l("Deadline"), validators=[InputRequired()])
    measured_how = TextAreaField(_l("How it is measured"), validators=[Length(max=LONG)],
                                 render_kw={"rows": 2})
    why = TextAreaField(QUESTION_LABELS["why"], validators=[Length(max=LONG)],
                        render_kw={"rows": 3})
    initiatives = TextAreaField(QUESTION_LABELS["initiatives"], validators=[Length(max=LONG)],
                                render_kw={"rows": 3})
    obstacles = TextAreaField(QUESTION_LABELS["obstacles"], validators=[Length(max=LONG)],
                              render_kw={"rows": 3})
    resources = TextAreaField(QUESTION_LABELS["resources"], validators=[Length(max=LONG)],
                              render_kw={"rows": 3})
    other_team_help = TextAreaField(QUESTION_LABELS["other_team_help"],
                                    validators=[Length(max=LONG)], render_kw={"rows": 3},
                                    description=_l("Each concrete ask can become a commitment "
                                                   "on the goal's page."))
    summary = StringField(_l("Summary of your change (optional)"), validators=[Length(max=200)])
    base_revision = HiddenField()

    def fields_for_goal(self) -> dict:
        values = {name: getattr(self, name).data for name in (
            "title", "owner_id", "metric", "unit", "baseline", "target", "direction",
            "measured_how", "deadline", *QUESTIONS)}
        values["title"] = (values["title"] or "").strip()
        values["unit"] = (values["unit"] or "").strip()
        return values

    def metric_filters(self) -> dict:
        """The slice the live metric is narrowed to, without the parts left at "any"; a
        typed goal has none."""
        if not self.metric.data:
            return {}
        return {name: getattr(self, name).data for name in NARROWING
                if getattr(self, name).data}


class CheckInForm(FlaskForm):
    value = FloatField(_l("Value now"), validators=[Optional()])
    confidence = RadioField(_l("Confidence"), choices=[
        SelectChoice(str(n), str(n)) for n in range(1, 6)],
        validators=[InputRequired(_l("How sure are you, from 1 to 5?"))],
        description=_l("1: it will not happen; 5: it will."))
    progress = TextAreaField(_l("Progress"), validators=[Length(max=2000)], render_kw={"rows": 2})
    plans = TextAreaField(_l("Plans"), validators=[Length(max=2000)], render_kw={"rows": 2})
    problems = TextAreaField(_l("Problems"), validators=[Length(max=2000)], render_kw={"rows": 2})


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), validate_choice=False)
    reason = StringField(_l("Why"), validators=[Length(max=500)])


class CommitmentForm(FlaskForm):
    text = StringField(_l("What you ask of them"), validators=[InputRequired(), Length(max=500)])
    owner_id = SelectField(_l("Who owns it"), coerce=int, validate_choice=False,
                           validators=[NumberRange(min=1, message=_l("Choose a person."))])
    due_on = DateField(_l("Due"), validators=[InputRequired()])


class DeclineForm(FlaskForm):
    reason = StringField(_l("Why you decline"), validators=[InputRequired(), Length(max=500)])
