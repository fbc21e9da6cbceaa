"""The glossary's forms: a term, a request for changes, a deprecation."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from markupsafe import Markup
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from workspace.glossary.queries import term_by_name


class TermForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=120)])
    aliases = TextAreaField(_l("Aliases"), render_kw={"rows": 2},
                            description=_l("Other words people use for it, one per line."))
    definition = TextAreaField(_l("Definition"), validators=[InputRequired(), Length(max=20000)],
                               render_kw={"rows": 6},
                               description=_l("Markdown works. Say what it is and what it is not."))
    examples = TextAreaField(_l("Examples"), validators=[Length(max=20000)],
                             render_kw={"rows": 3})
    owner_team = SelectField(_l("Owner team"), choices=[
        SelectChoice("marketing", _l("Marketing")), SelectChoice("sales", _l("Sales"))])
    related = TextAreaField(_l("Related terms"), render_kw={"rows": 2},
                            description=_l("Names of other terms, one per line."))
    summary = StringField(_l("Summary of your change (optional)"),
                          validators=[Length(max=200)])
    base_revision = HiddenField()

    def __init__(self, *args, term=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.term = term

    def validate_name(self, field):
        existing = term_by_name(field.data or "")
        if existing is not None and (self.term is None or existing.id != self.term.id):
            link = url_for("glossary.show", slug=existing.slug)
            raise ValidationError(Markup(
                _l('There is already a term called <a href="%(link)s">%(name)s</a>.',
                   link=link, name=Markup.escape(existing.name))))


class RequestChangesForm(FlaskForm):
    reason = TextAreaField(_l("What should change?"),
                           validators=[InputRequired(), Length(max=2000)],
                           render_kw={"rows": 3})


class DeprecateForm(FlaskForm):
    replacement = SelectField(_l("Replaced by"), coerce=str)


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(), FileAllowed(["csv"], _l(
        "Choose a .csv file."))], description=_l(
        "Columns: name, definition, and optionally aliases, examples, owner_team (marketing or "
        "sales), related. Aliases and related terms are separated by semicolons."))
