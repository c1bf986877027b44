"""The jury: scored sessions, adjusted levels with their comments, evaluation sheets."""

from __future__ import annotations

from flask import Flask

from negosim.jury import models  # noqa: F401  (tables on the shared metadata)


def init_app(app: Flask) -> None:
    from negosim.jury.views import bp

    app.register_blueprint(bp)
