"""The trainers' scenario workspace: list, view, edit with live validation, save, test-play."""

from __future__ import annotations

from flask import Flask

from negosim.workspace import models  # noqa: F401  (tables on the shared metadata)


def init_app(app: Flask) -> None:
    from negosim.workspace.views import bp

    app.register_blueprint(bp)
