"""The demo company's goals: last quarter's plan agreed by both heads, this quarter's approved by
marketing and awaiting sales; live and typed goals with weeks of check-ins, one at risk, one
needing discussion, and asks of the other team in every state. People write in their own
language: Lucía, Marta, Carlos and Javier in Spanish, the others in English."""

from datetime import UTC, date, datetime, timedelta

from workspace import clock
from workspace.auth.models import User
from workspace.goals import services
from workspace.goals.models import QUESTIONS, Goal
from workspace.goals.periods import Period, period_of
from workspace.goals.queries import live_value

DAY, WEEK = timedelta(days=1), timedelta(days=7)
LIVE_ES = "En vivo: la cifra del área de métricas para el trimestre, la misma de /metrics/."
LIVE_EN = "Live: the metrics area's figure for the quarter, the same as on /metrics/."


def seed_goals(people: list[User]) -> None:
    now = clock.now()
    who = {person.email.split(".")[0]: person for person in people}
    current = period_of(now.date())
    previous = current.shifted(-1)
    # Measured before the clock goes back: today's figures set the live goals' numbers.
    figures = {"previous": _previous_figures(previous), "current": _current_figures(
        current, now)}
    try:
        _last_quarter(who, previous, now, figures["previous"])
        _this_quarter(who, current, now, figures["current"])
    finally:
        clock.freeze(None)


# --- Numbers from the demo's own data ---------------------------------------------------

def _rate_goal(current: float | None, elapsed: float, gain: float, pace: float
               ) -> tuple[float, float]:
    """A percentage goal `gain` points up whose figure today is `pace` of the way the period's
    elapsed share asks for: the baseline is today's figure less what that pace has gained."""
    current = 60.0 if current is None else current
    baseline = max(0, round(current - gain * pace * elapsed))
    baseline = min(baseline, 100 - gain)
    return float(baseline), float(baseline + gain)


def _months_before(now: datetime, count: int) -> list[str]:
    year, month, labels = now.year, now.month, []
    for _ in range(count):
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        labels.append(f"{year:04d}-{month:02d}")
    return labels


def _previous_figures(period: Period) -> dict:
    delivered = live_value("mqls_delivered", {}, period) or 0
    return {"mqls": (0.0, float(max(10, delivered * 0.95 // 10 * 10))),  # reached: achieved
            "speed": _rate_goal(live_value("speed_met_rate", {}, period), 1.0, 10, 1.05)}


def _current_figures(period: Period, now: datetime) -> dict:
    elapsed = period.elapsed_share(now.date())
    # The quarter's MQL target: the last three whole months' pace, plus a tenth.
    monthly = [live_value("mqls_delivered", {}, period, month) or 0
               for month in _months_before(now, 3)]
    # A rate over a quarter's first weeks is a handful of leads: start from last quarter's.
    measured = period if elapsed >= 0.2 else period.shifted(-1)
    return {"mqls": (0.0, float(max(30, round(sum(monthly) * 1.1 / 10) * 10))),
            "sql": _rate_goal(live_value("mql_to_sql", {}, measured), elapsed, 8, 0.9),
            "speed": _rate_goal(live_value("speed_met_rate", {}, measured), elapsed, 10, 0.95)}


# --- Last quarter: agreed by both heads, done and dusted -------------------------------------

def _last_quarter(who: dict, period: Period, now: datetime, figures: dict) -> None:
    planned = max(_at_morning(period.start - 10 * DAY), now - 170 * DAY)
    lucia, david, marta, carlos = (who[k] for k in ("lucia", "david", "marta", "carlos"))
    mqls = _goal(lucia, period, planned, "Entregar a ventas más MQLs que cumplan el SLA",
                 *figures["mqls"], metric="mqls_delivered", unit="MQLs", measured=LIVE_ES,
                 why="Ventas tiene capacidad para más reuniones y el SLA pide 100 MQLs al mes.",
                 initiatives="- Webinars quincenales\n- Feria de Madrid\n- Ebook de precios",
                 other_team_help="Llamar en la primera hora a los asistentes de cada webinar.")
    stories = _goal(marta, period, planned + timedelta(hours=2),
                    "Publicar casos de éxito con clientes de ventas", 0.0, 4.0, unit="casos",
                    why="Las objeciones de precio se responden mejor con clientes reales.",
                    other_team_help="Presentarnos a clientes contentos.")
    speed = _goal(david, period, planned + DAY, "Call every MQL within the SLA deadline",
                  *figures["speed"], metric="speed_met_rate", measured=LIVE_EN,
                  why="A lead called in the first hour is far likelier to become an SQL.",
                  obstacles="Two reps on holiday mid-quarter.",
                  other_team_help="Hand over event leads with a phone number.")
    meetings = _goal(carlos, period, planned + DAY, "Reuniones de descubrimiento con marketing",
                     0.0, 10.0, unit="reuniones",
                     why="Que marketing oiga a los clientes en directo, no en un resumen.")
    _at(planned + DAY, now)
    services.approve_plan(period.label, lucia)
    _at(planned + 2 * DAY, now)
    services.approve_plan(period.label, david)

    start = max(_at_morning(period.start) + 4 * DAY, planned + 3 * DAY)
    times = _every(start, min(_at_morning(period.end) - 2 * DAY, now), 14 * DAY)
    _check_ins(mqls, period, times, who, NOTES_MQLS, [4, 4, 5])
    _check_ins(stories, period, times, who, NOTES_STORIES, [3, 4, 4, 5], ahead=0.05)
    _check_ins(speed, period, times, who, NOTES_SPEED, [4, 3, 3, 4])
    _check_ins(meetings, period, times, who, NOTES_MEETINGS, [4, 3, 4], ahead=-0.1)

    _at(planned + 5 * DAY, now)
    ask = services.ask_commitment(mqls, lucia, carlos, "Llamar en la primera hora a los "
                                  "asistentes del webinar de producto.",
                                  (planned + 40 * DAY).date())
    _at(planned + 6 * DAY, now)
    services.answer_commitment(ask, carlos, "accept")
    _at(planned + 30 * DAY, now)
    services.answer_commitment(ask, carlos, "done")

    closed = _at_morning(period.end) + 2 * DAY
    _at(closed, now)
    services.set_status(mqls, lucia, "achieved", "Superado el objetivo de MQLs del trimestre.")
    services.set_status(stories, lucia, "achieved", "Cuatro casos publicados y en la web.")
    _at(closed + DAY, now)
    services.set_status(speed, david, "achieved", "Made it, even with the 60-minute deadline "
                                                  "coming in mid-quarter.")
    services.set_status(meetings, david, "achieved", "Nine of ten: close enough, and marketing "
                                                     "came to every one.")


# Each check-in: who writes it (in their language) and its progress, plans and problems.
NOTES_MQLS = [
    ("lucia", ("El webinar de producto trajo 40 registros.", "Repetirlo en inglés.", "")),
    ("lucia", ("La feria de Madrid dio más MQLs de lo previsto.", "Seguir con la feria.",
               "La mitad de los leads de búsqueda no cumplen el SLA.")),
    ("lucia", ("Vamos por encima del ritmo.", "Cerrar el trimestre con otro webinar.", "")),
]
NOTES_STORIES = [
    ("marta", ("Primer caso publicado: Globex.", "Entrevistar a Initech.",
               "Cuesta cerrar las fechas.")),
    ("marta", ("Segundo caso en revisión legal.", "Publicar dos más antes de cerrar.", "")),
]
NOTES_SPEED = [
    ("david", ("Most MQLs called within the hour.", "Keep the morning call block.", "")),
    ("carlos", ("Más lentos desde la regla de 60 minutos.", "Repartir mejor los de eventos.",
                "Dos comerciales de vacaciones.")),
    ("david", ("Evening hand-offs wait until morning.", "Ask marketing to route by zone.",
               "Leads handed over after 18:00.")),
]
NOTES_MEETINGS = [
    ("carlos", ("Dos reuniones con Marta presente.", "Invitar a Tom a las de la feria.", "")),
    ("carlos", ("Vamos algo lentos.", "Reservar los jueves.", "Agendas llenas a final de mes.")),
]


# --- This quarter: approved by marketing, awaiting the head of sales -------------------------

def _this_quarter(who: dict, period: Period, now: datetime, figures: dict) -> None:
    lucia, david, marta, tom, carlos, sarah = (who[k] for k in (
        "lucia", "david", "marta", "tom", "carlos", "sarah"))
    planned = min(_at_morning(period.start) - 8 * DAY, now - 24 * DAY)
    mqls = _goal(lucia, period, planned, "MQLs de webinars y ferias para ventas",
                 *figures["mqls"], metric="mqls_delivered", unit="MQLs", measured=LIVE_ES,
                 contributors=[tom],
                 why="El SLA pide 100 MQLs al mes; queremos un 10 % más con la misma calidad.",
                 initiatives="- Webinars en inglés\n- Dos ferias\n- Menos búsqueda de pago",
                 obstacles="El presupuesto de búsqueda baja.",
                 resources="Los motivos de rechazo de cada MQL.",
                 other_team_help="Comentar por qué se rechaza cada MQL.")
    baseline, target = figures["sql"]
    sqls = _goal(tom, period, planned + timedelta(hours=3), "More MQLs accepted by sales",
                 baseline, target - 2, metric="mql_to_sql", measured=LIVE_EN, contributors=[carlos],
                 why="Volume is fine; quality is where sales loses time.",
                 initiatives="Tighten the ebook form; score webinar attendance.",
                 other_team_help="Tag each rejected MQL with its reason code.")
    ebook = _goal(marta, period, planned + timedelta(hours=4),
                  "Renovar el ebook de precios con las objeciones de ventas", 0.0, 5.0,
                  unit="capítulos", why="El ebook trae leads que luego no tienen presupuesto.",
                  other_team_help="Enviarnos las diez objeciones más oídas.")
    speed = _goal(david, period, planned + DAY, "First contact within the SLA deadline",
                  *figures["speed"], metric="speed_met_rate", measured=LIVE_EN,
                  why="Speed to lead is the commitment sales signed.",
                  initiatives="Morning and evening call blocks; round-robin by time zone.",
                  other_team_help="Route event leads with a phone number.")
    interviews = _goal(sarah, period, planned + DAY, "Win-loss interviews shared with marketing",
                       0.0, 12.0, unit="interviews", contributors=[marta],
                       why="Marketing's messages should come from why we win and lose.",
                       obstacles="Lost prospects rarely answer.",
                       other_team_help="Join two interviews a month and tag the themes.")
    _at(planned + DAY, now)
    services.edit_goal(sqls, {"target": target}, sqls.current_revision, tom,
                       "two points more, as agreed in the planning meeting")
    _at(planned + 2 * DAY, now)
    services.approve_plan(period.label, lucia)
    _at(planned + 5 * DAY, now)
    services.edit_goal(mqls, {"initiatives": mqls.initiatives + "\n- Campaña con casos de "
                              "éxito"}, mqls.current_revision, lucia, "añadida la campaña")

    start = max(_at_morning(period.start) + 3 * DAY, planned + 3 * DAY)
    times = _every(start, now - DAY, WEEK)
    _check_ins(mqls, period, times, who, NOTES_MQLS_NOW, [3, 4, 4, 3, 4])
    _check_ins(sqls, period, times, who, NOTES_SQLS, [3, 3, 4, 4])
    _check_ins(speed, period, times, who, NOTES_SPEED_NOW, [3, 4, 3, 4])
    _check_ins(interviews, period, times, who, NOTES_INTERVIEWS, [4, 3, 3, 2], ahead=-0.12,
               last_confidence=2)  # the one at risk
    # The one needing discussion: one check-in, more than two weeks ago.
    once = max(planned + DAY, min(_at_morning(period.start) + 4 * DAY, now - 17 * DAY))
    _check_ins(ebook, period, [once], who, [("marta", (
        "Índice acordado con Lucía.", "Pedir las objeciones a ventas.", ""))], [3], ahead=0.2)
    _commitments(who, (mqls, sqls, speed, interviews), now)


def _commitments(who: dict, goals: tuple[Goal, ...], now: datetime) -> None:
    """Asks of the other team in every state: asked, accepted, overdue, declined, done."""
    mqls, sqls, speed, interviews = goals
    soon = (now + 12 * DAY).date()
    _at(now - 20 * DAY, now)
    overdue = services.ask_commitment(interviews, who["sarah"], who["marta"],
                                      "Join two interviews this month and tag the themes.",
                                      (now - 5 * DAY).date())
    routed = services.ask_commitment(speed, who["david"], who["ines"], "Route event leads "
                                     "with a phone number to the morning call block.", soon)
    fair = services.ask_commitment(speed, who["david"], who["tom"], "Send the trade fair's "
                                   "attendee list the day after the fair.", (now - 8 * DAY).date())
    _at(now - 19 * DAY, now)
    services.answer_commitment(overdue, who["marta"], "accept")
    services.answer_commitment(routed, who["ines"], "accept")
    _at(now - 15 * DAY, now)
    declined = services.ask_commitment(mqls, who["lucia"], who["javier"], "Enviar cada viernes "
                                       "la lista de objeciones de la semana.", soon)
    _at(now - 13 * DAY, now)
    services.answer_commitment(declined, who["javier"], "decline", "Ya las repasamos en la "
                               "reunión semanal; una lista más no la leería nadie.")
    services.answer_commitment(fair, who["tom"], "done")
    _at(now - 3 * DAY, now)
    services.ask_commitment(sqls, who["tom"], who["carlos"],
                            "Tag each rejected MQL with its reason code.", soon)


NOTES_MQLS_NOW = [
    ("lucia", ("El webinar en inglés llenó la sala.", "Otro en noviembre.", "")),
    ("tom", ("Trade fair leads are in.", "Follow up the booth visitors.",
             "Paid search budget is down.")),
    ("lucia", ("Vamos al ritmo.", "Campaña con casos de éxito.", "")),
]
NOTES_SQLS = [
    ("tom", ("Ebook form now asks for budget.", "Watch this month's acceptance.", "")),
    ("carlos", ("Los leads de webinar se aceptan más.", "Puntuar la asistencia, no el registro.",
                "La búsqueda de pago sigue bajando la media.")),
]
NOTES_SPEED_NOW = [
    ("david", ("Morning block works.", "Add an evening block.", "")),
    ("carlos", ("Vamos mejor con los leads de eventos.", "Repartir por zona horaria.",
                "Los leads de la tarde esperan.")),
    ("javier", ("Al ritmo.", "Mantener los bloques de llamadas.", "")),
]
NOTES_INTERVIEWS = [
    ("sarah", ("Two interviews done.", "Book four more.", "")),
    ("marta", ("Estuve en una; temas etiquetados.", "Escribir antes a los perdidos.",
               "Los clientes perdidos casi nunca contestan.")),
    ("sarah", ("Behind: only one this fortnight.", "Offer a gift card.",
               "Calendars full until the fair.")),
]


# --- Service calls at past moments ---------------------------------------------------------

def _goal(owner: User, period: Period, when: datetime, title: str, baseline: float,
          target: float, unit: str = "", metric: str = "", measured: str = "",
          contributors: list[User] | None = None, **answers: str) -> Goal:
    clock.freeze(when)
    return services.create_goal(owner, period.label, {
        "title": title, "owner_id": owner.id, "owner_team": owner.team, "metric": metric,
        "unit": unit, "baseline": baseline, "target": target, "direction": "increase",
        "measured_how": measured, "deadline": period.end - DAY,
        "contributor_ids": [person.id for person in contributors or []],
        **{question: answers.get(question, "") for question in QUESTIONS}})


def _check_ins(goal: Goal, period: Period, times: list[datetime], who: dict,
               notes: list[tuple[str, tuple[str, str, str]]], confidences: list[int],
               ahead: float = 0.0, last_confidence: int | None = None) -> None:
    """Typed goals get a value on the period's pace (plus `ahead`); live ones measure theirs."""
    for index, at in enumerate(times):
        clock.freeze(at)
        value = None
        if not goal.tracks_metric:
            share = min(1.0, max(0.0, period.elapsed_share(at.date()) + ahead))
            value = float(round(goal.baseline + share * (goal.target - goal.baseline)))
        confidence = confidences[index % len(confidences)]
        if last_confidence is not None and index == len(times) - 1:
            confidence = last_confidence
        author, (progress, plans, problems) = notes[index % len(notes)]
        services.check_in(goal, who[author], confidence, value, progress, plans, problems)


def _every(start: datetime, until: datetime, step: timedelta) -> list[datetime]:
    """Check-in moments from `start` to `until`; at least one, the day before `until`."""
    times, at = [], start
    while at <= until:
        times.append(at + timedelta(hours=len(times) % 5))  # not always at nine
        at += step
    return times or [until - DAY]


def _at(moment: datetime, now: datetime) -> None:
    clock.freeze(min(moment, now - timedelta(hours=1)))


def _at_morning(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
