"""Shared by the commands: the app (for its configuration) and a ready database."""

from __future__ import annotations

from flask import Flask

from negosim import create_app, library
from negosim.store import get_store
from negosim.store.migrate import upgrade


def ready_app() -> Flask:
    """The configured app with its database migrated to the latest schema, its catalog read."""
    app = create_app()
    upgrade(get_store(app).url)
    library.overlay(app)  # the workspace's saved versions, now that their table exists
    return app
