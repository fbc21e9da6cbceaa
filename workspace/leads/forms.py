"""The lead loop's forms: hand-off, a contact attempt, a rating, closing, reassigning."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from workspace.forms import EmailAddress
from workspace.i18n import N_
from workspace.leads import labels
from workspace.sla.rules import FIELDS


def _choices(table: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, _l(text)) for value, text in table.items()]


def _must_choose(label) -> SelectChoice:
    """A first, empty option: nothing is chosen for the rep."""
    return SelectChoice("", label)


class HandOverForm(FlaskForm):
    company = StringField(_l("Company"), validators=[InputRequired(), Length(max=200)])
    contact_name = StringField(_l("Contact name"), validators=[Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), EmailAddress(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Length(max=50)])
    employees = IntegerField(_l("Employees"), validators=[Optional(), NumberRange(min=0)])
    marketing_budget_monthly = DecimalField(_l("Monthly marketing budget"), places=2,
                                            validators=[Optional(), NumberRange(min=0)])
    industry = StringField(_l("Industry"), validators=[Length(max=100)])
    country = StringField(_l("Country"), validators=[Length(max=100)])
    last_engaged_on = DateField(_l("Last engagement"), validators=[Optional()])
    source = StringField(_l("Source"), validators=[InputRequired(), Length(max=100)],
                         description=_l("Webinar, ebook, paid search…"))
    campaign = StringField(_l("Campaign"), validators=[Length(max=200)])
    external_id = StringField(_l("CRM id (optional)"), validators=[Length(max=100)])
    assigned_to = SelectField(_l("Assign to"), validate_choice=False)


class AttemptForm(FlaskForm):
    channel = SelectField(_l("Channel"), choices=_choices(labels.CHANNELS))
    outcome = SelectField(_l("Outcome"), choices=_choices(labels.OUTCOMES))
    at = DateTimeLocalField(_l("When (empty: now)"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Length(max=2000)])


class RatingForm(FlaskForm):
    """Nothing preselected on a first rating: the rep chooses; a revision starts from the last."""

    rating = RadioField(_l("Quality"), choices=[
        SelectChoice(str(n), Markup(f'<span aria-hidden="true">{"★" * n}</span> {n}'))
        for n in range(1, 6)], validators=[InputRequired(_l("Choose a rating from 1 to 5."))])
    verdict = SelectField(_l("Verdict"), choices=[_must_choose(_l("Choose a verdict…")),
                                                  *_choices(labels.VERDICT_ACTIONS)],
                          validators=[InputRequired(_l("Choose a verdict."))])
    reason = SelectField(_l("Reason"), validate_choice=False,
                         validators=[InputRequired(_l("Choose a reason."))])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=2000)], render_kw={"rows": 2})
    confirm_below_minimum = BooleanField(_l("Disqualify even though the SLA's minimum attempts "
                                            "were not made"))
    confirm_no_attempt = BooleanField(_l("Accept as SQL although no contact attempt is logged"))

    def __init__(self, *args, attempts_logged: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.attempts_logged = attempts_logged

    def validate_confirm_no_attempt(self, field):
        if self.verdict.data == "accepted" and not self.attempts_logged and not field.data:
            raise ValidationError(_l("No contact attempt is logged for this lead. Log it first, "
                                     "or tick this box to accept the lead as SQL without one."))


class CloseForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), choices=[SelectChoice("won", _l("Won")),
                                                 SelectChoice("lost", _l("Lost"))])
    deal_value = DecimalField(_l("Deal value"), places=2, validators=[Optional(),
                                                                      NumberRange(min=0)])
    attribution = SelectField(_l("Credit"), choices=[
        SelectChoice("marketing", _l("Marketing")), SelectChoice("sales", _l("Sales")),
        SelectChoice("both", _l("Both"))])
    lost_reason = StringField(_l("Why lost"), validators=[Length(max=500)])


def reason_choices(rules: list[dict]) -> list[SelectChoice]:
    """Reasons, with "does not actually meet: <rule>" for each MQL rule of the lead's SLA."""
    from workspace.sla.rules import describe

    choices = [_must_choose(_l("Choose a reason…")), *_choices(
        {**labels.REASONS, "other": N_("Other (say why)")})]
    for index, rule in enumerate(rules):
        if rule["field"] in FIELDS:
            choices.insert(-1, SelectChoice(f"rule:{index}", _l(
                "Does not actually meet: %(rule)s", rule=describe(rule))))
    return choices
