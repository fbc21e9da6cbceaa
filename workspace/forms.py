"""What views and forms share: the 422 round trip, an email validator."""

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError


def form_status(*forms: FlaskForm) -> int:
    """422 when a submitted form carries errors, so htmx and tests see the refusal."""
    return 422 if any(form.is_submitted() and _has_errors(form) for form in forms) else 200


def _has_errors(form: FlaskForm) -> bool:
    # Not form.errors: WTForms caches it, and services may add errors after validation.
    return any(field.errors for field in form)


def refuse(form: FlaskForm, field: str, message: str) -> None:
    """A message beside a field, for a rule only the service can check."""
    getattr(form, field).errors = [*getattr(form, field).errors, message]


class EmailAddress:
    """A well-formed address; `.test` domains are allowed so demo and test data validate."""

    def __call__(self, form, field) -> None:
        try:
            validate_email(field.data or "", check_deliverability=False, test_environment=True)
        except EmailNotValidError as error:
            raise ValidationError(_l("Enter a valid email address.")) from error
