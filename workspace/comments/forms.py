from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired, Length

from workspace.comments.services import MAX_LENGTH


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[InputRequired(), Length(max=MAX_LENGTH)],
                         description=_l("Markdown works. Type @ to mention someone."),
                         render_kw={"rows": 3, "data-mentions": "",
                                    "aria-autocomplete": "list"})
    parent_id = HiddenField()
