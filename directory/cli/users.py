"""Accounts from the command line: `create-user`, `create-token`."""

from __future__ import annotations

import sys

import click

from directory.cli.common import (
    _run,
    _settings,
)
from directory.cli.root import main
from directory.context import Services
from directory.errors import Conflict, InvalidInput


@main.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["user", "admin", "curator", "analyst"]), default="user",
              show_default=True, help="admin and curator may edit every profile and decide claims.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (otherwise you are prompted).")
@click.option("--name", default="", help="Display name.")
def create_user(email: str, role: str, password_stdin: bool, name: str) -> None:
    """Create a verified user account (e.g. the first curator)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    settings = _settings()

    async def work(services: Services) -> str:
        user = await services.accounts.sign_up(email, password, name, role=role, verified=True)
        return user.email

    try:
        created = _run(settings, work)
    except InvalidInput as exc:
        for error in exc.errors:
            click.echo(f"error: {error.field}: {error.reason}", err=True)
        raise SystemExit(2) from exc
    except Conflict as exc:
        click.echo(f"error: email: {exc}", err=True)
        raise SystemExit(1) from exc
    click.echo(f"created {role} {created}")


@main.command("create-token")
@click.argument("email")
@click.option("--label", default="CLI", show_default=True, help="Shown in account settings.")
def create_token(email: str, label: str) -> None:
    """Print a new personal API token for that user (shown once; stored only as a hash)."""
    settings = _settings()

    async def work(services: Services) -> str | None:
        user = await services.accounts.by_email(email)
        return None if user is None else await services.accounts.create_token(user, label)

    token = _run(settings, work)
    if token is None:
        click.echo(f"error: email: no user {email.strip().lower()!r}; create it first with "
                   "`directory create-user`", err=True)
        raise SystemExit(1)
    click.echo(token)


if __name__ == "__main__":
    main()

