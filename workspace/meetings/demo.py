"""The demo company's meeting log: three months of Lucía's weekly sync (in Spanish) and of
David's monthly SLA review (in English), one heads' one-on-one, and the next meetings ahead.
Decisions point at the demo's glossary terms, SLA versions and goals; action items are open,
done, declined and overdue; unfinished ones carry over as closing carries them; each meeting's
notes are reviewed by some attendees and not others. People write in their own language."""

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from flask_babel import force_locale
from sqlalchemy import select

from workspace import clock
from workspace.auth.models import User
from workspace.extensions import db
from workspace.glossary.queries import term_by_name
from workspace.goals.models import Goal
from workspace.meetings import services
from workspace.meetings.models import Meeting
from workspace.notifications.models import Notification
from workspace.notifications.services import mark_read
from workspace.sla.models import AgreementVersion

MINUTE, HOUR, DAY, WEEK = (timedelta(minutes=1), timedelta(hours=1), timedelta(days=1),
                         timedelta(days=7))
SYNC_TITLE = "Reunión semanal de marketing y ventas"
SYNC_TEAM = ("david", "marta", "tom", "carlos", "sarah", "javier")  # with Lucía, who runs it
REVIEW_TEAM = ("lucia", "tom", "marta", "carlos", "sarah")  # with David, who runs it
SYNC_CLOSED = timedelta(minutes=64)  # after its start: Lucía closes it two minutes after the end


class Held(NamedTuple):
    """A past meeting as it went: what was put on the agenda (text, presenter, minutes), the
    organiser's notes and the line another attendee added, decisions (text, link), action items
    (owner, text, due in days, fate) and who reviewed the notes afterwards."""

    agenda: list[tuple[str, str, int]]
    notes: str
    addition: tuple[str, str]
    decisions: list[tuple[str, str]]
    actions: list[tuple[str, str, int, tuple | None]]
    reviewers: list[str]


def seed_meetings(people: list[User]) -> None:
    now = clock.now()
    who = {person.email.split(".")[0]: person for person in people}
    last = _last_sync(now)
    try:
        _weekly_syncs(who, last, now)
        fates = _sla_reviews(who, last - 5 * DAY + 5 * HOUR, now)  # the Thursday before, 14:00
        one_on_one = _schedule(who["david"], "one_on_one", "Heads' one-on-one: David and Lucía",
                               last - 13 * DAY + 6 * HOUR, ["lucia"], who, minutes=45)
        fates += _held(one_on_one, ONE_ON_ONE, who, now)[1]
        _settle(fates, now - HOUR, now)  # not a series: nothing of theirs carries over
    finally:
        clock.freeze(None)


def _last_sync(now: datetime) -> datetime:
    """The weekly sync's last past meeting: Tuesday 09:00 UTC, over and closed (when seeded on
    a Tuesday morning, today's is the next one: under way, or about to start)."""
    day = now.date() - timedelta(days=(now.weekday() - 1) % 7)
    tuesday = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
    return tuesday if tuesday + SYNC_CLOSED <= now else tuesday - WEEK


def _weekly_syncs(who: dict, last: datetime, now: datetime) -> None:
    lucia = who["lucia"]
    meeting = _schedule(lucia, "weekly_sync", SYNC_TITLE, last - (len(WEEKLY) - 1) * WEEK,
                        SYNC_TEAM, who, weekly=True)
    pending: list = []
    for held in WEEKLY:
        pending = _settle(pending, meeting.starts_at - HOUR, now)
        following, fates = _held(meeting, held, who, now)
        pending += fates
        meeting = following
    _settle(pending, now - HOUR, now)
    clock.freeze(last + SYNC_CLOSED)  # Lucía, right after closing the last: the next one's agenda
    for text, presenter in (("Firma de la enmienda v3 del SLA", "lucia"),
                            ("Webinar de casos de éxito: ponentes", "marta")):
        services.add_agenda_item(meeting, lucia, text, who[presenter].id, 10)
    # The service makes only the series' next meeting (on closing); the one after joins the
    # series the way the meeting tests make an early one: scheduled, then given its series.
    after = _schedule(lucia, "weekly_sync", SYNC_TITLE, meeting.starts_at + WEEK, SYNC_TEAM, who,
                      at=last + SYNC_CLOSED)
    after.series_id = meeting.series_id
    db.session.commit()
    services.refresh_agenda(after)


def _sla_reviews(who: dict, last: datetime, now: datetime) -> list:
    """Every four weeks, on the Thursday after a weekly sync; returns the actions' fates."""
    david, fates = who["david"], []
    for index, held in enumerate(REVIEWS):
        starts = last - (len(REVIEWS) - 1 - index) * 4 * WEEK
        fates += _held(_schedule(david, "sla_review", "Monthly SLA review", starts, REVIEW_TEAM,
                                 who), held, who, now)[1]
    upcoming = _schedule(david, "sla_review", "Monthly SLA review", last + 4 * WEEK, REVIEW_TEAM,
                         who, at=last + DAY)
    for text, presenter, minutes in (("Sign amendment v3", "david", 10),
                                     ("MQL target for next quarter", "lucia", 20),
                                     ("Feedback within 48 hours: who misses it", "carlos", 10)):
        services.add_agenda_item(upcoming, david, text, who[presenter].id, minutes)
    return fates


# --- The weekly sync, in Spanish: Lucía runs it and writes the notes --------------------------

WEEKLY = [
    Held([("MQLs de la semana y motivos de rechazo", "lucia", 15),
          ("Leads de agencias: ¿cuentan como MQL?", "carlos", 10)],
         "## MQLs de la semana\n- 23 MQLs entregados; ventas aceptó 15.\n- La mitad de los "
         "rechazos son agencias que revenden, no compradores.\n\n## Leads de agencias\n- La "
         "regla de más de 100 empleados deja pasar agencias con plantilla subcontratada.\n- Hay "
         "que aclararlo en la definición de MQL del glosario.",
         ("carlos", "- Carlos: los de la feria de Madrid siguen siendo los mejores: 9 de 10 "
                    "aceptados."),
         [("MQL: solo cuentan los empleados en nómina; contratistas y agencias revendedoras no. "
           "Marta lo aclara en el glosario.", "term:MQL")],
         [("marta", "Aclarar en la definición de MQL que los contratistas no cuentan", 5,
           ("done", 4)),
          ("tom", "Quitar las agencias de la audiencia de búsqueda de pago", 7, ("done", 6))],
         ["lucia", "david", "carlos", "marta"]),
    Held([("Primer contacto en 60 minutos: cómo vamos", "david", 15),
          ("Webinar de producto del jueves", "tom", 10)],
         "## Velocidad de contacto\n- David: el 72 % de los MQLs se llamó en menos de 60 "
         "minutos; los que fallan llegan casi todos después de las 18:00.\n- Javier propone un "
         "bloque de llamadas a primera hora para los que entran por la tarde.\n\n## Webinar de "
         "producto\n- 140 registrados. Tom pasa los asistentes a ventas el mismo día.\n- Quien "
         "solo se registra no es MQL hasta que asiste.",
         ("javier", "- Javier: el bloque de las 9:00 empieza el lunes; lo llevamos Carlos y yo."),
         [("Los registrados al webinar que no asisten no pasan a ventas como MQL.", "")],
         [("tom", "Enviar a ventas la lista de asistentes del webinar el mismo día", 3,
           ("done", 2)),
          ("david", "Montar el bloque de llamadas de las 9:00 para los leads de la tarde", 7,
           ("done", 5))],
         ["lucia", "david", "javier", "tom", "sarah"]),
    Held([("Motivos de rechazo: códigos comunes", "marta", 15)],
         "## Motivos de rechazo\n- Ventas rechaza con texto libre y así no se pueden contar.\n"
         "- Marta propone cinco códigos: sin presupuesto, empresa pequeña, no decide, estudiante, "
         "ya es cliente.\n\n## Feedback en 48 horas\n- El SLA pide feedback de cada lead en 48 "
         "horas; esta semana llegó a tiempo el 60 %.",
         ("marta", "- Marta: envío la lista de códigos a ventas el jueves."),
         [("Cinco códigos de rechazo comunes para todo lead que ventas no acepte, desde el "
           "lunes.", "")],
         [("marta", "Enviar a ventas la lista de códigos de rechazo", 2, ("done", 2)),
          ("carlos", "Recordar al equipo el feedback en 48 horas", 7, ("done", 6)),
          ("sarah", "Etiquetar con su código los 30 leads de búsqueda de pago rechazados", 10,
           ("done", 12))],
         ["lucia", "marta", "carlos"]),
    Held([("Ebook de precios: leads sin presupuesto", "carlos", 15),
          ("Caso de éxito de Globex", "marta", 5)],
         "## Ebook de precios\n- Carlos: de 20 leads del ebook, 12 no tienen presupuesto este "
         "año.\n- Lucía: el ebook trae volumen; no lo quitamos, lo filtramos.\n- El formulario "
         "preguntará el presupuesto.\n\n## Caso de éxito de Globex\n- Publicado; Sarah lo usa "
         "ya en las demos.",
         ("carlos", "- Carlos: Sarah lleva 18 de los 30 leads de búsqueda etiquetados; termina "
                    "esta semana."),
         [("El formulario del ebook pregunta el presupuesto mensual de marketing.", "")],
         [("tom", "Añadir la pregunta de presupuesto al formulario del ebook", 7, ("done", 9)),
          ("lucia", "Pedir a legal el visto bueno del caso de Initech", 14, ("done", 15))],
         ["lucia", "david", "carlos", "tom", "sarah", "marta"]),
    Held([("Feria de Madrid: reparto de leads", "lucia", 20)],
         "## Feria de Madrid\n- Tres días; esperamos unas 200 visitas al stand.\n- Los leads de "
         "la feria van a ventas en 24 horas y con teléfono.\n- David pide que cada lead lleve "
         "una nota de la conversación en el stand.\n\n## Formulario del ebook\n- La pregunta de "
         "presupuesto aún no está publicada.",
         ("marta", "- Marta: sale el miércoles; Tom está con la validación."),
         [("Los leads de la feria llegan a ventas en 24 horas con una nota de la conversación "
           "en el stand.", "")],
         [("marta", "Preparar la plantilla de nota del stand para los leads", 5, ("done", 3)),
          ("javier", "Llamar a los leads de la feria en la primera hora tras recibirlos", 14,
           ("done", 13))],
         ["lucia", "david", "javier"]),
    Held([("Resultados de la feria", "marta", 10),
          ("Búsqueda de pago: ¿seguimos?", "lucia", 15)],
         "## Feria de Madrid\n- 180 leads, 64 MQLs; ventas aceptó 48.\n- Javier: las notas del "
         "stand ayudan mucho en la primera llamada.\n\n## Búsqueda de pago\n- Solo se acepta el "
         "30 % de sus MQLs.\n- Lucía baja su presupuesto un tercio y lo pasa a webinars.",
         ("javier", "- Javier: quedan 11 leads de la feria sin segundo intento; los cerramos "
                    "esta semana."),
         [("Un tercio del presupuesto de búsqueda de pago pasa a webinars en inglés.", "")],
         [("lucia", "Mover un tercio del presupuesto de búsqueda a webinars", 7, ("done", 4)),
          ("sarah", "Probar un webinar propio para las cuentas de EE. UU.", 21,
           ("decline", 10, "US accounts buy through partners, so our own webinar would not "
                           "reach the buyers. Tom's English webinars cover the rest."))],
         ["lucia", "carlos", "sarah", "david"]),
    Held([("Lead scoring: ¿lo usamos ya?", "tom", 15)],
         "## Lead scoring\n- Tom propone puntuar la asistencia a webinars, las visitas a la "
         "página de precios y el tamaño de la empresa.\n- David no quiere otra cifra que "
         "discutir mientras no cumplamos los 60 minutos.\n- El término sigue en propuesta en el "
         "glosario.\n\n## Velocidad de contacto\n- 81 % en menos de 60 minutos; el bloque de "
         "las 9:00 funciona.",
         ("carlos", "- Carlos: los de México y Colombia siguen esperando a la mañana siguiente."),
         [("Lead scoring se queda en propuesta hasta tener tres meses de datos de asistencia a "
           "webinars.", "term:Lead scoring")],
         [("tom", "Reunir tres meses de datos de asistencia a webinars", 60, None)],
         ["lucia", "tom", "david", "carlos", "marta", "javier"]),
    Held([("Objeciones de precio más oídas", "javier", 15)],
         "## Objeciones de precio\n- Javier: «caro comparado con una hoja de cálculo» y «no "
         "tenemos a nadie que lo use».\n- Marta las lleva al ebook nuevo.\n\n## Casos de éxito"
         "\n- Legal aprobó el de Initech; se publica el martes.",
         ("marta", "- Marta: necesito dos clientes contentos más; Carlos me pasa nombres."),
         [],
         [("carlos", "Pasar a Marta dos clientes contentos para casos de éxito", 7,
           ("done", 12)),
          ("javier", "Enviar a Marta las diez objeciones más oídas", 10, ("done", 8))],
         ["marta", "javier", "lucia"]),
    Held([("Feedback en 48 horas: quién se retrasa", "lucia", 10),
          ("Leads de la tarde", "david", 10)],
         "## Feedback en 48 horas\n- El 88 % de los leads tuvo feedback a tiempo; faltan sobre "
         "todo los de búsqueda de pago.\n- Marketing lee cada motivo los lunes.\n\n## Leads de "
         "la tarde\n- David: los que entran después de las 18:00 esperan al bloque de las 9:00 y "
         "eso incumple los 60 minutos.\n- Si se repite, va a la reunión de los jefes.",
         ("javier", "- Javier: propongo repartir por zona horaria; Emily y Sarah cubren América "
                    "por la tarde."),
         [("Reparto de leads por zona horaria: los de América, por la tarde, a Emily y Sarah.",
           "goal:First contact within the SLA deadline")],
         [("david", "Activar el reparto por zona horaria en el CRM", 7, ("done", 9)),
          ("marta", "Añadir la zona horaria del lead al formulario del webinar", 14,
           ("decline", 5, "El CRM ya la deduce del teléfono; un campo más baja los registros."))],
         ["lucia", "david", "marta", "carlos"]),
    Held([("Webinar en inglés", "tom", 10),
          ("¿Primer contacto en 30 minutos?", "lucia", 15)],
         "## Webinar en inglés\n- 95 asistentes, 22 MQLs; ventas aceptó 16.\n\n## Primer "
         "contacto en 30 minutos\n- Mediana actual: 22 minutos.\n- La revisión del SLA del "
         "jueves mantuvo los 60 minutos hasta tener un mes de datos por franja horaria.",
         ("carlos", "- Carlos: con 30 minutos, los lunes por la mañana no llegamos sin el "
                    "bloque de las 9:00."),
         [],
         [("sarah", "Medir la velocidad de contacto por franja horaria", 21, ("done", 20))],
         ["lucia", "carlos", "tom", "sarah", "david"]),
    Held([("Calendario de webinars del trimestre", "tom", 10),
          ("Clientes para casos de éxito", "marta", 10)],
         "## Webinars\n- Tres en español y dos en inglés hasta final de trimestre.\n- Ventas "
         "quiere la lista de asistentes antes de las 12:00 del día siguiente.\n\n## Casos de "
         "éxito\n- Hooli y Vandelay aceptan; Marta los entrevista este mes.",
         ("carlos", "- Carlos: Vandelay prefiere la entrevista en inglés; mejor que vaya Tom."),
         [("Las listas de asistentes de cada webinar llegan a ventas antes de las 12:00 del día "
           "siguiente.", "")],
         [("lucia", "Enviar a ventas el calendario de webinars con fechas y ponentes", 5, None),
          ("marta", "Entrevistar a Hooli para el caso de éxito", 14, ("done", 12))],
         ["lucia", "carlos", "marta", "david", "javier"]),
    Held([("Leads de eventos sin teléfono", "david", 10)],
         "## Leads sin teléfono\n- 14 leads de la última feria llegaron sin teléfono: imposible "
         "llamarlos en 60 minutos.\n- El teléfono será obligatorio en el formulario de eventos."
         "\n\n## MQLs del mes\n- Vamos por 104 MQLs, con un 71 % de aceptación.",
         ("javier", "- Javier: este mes se aceptan más los MQLs del webinar en inglés que los "
                    "del español."),
         [],
         [("marta", "Hacer obligatorio el teléfono en el formulario de eventos", 7, ("done", 3)),
          ("sarah", "Escribir a los 14 leads de la feria sin teléfono para pedírselo", 5,
           ("done", 6))],
         ["lucia", "david", "javier"]),
    Held([("Tasa de conversión: nuevo ejemplo en el glosario", "carlos", 10),
          ("Ebook de precios", "marta", 10)],
         "## Tasa de conversión\n- Carlos añadió al glosario el ejemplo lead → MQL; falta que lo "
         "aprueben los dos jefes.\n- David: sin aprobar no se usa en el cuadro de mando.\n\n"
         "## Ebook de precios\n- Marta tiene el índice; faltan las objeciones de ventas.",
         ("marta", "- Marta: el objetivo del ebook lleva dos semanas sin seguimiento; lo traigo "
                   "la semana que viene."),
         [("Tasa de conversión: el ejemplo lead → MQL de Carlos se queda; los dos jefes "
           "aprueban la revisión en el glosario esta semana.", "term:Conversion rate")],
         [("david", "Aprobar la revisión de «Conversion rate» en el glosario", 3, None),
          ("marta", "Traer el objetivo del ebook a la próxima reunión", 6, ("done", 6))],
         ["lucia", "carlos", "sarah"]),
    Held([("Enmienda v3 del SLA: 30 minutos en horario de oficina", "lucia", 15),
          ("Objetivo del ebook de precios", "marta", 10)],
         "## Enmienda v3\n- La revisión del SLA del jueves acordó 30 minutos para los MQLs "
         "entregados en horario de oficina.\n- Lucía añade la frase al borrador y lo propone; "
         "David firma después.\n\n## Ebook de precios\n- Índice cerrado; falta el capítulo de "
         "objeciones.\n- Sarah pide la comparación con una hoja de cálculo.",
         ("carlos", "- Carlos: esta semana todos los MQLs rechazados llevan su código."),
         [("El ebook de precios incluye un capítulo que lo compara con una hoja de cálculo.",
           "goal:Renovar el ebook de precios con las objeciones de ventas")],
         [("marta", "Escribir el capítulo de objeciones del ebook", 14, None),
          ("sarah", "Enviar a Marta tres objeciones reales grabadas en demos", 9, None)],
         ["lucia"]),
]


# --- The monthly SLA review, in English: David runs it -----------------------------------------

REVIEWS = [
    Held([("v2's first month in numbers", "lucia", 15),
          ("Evening hand-offs and the 60 minutes", "sarah", 15)],
         "## MQLs against the SLA\n- 92 MQLs delivered against 100: webinars and the trade fair "
         "above plan, paid search below.\n- Sales accepted 68 %; paid search drags it down "
         "(31 %).\n\n## Speed to lead\n- 74 % of MQLs called within 60 minutes; median 38 "
         "minutes.\n- Almost every miss was handed over after 18:00.\n\n## Feedback\n- 61 % of "
         "MQLs got sales feedback within 48 hours. Not good enough.",
         ("sarah", "- Sarah: reps keep to the four attempts; most unreached leads left a wrong "
                   "number."),
         [("v2 stands as signed: 100 MQLs a month, first contact within 60 minutes, four "
           "attempts. No changes before two months of data.", "sla:2")],
         [("sarah", "Report speed to lead by hour of hand-off for the next review", 25,
           ("done", 24)),
          ("tom", "Find out why paid search leads pass the MQL rules", 14, ("done", 10))],
         ["david", "lucia", "sarah", "tom", "marta"]),
    Held([("Speed to lead by hour of hand-off", "sarah", 15),
          ("Paid search and the MQL rules", "tom", 10)],
         "## Speed to lead by hour\n- Handed over before 18:00: 91 % called within 60 minutes. "
         "After 18:00: 22 %.\n- Evening leads are a quarter of the volume.\n\n## Paid search\n- "
         "Tom: the form lets anyone pick 101+ employees, and agencies do.\n- The rule stays; "
         "the glossary already says payroll staff only.",
         ("tom", "- Tom: the budget question on the ebook form cut unqualified leads by a fifth."),
         [("An MQL becomes an SQL when a rep accepts it after a first real conversation; a "
           "rejection always carries one of the five reason codes.", "term:SQL")],
         [("david", "Cover leads handed over after 18:00 with a call block in the Americas' "
                    "afternoon", 14, ("done", 16)),
          ("tom", "Check paid search leads' employee counts against the company register", 14,
           ("decline", 7, "The register covers Spain only and half these leads are from Latin "
                          "America. The reason codes will tell us instead."))],
         ["david", "lucia", "carlos"]),
    Held([("Evening call block: first results", "david", 10),
          ("Is 60 minutes still the right promise?", "lucia", 20)],
         "## Evening call block\n- Since Emily and Sarah took the Americas' afternoon, 84 % of "
         "MQLs are called within 60 minutes.\n- Median first contact: 22 minutes.\n\n## 60 or "
         "30 minutes\n- Lucía: leads called within 30 minutes are accepted twice as often; she "
         "wants the SLA to promise it.\n- David: fine in office hours; the evening block "
         "already costs two reps their evenings.\n- Carlos asked for a month of data by time "
         "slot before deciding.",
         ("sarah", "- Sarah: the evening block needs one more rep during the holidays."),
         [("v2's 60 minutes stay for now; a month of first-contact times by time slot decides "
           "whether the next version promises 30.", "sla:2")],
         [("lucia", "Draft the wording for a 30-minute first contact", 27, ("done", 26))],
         ["david", "sarah", "tom", "lucia"]),
    Held([("First contact by time slot", "sarah", 15),
          ("Amendment v3: first contact within 30 minutes", "lucia", 20)],
         "## First contact by time slot\n- 09:00–18:00: median 14 minutes; 93 % within 30.\n- "
         "After 18:00: median 70 minutes.\n\n## Amendment v3\n- Lucía's draft asks for 30 "
         "minutes for every MQL.\n- David: only for MQLs handed over in office hours; evening "
         "ones by 10:00 the next morning.\n- Agreed: Lucía adds the office-hours sentence and "
         "proposes v3.",
         ("tom", "- Tom: webinar reminders move to the morning, so more MQLs arrive in office "
                 "hours."),
         [("Amendment v3: first contact within 30 minutes for MQLs handed over in office hours "
           "(09:00–18:00, the rep's time); later ones by 10:00 the next working day. Both heads "
           "sign before the next review.", "sla:3")],
         [("lucia", "Add the office-hours sentence to v3 and propose it", 10, None),
          ("david", "Sign v3 once it is proposed", 20, None),
          ("tom", "Move the webinar reminders to the morning", 7, ("done", 2))],
         ["david"]),
]


# --- The heads' one-on-one: David runs it in English; Lucía adds her part in Spanish ----------

ONE_ON_ONE = Held(
    [("Speed to lead missed twice this month", "david", 15),
     ("Lead quality: the argument we keep having", "lucia", 20),
     ("Sales attribution for next quarter", "lucia", 10)],
    "## Speed to lead\n- Evening MQLs missed the 60 minutes twice this month: by the SLA's "
    "escalation rule, it comes here.\n- The Americas' afternoon block is the fix; it needs "
    "Emily and Sarah on it every day.\n\n## What we need from each other\n- David: event leads "
    "with a phone number, and no surprises on volume.\n- Lucía: the reason for every rejected "
    "MQL, within 48 hours.\n- Disagreements about lead quality stay in this room until we have "
    "the numbers.\n\n## Sales attribution",
    ("lucia", "- Lucía: propongo que las ventas de leads de marketing cuenten para los dos "
              "equipos; redacto la definición en el glosario."),
    [("Disagreements about lead quality are settled here first, then taken to the weekly sync "
      "with numbers, not blame.", ""),
     ("Sales attribution: a deal from a lead marketing handed over counts for both teams; Lucía "
      "drafts the term for both heads to approve.", "term:Sales attribution")],
    [("david", "Put Emily and Sarah on the Americas' afternoon call block every day", 3,
      ("done", 3)),
     ("lucia", "Compartir con David el presupuesto de marketing del próximo trimestre", 21,
      None)],
    ["david"])


# --- Service calls at past moments ---------------------------------------------------------

def _schedule(organiser: User, kind: str, title: str, starts: datetime, others, who: dict,
              minutes: int = 60, weekly: bool = False, at: datetime | None = None) -> Meeting:
    """Scheduled `at` a moment, or four days ahead of the meeting."""
    clock.freeze(at or starts - 4 * DAY)
    with force_locale(organiser.locale):  # as from the organiser's browser: the agenda's starters
        return services.schedule_meeting(organiser, kind, title, starts,
                                         starts + timedelta(minutes=minutes),
                                         [who[name].id for name in others], organiser.timezone,
                                         weekly)


def _held(meeting: Meeting, held: Held, who: dict, now: datetime) -> tuple:
    """The meeting as it went, through the services: agenda, notes by two people, decisions,
    actions, closing (which carries what is open), reviews. Returns the series' next meeting and
    the actions' fates (moment, item, move, reason), which happen later."""
    start, organiser = meeting.starts_at, meeting.organiser
    clock.freeze(start - 20 * MINUTE)
    services.refresh_agenda(meeting)  # someone opens it: what was settled since leaves
    for text, presenter, minutes in held.agenda:
        services.add_agenda_item(meeting, organiser, text, who[presenter].id, minutes)
    clock.freeze(start + 35 * MINUTE)
    services.save_notes(meeting, held.notes, meeting.current_revision, organiser)
    author, line = held.addition
    clock.freeze(start + 45 * MINUTE)
    services.save_notes(meeting, f"{meeting.notes}\n{line}", meeting.current_revision, who[author])
    for text, link in held.decisions:
        services.add_decision(meeting, organiser, text, _link(link))
    fates = []
    for owner, text, due_in, fate in held.actions:
        item = services.add_action(meeting, organiser, text, who[owner].id,
                                   (start + due_in * DAY).date())
        if fate:
            fates.append((start + fate[1] * DAY + 2 * HOUR, item, fate[0], *fate[2:]))
    clock.freeze(start + (meeting.minutes + 2) * MINUTE)
    with force_locale(organiser.locale):  # closing starts the series' next agenda
        following = services.close_meeting(meeting, organiser)
    for index, name in enumerate(held.reviewers):
        clock.freeze(max(clock.now(), min(start + (index + 1) * 5 * HOUR, now)))
        _reviewed(meeting, who[name])
    return following, fates


def _reviewed(meeting: Meeting, person: User) -> None:
    """A reviewer came from their notifications: those about this meeting are read."""
    services.mark_reviewed(meeting, person)
    for notification_id in list(db.session.scalars(select(Notification.id).where(
            Notification.user_id == person.id, Notification.target_type == "meeting",
            Notification.target_id == meeting.id, Notification.read_at.is_(None)))):
        mark_read(person, notification_id)


def _settle(pending: list, until: datetime, now: datetime) -> list:
    """Owners mark done or decline the actions due by `until`; returns the rest."""
    later = []
    for moment, item, move, *reason in sorted(pending, key=lambda fate: fate[0]):
        if moment > min(until, now - HOUR):
            later.append((moment, item, move, *reason))
            continue
        clock.freeze(moment)
        services.answer_action(item, item.owner, move, *reason)
    return later


def _link(link: str) -> str:
    """"term:MQL", "sla:3" or "goal:<title>" as the decision form's value."""
    if not link:
        return ""
    kind, _sep, name = link.partition(":")
    if kind == "term":
        return f"term:{term_by_name(name).id}"
    if kind == "sla":
        version = select(AgreementVersion.id).where(AgreementVersion.number == int(name))
        return f"sla:{db.session.scalar(version)}"
    return f"goal:{db.session.scalar(select(Goal.id).where(Goal.title == name).limit(1))}"

