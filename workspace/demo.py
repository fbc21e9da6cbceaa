"""A realistic demo company. Each area adds its own data here as it lands."""

from datetime import timedelta

from sqlalchemy import select

from workspace import clock
from workspace.admin.models import WorkspaceSettings
from workspace.auth.models import User
from workspace.extensions import db

PEOPLE = [
    # email, name, team, role, admin, locale, timezone
    ("admin@demo.test", "Alex Morgan", None, None, True, "en", "Europe/Madrid"),
    ("lucia.fernandez@demo.test", "Lucía Fernández", "marketing", "head", False, "es",
     "Europe/Madrid"),
    ("david.okafor@demo.test", "David Okafor", "sales", "head", False, "en", "Europe/London"),
    ("marta.gil@demo.test", "Marta Gil", "marketing", "member", False, "es", "Europe/Madrid"),
    ("tom.becker@demo.test", "Tom Becker", "marketing", "member", False, "en", "Europe/Berlin"),
    ("ines.navarro@demo.test", "Inés Navarro", "marketing", "member", False, "es",
     "America/Mexico_City"),
    ("carlos.ruiz@demo.test", "Carlos Ruiz", "sales", "member", False, "es", "Europe/Madrid"),
    ("sarah.mitchell@demo.test", "Sarah Mitchell", "sales", "member", False, "en",
     "America/New_York"),
    ("javier.moreno@demo.test", "Javier Moreno", "sales", "member", False, "es",
     "America/Bogota"),
    ("emily.chen@demo.test", "Emily Chen", "sales", "member", False, "en", "America/Chicago"),
    ("pablo.ortega@demo.test", "Pablo Ortega", "sales", "member", False, "es", "Europe/Madrid"),
]

# Invited, not joined yet: the admin's home shows them.
PENDING = [("raquel.soto@demo.test", "Raquel Soto", "marketing", "member")]


def seed_demo(password: str) -> list[User]:
    now = clock.now()
    # The one settings row (migration 0010 makes it): the demo names and places the workspace.
    settings = db.session.scalar(select(WorkspaceSettings).limit(1)) or WorkspaceSettings()
    settings.name, settings.currency, settings.timezone = "Acme Analytics", "USD", "Europe/Madrid"
    db.session.add(settings)
    people = []
    for index, (email, name, team, role, admin, locale, zone) in enumerate(PEOPLE):
        user = User(email=email, name=name, team=team, role=role, is_admin=admin,
                    locale=locale, timezone=zone,
                    joined_at=now - timedelta(days=180 - index))
        user.set_password(password)
        people.append(user)
    db.session.add_all(people)
    db.session.flush()
    _seed_pending(people[0])
    db.session.commit()
    _seed_areas({"admin": people[0], "marketing_head": people[1], "sales_head": people[2],
                 "marketer": people[3], "rep": people[6]}, people)
    return people


def _seed_areas(roles: dict[str, User], people: list[User]) -> None:
    from workspace.glossary.demo import seed_glossary
    from workspace.sla.demo import seed_sla

    seed_glossary(roles)
    seed_sla(roles)
    from workspace.leads.demo import seed_leads, seed_spend

    reps = [p for p in people if p.is_rep]
    seed_leads(roles, reps)
    seed_spend(roles)
    from workspace.goals.demo import seed_goals

    seed_goals(people)  # after the leads: live goals are set from their figures
    from workspace.meetings.demo import seed_meetings

    seed_meetings(people)  # after the goals: agendas pick up their open commitments


def _seed_pending(admin: User) -> None:
    from workspace.auth.services import issue_invitation

    for email, name, team, role in PENDING:
        user = User(email=email, name=name, team=team, role=role)
        db.session.add(user)
        db.session.flush()
        issue_invitation(user, admin)
