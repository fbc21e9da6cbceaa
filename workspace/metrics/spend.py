"""Entering spend: the heads and the admin record a month's marketing spend and sales cost."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DecimalField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from workspace import clock
from workspace.admin.forms import ConfirmForm
from workspace.extensions import db
from workspace.forms import form_status
from workspace.metrics.models import Spend
from workspace.metrics.slices import lead_pairs, tie
from workspace.metrics.views import bp
from workspace.months import requested_month
from workspace.permissions import Action, require


class SpendForm(FlaskForm):
    team = SelectField(_l("What"), choices=[
        SelectChoice("marketing", _l("Marketing spend")), SelectChoice("sales", _l("Sales cost"))])
    channel = StringField(_l("Campaign or channel"), validators=[Length(max=200)],
                          description=_l("A campaign's or a source's exact name ties the spend "
                                         "to its leads, for cost per lead under a filter; "
                                         "anything else counts for the whole company."))
    amount = DecimalField(_l("Amount"), places=2, validators=[InputRequired(),
                                                              NumberRange(min=0.01)])


def record_spend(user, month: str, team: str, channel: str, amount_cents: int) -> Spend:
    entry = Spend(month=month, team=team, channel=channel.strip(), amount=amount_cents,
                  entered_by_id=user.id, created_at=clock.now())
    db.session.add(entry)
    db.session.commit()
    return entry


@bp.route("/spend", methods=["GET", "POST"])
@require(Action.ENTER_SPEND)
def spend():
    month = requested_month(request.args.get("month")).label
    form = SpendForm()
    if form.validate_on_submit():
        record_spend(current_user, month, form.team.data, form.channel.data or "",
                     round(form.amount.data * 100))
        flash(_("Spend recorded for %(month)s.", month=month), "success")
        return redirect(url_for("metrics.spend", month=month), 303)
    entries = list(db.session.scalars(select(Spend).where(Spend.month == month)
                                      .order_by(Spend.team, Spend.channel)))
    pairs = lead_pairs() if entries else set()
    ties = {entry.id: tie(entry.team, entry.channel, entry.amount, pairs) for entry in entries}
    return render_template("metrics/spend.html", form=form, entries=entries, month=month,
                           ties=ties, action_form=ConfirmForm()), form_status(form)


@bp.route("/spend/<int:spend_id>/delete", methods=["GET", "POST"])
@require(Action.ENTER_SPEND)
def delete_spend(spend_id: int):
    entry = db.get_or_404(Spend, spend_id)
    form = ConfirmForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        month = entry.month
        db.session.delete(entry)
        db.session.commit()
        flash(_("Spend entry deleted."), "success")
        return redirect(url_for("metrics.spend", month=month), 303)
    return render_template("metrics/confirm_delete_spend.html", entry=entry, form=form)
