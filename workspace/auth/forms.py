"""One form per use case of accounts."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from workspace.choices import timezone_choices
from workspace.forms import EmailAddress

MIN_PASSWORD = 10


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), EmailAddress()],
                       filters=[lambda text: text.strip() if isinstance(text, str) else text],
                       render_kw={"autocomplete": "username"})  # autofill adds a space
    password = PasswordField(_l("Password"), validators=[InputRequired()],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class NewPasswordMixin:
    password = PasswordField(
        _l("New password"),
        validators=[InputRequired(), Length(min=MIN_PASSWORD, max=200,
                                            message=_l("Use at least %(n)d characters.",
                                                       n=MIN_PASSWORD))],
        description=_l("At least %(n)d characters. A short sentence works well.",
                       n=MIN_PASSWORD),
        render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class AcceptInvitationForm(NewPasswordMixin, FlaskForm):
    pass


class ProfileForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    locale = SelectField(_l("Language"))
    timezone = SelectField(_l("Time zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = [SelectChoice(code, label)
                               for code, label in current_app.config["LANGUAGES"].items()]
        self.timezone.choices = timezone_choices()


class PasswordForm(NewPasswordMixin, FlaskForm):
    current = PasswordField(_l("Current password"), validators=[InputRequired()],
                            render_kw={"autocomplete": "current-password"})

    def __init__(self, user, *args, address: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.address, self.slow = user, address, None

    def validate_current(self, field):
        """Through the sign-in throttle: a borrowed session cannot guess without limit."""
        from workspace.auth.services import SlowDown, checked_password

        try:
            right = checked_password(self.user, self.user.email, field.data, self.address)
        except SlowDown as slow:
            self.slow = slow
            raise ValidationError(slow.message()) from None
        if not right:
            raise ValidationError(_l("That is not your current password."))
