"""The meeting log's forms: schedule, an agenda item, notes, a decision, an action, a decline."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError


def _optional_id(value) -> int | None:
    return int(value) if value not in (None, "", "0") else None


class MeetingForm(FlaskForm):
    kind = SelectField(_l("Kind"), validate_choice=False)
    title = StringField(_l("Title"), validators=[InputRequired(), Length(max=200)])
    day = DateField(_l("Day"), validators=[InputRequired()])
    starts = TimeField(_l("Starts"), validators=[InputRequired()])
    ends = TimeField(_l("Ends"), validators=[InputRequired()],
                     description=_l("Times are in your time zone; each attendee sees theirs."))
    attendee_ids = SelectMultipleField(_l("Attendees"), coerce=int, validate_choice=False,
                                       description=_l("People of both teams; you attend too."))
    weekly = BooleanField(_l("Repeats weekly (a series: open items carry over)"))
    review = HiddenField()  # "YYYY-MM": an SLA review turned from that month's review page

    def validate_ends(self, field) -> None:
        if self.starts.data and field.data and field.data <= self.starts.data:
            raise ValidationError(_l("The meeting ends before it starts."))


class AgendaItemForm(FlaskForm):
    text = StringField(_l("Item"), validators=[InputRequired(), Length(max=500)])
    presenter_id = SelectField(_l("Presenter"), coerce=_optional_id, validate_choice=False)
    minutes = IntegerField(_l("Time box (minutes)"),
                           validators=[Optional(), NumberRange(min=1, max=720)])


class NotesForm(FlaskForm):
    notes = TextAreaField(_l("Notes"), validators=[Length(max=100000)], render_kw={"rows": 14})
    base_revision = HiddenField()
    summary = StringField(_l("Reason or summary"), validators=[Length(max=200)],
                          description=_l("Required to correct a closed meeting's notes."))


class DecisionForm(FlaskForm):
    text = TextAreaField(_l("Decision"), validators=[InputRequired(), Length(max=5000)],
                         render_kw={"rows": 2})
    link = SelectField(_l("Concerns"), validate_choice=False)


class ActionForm(FlaskForm):
    text = StringField(_l("Action"), validators=[InputRequired(), Length(max=500)])
    owner_id = SelectField(_l("Owner"), coerce=int, validate_choice=False,
                           validators=[NumberRange(min=1, message=_l("Choose a person."))])
    due_on = DateField(_l("Due"), validators=[Optional()])


class DeclineActionForm(FlaskForm):
    reason = StringField(_l("Why you decline"), validators=[InputRequired(), Length(max=500)])
