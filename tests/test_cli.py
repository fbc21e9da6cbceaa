from sqlalchemy import func, select

from workspace.api.models import SCOPES, ApiToken
from workspace.api.services import token_for_secret
from workspace.auth.models import User
from workspace.extensions import db


def run(app, *args, **kwargs):
    return app.test_cli_runner().invoke(args=list(args), **kwargs)


def test_create_admin_with_a_password_and_no_team(app):
    result = run(app, "create-admin", "--email", "Boss@Example.test", "--name", "Boss",
                 "--password", "a long admin password")
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "boss@example.test"))
    assert admin.is_admin and admin.team is None
    assert admin.check_password("a long admin password")


def test_create_admin_prompts_for_the_password(app):
    result = run(app, "create-admin", "--email", "boss@example.test", "--name", "Boss",
                 input="a long admin password\na long admin password\n")
    assert result.exit_code == 0, result.output


def test_create_admin_refuses_a_short_password_and_a_taken_email(app):
    assert run(app, "create-admin", "--email", "b@example.test", "--name", "B",
               "--password", "short").exit_code != 0
    run(app, "create-admin", "--email", "b@example.test", "--name", "B",
        "--password", "a long admin password")
    again = run(app, "create-admin", "--email", "b@example.test", "--name", "B",
                "--password", "a long admin password")
    assert again.exit_code != 0 and "already" in again.output


def test_create_api_token_prints_a_working_secret_once(app):
    result = run(app, "create-api-token", "--name", "CRM sync", "--scopes", "leads:read,sla:read")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    token = token_for_secret(secret)
    assert token.scope_list == ["leads:read", "sla:read"] and token.user.name == "CRM sync"


def test_create_api_token_defaults_to_every_scope_and_refuses_unknown_ones(app):
    assert run(app, "create-api-token", "--name", "All").exit_code == 0
    assert db.session.scalar(select(ApiToken.scopes)).split() == list(SCOPES)
    assert run(app, "create-api-token", "--name", "Bad", "--scopes", "admin").exit_code != 0


def test_seed_demo_builds_a_company_and_refuses_a_second_time(app):
    result = run(app, "seed-demo", "--password", "demo password!")
    assert result.exit_code == 0, result.output
    people = list(db.session.scalars(select(User).where(User.joined_at.is_not(None))))
    teams = [(p.team, p.role) for p in people]
    assert teams.count(("marketing", "head")) == 1 and teams.count(("sales", "head")) == 1
    assert teams.count(("marketing", "member")) >= 3 and teams.count(("sales", "member")) >= 5
    assert any(p.is_admin for p in people)
    assert all(p.email.endswith("@demo.test") for p in people)
    assert all(p.check_password("demo password!") for p in people[:2])
    again = run(app, "seed-demo")
    assert again.exit_code != 0 and "empty" in again.output
    assert db.session.scalar(select(func.count()).select_from(User)) == len(people) + 1
