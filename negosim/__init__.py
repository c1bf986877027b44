"""negosim: a negotiation-training simulator for the block-3 role-play."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, request, session
from flask_babel import Babel, format_decimal

from negosim import labels
from negosim.config import WEB_DIR, defaults, ensure_secret_key
from negosim.engine.phrasing import format_value
from negosim.prose import paragraphs

__version__ = "0.1.0"

babel = Babel()


def select_locale() -> str:
    """The user's choice if they made one, else the browser's, else French."""
    chosen = session.get("lang")
    if chosen in ("fr", "en"):
        return chosen
    return request.accept_languages.best_match(["fr", "en"]) or "fr"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The only place configuration is read: defaults, then ``NEGOSIM_*`` or the test dict."""
    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("NEGOSIM_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=str(Path(instance).resolve()) if instance else None,
        template_folder=str(WEB_DIR / "templates"),
        static_folder=str(WEB_DIR / "static"),
    )
    app.config.from_mapping(defaults(app.instance_path))
    if test_config is None:
        app.config.from_prefixed_env("NEGOSIM")
    else:
        app.config.from_mapping(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = ensure_secret_key(app.instance_path)
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")

    from negosim import accounts, jury, library, rooms, views, workspace
    from negosim.store import Store
    from negosim.views import bounds

    bounds.init_app(app)  # before any blueprint: its routes use the bounded converter

    Store(app.config["DATABASE_URL"]).init_app(app)
    library.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    # marks and figures in the interface's number format: "9,6" in French, "9.6" in English
    app.jinja_env.filters["decimal"] = lambda x, fmt="#,##0.#": format_decimal(x, fmt)
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["shown"] = format_value  # an issue's value: "520 €", "45 jours"
    app.jinja_env.globals["words"] = labels  # internal names in the interface's words
    rooms.init_app(app)
    views.init_app(app)
    accounts.init_app(app)
    jury.init_app(app)
    workspace.init_app(app)
    return app
