"""``negosim users``: staff accounts and cohorts (the first administrator starts here)."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from negosim.accounts.models import ROLES, User
from negosim.accounts.users import (
    AccountError,
    assign_jury,
    by_username,
    cohort_by_key,
    create_cohort,
    create_user,
    set_password,
)
from negosim.cli.common import ready_app
from negosim.store import get_store


@click.group()
def users() -> None:
    """Manage administrator, trainer and jury accounts, and cohorts."""


@users.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--name", "display_name", default="", help="Full name shown on pages and sheets.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
def create(username: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create an account; the password is prompted for (twice) unless --password-stdin."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    app = ready_app()
    try:
        with get_store(app).Session.begin() as db:
            user = create_user(db, username, role, password, display_name)
            click.echo(f"created {user.role} {user.username}")
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None


@users.command("password")
@click.argument("username")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
def password(username: str, password_stdin: bool) -> None:
    """Give an account a new password; every session it had open ends."""
    if password_stdin:
        new = sys.stdin.readline().rstrip("\r\n")
    else:
        new = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    app = ready_app()
    try:
        with get_store(app).Session.begin() as db:
            user = by_username(db, username)
            if user is None:
                raise AccountError(f"no account {username!r}")
            set_password(user, new)
            click.echo(f"new password for {user.username}; its sessions are ended")
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None


@users.command("list")
def list_users() -> None:
    """List accounts with their role."""
    app = ready_app()
    with get_store(app).Session() as db:
        for user in db.scalars(select(User).order_by(User.role, User.username)):
            state = "" if user.active else " (disabled)"
            click.echo(f"{user.role:<8} {user.username}  {user.display_name}{state}")


@users.command("cohort")
@click.argument("name")
@click.option("--jury", "jury", multiple=True, help="Username of a jury member to assign.")
def cohort(name: str, jury: tuple[str, ...]) -> None:
    """Create cohort NAME if needed and assign jury members to it."""
    app = ready_app()
    try:
        with get_store(app).Session.begin() as db:
            found = cohort_by_key(db, name) or create_cohort(db, name)
            for username in jury:
                user = by_username(db, username)
                if user is None:
                    raise AccountError(f"no account {username!r}")
                assign_jury(db, found, user)
            click.echo(f"cohort {found.id} {found.name}: {len(found.jury)} jury member(s)")
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
