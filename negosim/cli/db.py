"""``negosim db``: the database schema."""

from __future__ import annotations

import click

from negosim import create_app
from negosim.store import get_store
from negosim.store.migrate import upgrade as run_upgrade


@click.group()
def db() -> None:
    """Manage the database."""


@db.command()
def upgrade() -> None:
    """Create the database or migrate it to the latest schema."""
    app = create_app()
    url = get_store(app).url
    run_upgrade(url)
    click.echo(f"database ready: {url}")
