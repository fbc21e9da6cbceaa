"""The lead loop's forms: hand-off, a contact attempt, a rating, closing, reassigning."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from workspace.forms import EmailAddress
from workspace.sla.rules import FIELDS

CHANNEL_CHOICES = [SelectChoice("call", _l("Call")), SelectChoice("email", _l("Email")),
                   SelectChoice("linkedin", _l("LinkedIn")),
                   SelectChoice("meeting", _l("Meeting"))]
OUTCOME_CHOICES = [SelectChoice("no_answer", _l("No answer")),
                   SelectChoice("left_message", _l("Left a message")),
                   SelectChoice("connected", _l("Connected")),
                   SelectChoice("meeting_booked", _l("Meeting booked"))]
VERDICT_CHOICES = [SelectChoice("accepted", _l("Accept as SQL")),
                   SelectChoice("nurture", _l("Back to nurture")),
                   SelectChoice("disqualified", _l("Disqualify"))]
REASON_LABELS = {"fits": _l("Fits the profile"), "wrong_contact": _l("Wrong contact"),
                 "no_budget": _l("No budget"), "no_need": _l("No need"),
                 "bad_timing": _l("Bad timing"), "duplicate": _l("Duplicate"),
                 "other": _l("Other (say why)")}


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
    channel = SelectField(_l("Channel"), choices=CHANNEL_CHOICES)
    outcome = SelectField(_l("Outcome"), choices=OUTCOME_CHOICES)
    at = DateTimeLocalField(_l("When (empty: now)"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Length(max=2000)])


class RatingForm(FlaskForm):
    rating = SelectField(_l("Quality"), choices=[SelectChoice(str(n), "★" * n) for n in
                                                 range(5, 0, -1)])
    verdict = SelectField(_l("Verdict"), choices=VERDICT_CHOICES)
    reason = SelectField(_l("Reason"), validate_choice=False)
    comment = TextAreaField(_l("Comment"), validators=[Length(max=2000)], render_kw={"rows": 2})
    confirm_below_minimum = BooleanField(_l("Disqualify even though the SLA's minimum attempts "
                                            "were not made"))


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

    choices = [SelectChoice(code, label) for code, label in REASON_LABELS.items()]
    for index, rule in enumerate(rules):
        if rule["field"] in FIELDS:
            choices.insert(-1, SelectChoice(f"rule:{index}", _l(
                "Does not actually meet: %(rule)s", rule=describe(rule))))
    return choices
