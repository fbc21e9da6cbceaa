"""The SLA editor: free text, typed commitments, the MQL rules; proposing, signing, withdrawing."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from workspace.sla.rules import FIELDS, MONEY, OPERATOR_WORDS, RuleError, clean_rule

RULE_ROWS = 6


class RuleForm(Form):
    # Choices are checked by clean_rule, which also accepts a blank row.
    field = SelectField(_l("Field"), validate_choice=False, choices=[SelectChoice("", "—")] + [
        SelectChoice(name, label) for name, (_kind, label) in FIELDS.items()])
    # Operators read as words in the reader's language; the stored rule keeps the ASCII sign.
    op = SelectField(_l("Operator"), validate_choice=False, choices=[SelectChoice("", "—")] + [
        SelectChoice(op, words) for op, words in OPERATOR_WORDS.items()])
    value = StringField(_l("Value"), validators=[Length(max=300)])

    @property
    def is_blank(self) -> bool:
        return not (self.field.data or self.op.data or (self.value.data or "").strip())

    def cleaned(self) -> dict | None:
        """The stored rule, or None for a blank row; errors go beside the subfield."""
        if self.is_blank:
            return None
        try:
            return clean_rule(self.field.data, self.op.data, self.value.data)
        except RuleError as error:
            getattr(self, error.field).errors = [*getattr(self, error.field).errors, str(error)]
            return None


class IsoDateField(DateField):
    """A date the version keeps as ISO text: read from the version as a date, so a form
    posted without the field still shows it (a missing optional field is not an error)."""

    def process_data(self, value):
        from datetime import date

        try:
            self.data = date.fromisoformat(value) if isinstance(value, str) and value else value
        except ValueError:
            self.data = None


class AgreementForm(FlaskForm):
    text = TextAreaField(_l("Agreement text"), render_kw={"rows": 10},
                         description=_l("Purpose, scope, escalation. Markdown works; glossary "
                                        "terms are linked."))
    mql_target_per_month = IntegerField(_l("MQLs marketing hands over per month"), validators=[
        InputRequired(), NumberRange(min=0, max=1_000_000)])
    first_contact_minutes = IntegerField(_l("First contact within (minutes)"), validators=[
        InputRequired(), NumberRange(min=1, max=60 * 24 * 30)])
    min_attempts = IntegerField(_l("Contact attempts before disqualifying"), validators=[
        InputRequired(), NumberRange(min=1, max=50)])
    feedback_hours = IntegerField(_l("Feedback (rating) within (hours)"), validators=[
        InputRequired(), NumberRange(min=1, max=24 * 60)])
    review_on = IsoDateField(_l("Review date"), validators=[Optional()])
    effective_on = IsoDateField(_l("Takes effect on (optional)"), validators=[Optional()],
                             description=_l("Empty: as soon as both heads have signed."))
    rules = FieldList(FormField(RuleForm), min_entries=RULE_ROWS, max_entries=RULE_ROWS + 4)
    summary = StringField(_l("Summary of your change (optional)"), validators=[Length(max=200)])
    base_revision = HiddenField()

    def validate_rules(self, field):
        cleaned = [row.form.cleaned() for row in field]
        if any(row.form.errors or any(f.errors for f in row.form) for row in field):
            raise ValidationError(_l("Fix the rules marked below."))
        self.cleaned_rules = [rule for rule in cleaned if rule]

    def content(self) -> dict:
        return {"text": (self.text.data or "").strip(),
                "mql_target_per_month": self.mql_target_per_month.data,
                "mql_rules": self.cleaned_rules,
                "first_contact_minutes": self.first_contact_minutes.data,
                "min_attempts": self.min_attempts.data, "feedback_hours": self.feedback_hours.data,
                "review_on": self.review_on.data.isoformat() if self.review_on.data else None,
                "effective_on": self.effective_on.data.isoformat()
                if self.effective_on.data else None}

    def fill_rules(self, rules: list[dict]) -> None:
        for row, rule in zip(self.rules, rules, strict=False):
            row.form.field.data, row.form.op.data = rule["field"], rule["op"]
            row.form.value.data = editor_value(rule)


def editor_value(rule: dict) -> str:
    kind = FIELDS[rule["field"]][0]
    values = rule["value"] if isinstance(rule["value"], list) else [rule["value"]]
    shown = [f"{v / 100:g}" if kind == MONEY else str(v) for v in values]
    if rule["field"] == "country":
        shown = [code.upper() if len(code) == 2 else code for code in shown]
    return ", ".join(shown)


class SignForm(FlaskForm):
    """A signature is an explicit act: the head ticks that they read this version and sign it."""

    content_hash = HiddenField(validators=[InputRequired()])
    # The label names the version and the team; the view sets it (consent_label).
    consent = BooleanField(_l("I have read this version and sign it for my team"),
                           validators=[DataRequired(_l(
                               "Tick this box to confirm you read this version and sign it."))])
    password = PasswordField(_l("Your password"), render_kw={"autocomplete": "current-password"},
                             description=_l("Signing asks for it when you signed in a while ago."))


def consent_label(form: SignForm, number: int, team: str | None) -> SignForm:
    """The tick box names what is signed and for whom, in the reader's language."""
    from flask_babel import gettext as _

    if team == "marketing":
        form.consent.label.text = _("I have read version %(n)s and sign it for the marketing "
                                    "team", n=number)
    elif team == "sales":
        form.consent.label.text = _("I have read version %(n)s and sign it for the sales team",
                                    n=number)
    return form


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why withdraw it?"), validators=[
        InputRequired(_l("Say why, so the other head knows what to change.")),
        Length(max=2000)], render_kw={"rows": 3})
