"""The admin's forms: invite, membership, workspace settings, API tokens."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from workspace.api.models import SCOPES
from workspace.auth.services import user_by_email
from workspace.choices import CURRENCIES, timezone_choices
from workspace.forms import EmailAddress


def team_choices(allow_none: bool):
    choices = [SelectChoice("marketing", _l("Marketing")), SelectChoice("sales", _l("Sales"))]
    return ([SelectChoice("", _l("No team"))] if allow_none else []) + choices


ROLE_CHOICES = [SelectChoice("member", _l("Member")),
                SelectChoice("head", _l("Head of department"))]


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), EmailAddress(), Length(max=254)])
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    team = SelectField(_l("Team"), choices=team_choices(allow_none=False))
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)

    def validate_email(self, field):
        if user_by_email(field.data) is not None:
            raise ValidationError(_l("Someone with this email is already in the workspace."))


class MembershipForm(FlaskForm):
    team = SelectField(_l("Team"), choices=team_choices(allow_none=True))
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    is_admin = BooleanField(_l("Workspace admin"))


class WorkspaceForm(FlaskForm):
    name = StringField(_l("Workspace name"), validators=[InputRequired(), Length(max=120)])
    currency = SelectField(
        _l("Currency"), choices=[SelectChoice(c) for c in CURRENCIES],
        description=_l("Money is kept in whole cents of this currency."))
    timezone = SelectField(
        _l("Time zone"), description=_l("Monthly figures follow calendar months in this zone."))
    goal_period = SelectField(
        _l("Goal periods"), choices=[SelectChoice("quarter", _l("Quarters")),
                                     SelectChoice("half", _l("Half-years")),
                                     SelectChoice("year", _l("Years"))],
        description=_l("The span the goals page opens on. Goals already set keep their "
                       "periods."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = timezone_choices()


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ApiTokenForm(FlaskForm):
    name = StringField(_l("Integration name"), validators=[InputRequired(), Length(max=120)],
                       description=_l("Shown as the author of what it does, e.g. “CRM sync”."))
    # None ticked: the admin grants what the integration needs, nothing by default.
    scopes = MultiCheckboxField(_l("Scopes"), choices=[SelectChoice(s) for s in SCOPES],
                                default=[])

    def validate_scopes(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one scope."))


class ConfirmForm(FlaskForm):
    """An action with no fields but a CSRF token (deactivate, revoke, sign out)."""
