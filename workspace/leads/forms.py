"""The lead loop's forms: hand-off, a contact attempt, a rating, closing, reassigning."""

from datetime import UTC, datetime, time

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
from wtforms.validators import InputRequired, Optional, StopValidation, ValidationError

from workspace.forms import EmailAddress
from workspace.i18n import N_
from workspace.leads import intake, labels
from workspace.sla.rules import FIELDS


def _choices(table: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, _l(text)) for value, text in table.items()]


class Storable:
    """The intake's one check of a text: its length (also as the input's maxlength) and no
    control characters."""

    def __init__(self, name: str):
        self.name = name
        self.limits = {name: {**intake.TEXT_LIMITS, **intake.NOTE_LIMITS}[name]}
        self.field_flags = {"maxlength": self.limits[name]}

    def __call__(self, form, field):
        for refusal in intake.text_refusals({self.name: field.data}, self.limits):
            raise StopValidation(refusal.translated())


class Within:
    """The intake's one range for this number (also as the input's min and max); NaN and
    infinity, which a decimal input accepts, are outside every range."""

    def __init__(self, name: str):
        self.name = name
        low, high = intake.NUMBER_RANGES[name]
        self.field_flags = {"min": low, "max": high}

    def __call__(self, form, field):
        refusal = intake.number_refusal(self.name, field.data)
        if refusal:
            raise StopValidation(refusal.translated())


class InTime:
    """The intake's range for a stored date: a date no page could show is never stored."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, form, field):
        moment = datetime.combine(field.data, time(), tzinfo=UTC) if field.data else None
        refusal = intake.time_refusal(self.name, moment)
        if refusal:
            raise StopValidation(refusal.translated())


def _must_choose(label) -> SelectChoice:
    """A first, empty option: nothing is chosen for the rep."""
    return SelectChoice("", label)


class HandOverForm(FlaskForm):
    company = StringField(_l("Company"), validators=[InputRequired(), Storable("company")])
    contact_name = StringField(_l("Contact name"), validators=[Storable("contact_name")])
    email = EmailField(_l("Email"), validators=[Optional(), Storable("email"), EmailAddress()])
    phone = StringField(_l("Phone"), validators=[Storable("phone")])
    employees = IntegerField(_l("Employees"), validators=[Optional(), Within("employees")])
    marketing_budget_monthly = DecimalField(_l("Monthly marketing budget"), places=2,
                                            validators=[Optional(),
                                                        Within("marketing_budget_monthly")])
    industry = StringField(_l("Industry"), validators=[Storable("industry")])
    country = StringField(_l("Country"), validators=[Storable("country")])
    last_engaged_on = DateField(_l("Last engagement"), validators=[Optional(),
                                                                    InTime("last_engaged_at")])
    source = StringField(_l("Source"), validators=[InputRequired(), Storable("source")],
                         description=_l("Webinar, ebook, paid search…"))
    campaign = StringField(_l("Campaign"), validators=[Storable("campaign")])
    external_id = StringField(_l("CRM id (optional)"), validators=[Storable("external_id")])
    assigned_to = SelectField(_l("Assign to"), default="")  # the view offers the reps

    def validate_external_id(self, field):
        """The CRM id is unique: a second lead with it would fail to save, not be refused."""
        external_id = (field.data or "").strip()
        if external_id and intake.match_existing([{"external_id": external_id}])[0] is not None:
            raise ValidationError(_l("A lead with this CRM id exists already."))


class AttemptForm(FlaskForm):
    channel = SelectField(_l("Channel"), choices=_choices(labels.CHANNELS))
    outcome = SelectField(_l("Outcome"), choices=_choices(labels.OUTCOMES))
    at = DateTimeLocalField(_l("When (empty: now)"), validators=[Optional()])
    note = StringField(_l("Note"), validators=[Storable("note")])


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
    comment = TextAreaField(_l("Comment"), validators=[Storable("comment")],
                            render_kw={"rows": 2})
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
                                                                      Within("deal_value")])
    attribution = SelectField(_l("Credit"), choices=[
        SelectChoice("marketing", _l("Marketing")), SelectChoice("sales", _l("Sales")),
        SelectChoice("both", _l("Both"))])
    lost_reason = StringField(_l("Why lost"), validators=[Storable("lost_reason")])


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


def owner_choices_form(owners, reps) -> FlaskForm:
    """Confirming an import: for each owner name no rep answers to, the rotation or one rep.
    `owners` are import_preview.UnknownOwner; the form is built per import, fields by name."""

    class OwnerChoicesForm(FlaskForm):
        pass

    choices = [SelectChoice("", _l("Assign by rotation")),
               *[SelectChoice(str(rep.id), f"{rep.name} ({rep.email})") for rep in reps]]
    for owner in owners:
        setattr(OwnerChoicesForm, owner.field, SelectField(owner.name, choices=choices,
                                                           default=""))
    return OwnerChoicesForm()


def chosen_owners(form: FlaskForm, owners) -> dict[str, int]:
    """Folded owner name -> the rep chosen for it (names left to the rotation are absent)."""
    return {owner.key: int(form[owner.field].data) for owner in owners
            if form[owner.field].data}
