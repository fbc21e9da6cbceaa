"""Command line: create-admin, create-api-token, seed-demo, import-leads, verify-agreements,
backup, restore."""

from pathlib import Path

import click
from flask import Flask
from sqlalchemy import func, select

from workspace.api.models import SCOPES
from workspace.auth.models import User
from workspace.extensions import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(create_admin_command)
    app.cli.add_command(create_api_token_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(import_leads_command)
    app.cli.add_command(verify_agreements_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)


@click.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create a workspace admin (no team needed)."""
    from workspace.auth.forms import MIN_PASSWORD
    from workspace.auth.services import create_admin, user_by_email

    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"The password needs at least {MIN_PASSWORD} characters.")
    if user_by_email(email):
        raise click.ClickException(f"{email} is already in the workspace.")
    user = create_admin(email, name, password)
    click.echo(f"Admin {user.name} <{user.email}> created.")


@click.command("create-api-token")
@click.option("--name", required=True, help="The integration's name, e.g. 'CRM sync'.")
@click.option("--scopes", default=" ".join(SCOPES), show_default=True,
              help="Space- or comma-separated scopes.")
def create_api_token_command(name: str, scopes: str) -> None:
    """Create an API token; it is printed once and stored only as a hash."""
    from workspace.api.services import create_api_token

    chosen = [s for s in scopes.replace(",", " ").split() if s]
    try:
        issued = create_api_token(name, chosen, created_by=None)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Token for {name} (scopes: {issued.token.scopes}). It is shown only now:")
    click.echo(issued.secret)


@click.command("seed-demo")
@click.option("--password", default="demo-password", show_default=True)
def seed_demo_command(password: str) -> None:
    """Create a demo company on an empty database."""
    from workspace.demo import seed_demo

    if db.session.scalar(select(func.count()).select_from(User)):
        raise click.ClickException("The database already has users; seed-demo needs an empty one.")
    people = seed_demo(password)
    click.echo(f"Demo workspace ready. Every account's password: {password}")
    for user in people:
        click.echo(f"  {user.email:<34} {user.name} ({_describe(user)})")


def _describe(user: User) -> str:
    if user.is_admin and not user.team:
        return "admin"
    return f"{user.team} {user.role}"


@click.command("import-leads")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--as", "email", required=True, help="Who hands the leads over.")
def import_leads_command(path: str, email: str) -> None:
    """Import a CSV of leads (all or nothing), as the web import does."""
    from pathlib import Path

    from workspace.admin.services import workspace_settings
    from workspace.auth.services import user_by_email
    from workspace.leads.importing import ImportRefused, import_file

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"No one in the workspace has the email {email}.")
    try:
        batch = import_file(user, Path(path).name, Path(path).read_bytes(),
                            workspace_settings().timezone)
    except ImportRefused as refused:
        raise click.ClickException(str(refused)) from refused
    if batch.error_count:
        for line, column, message in batch.errors:
            click.echo(f"line {line}, {column}: {message}", err=True)
        raise click.ClickException(f"{batch.error_count} problems; nothing was imported.")
    click.echo(f"Imported {batch.created_count} new leads, updated {batch.updated_count}.")


@click.command("verify-agreements")
def verify_agreements_command() -> None:
    """Check every SLA version and the agreement log; exit 1 naming each break."""
    from flask_babel import force_locale

    from workspace.sla.verification import verify

    with force_locale("en"):
        report = verify()
        problems = [problem.words() for problem in report.breaks]
    for problem in problems:
        click.echo(f"BROKEN: {problem}", err=True)
    click.echo(f"Agreement log: {report.entries} entries, last hash {report.head}.")
    if problems:
        raise click.ClickException(f"{len(problems)} problems in the SLA's signed record.")
    click.echo("Every SLA version and the agreement log are intact.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a file already at PATH.")
def backup_command(path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH while the app serves."""
    from workspace.backups import BackupError, backup

    try:
        backup(db.engine, path, replace=force)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {_shown(db.engine.url)} to {path} ({path.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace the data of a database that is not empty.")
@click.pass_context
def restore_command(ctx: click.Context, path: Path, force: bool) -> None:
    """Bring a backup into an empty database (--force: replace one), then verify agreements."""
    from workspace.backups import BackupError, restore, tables_in

    tables = tables_in(db.engine)
    if tables and not force:
        raise click.ClickException(
            f"{_shown(db.engine.url)} is not empty ({len(tables)} tables, among them "
            f"{', '.join(sorted(tables)[:3])}); restore into an empty database, or pass "
            "--force to replace its data with the backup's.")
    db.session.remove()
    try:
        restore(db.engine, path, replace=bool(tables))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path} into {_shown(db.engine.url)}. Checking the agreements:")
    ctx.invoke(verify_agreements_command)


def _shown(url) -> str:
    return url.render_as_string(hide_password=True)
