"""Accounts and roles: administrators, trainers and jury members; cohorts of candidates.

Candidates need no account: a room code lets them in, and a signed session cookie
remembers the rooms they opened (see ``access``). Schools that want it give candidates
accounts too: they take part under their own name and find their sessions again.
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user

from negosim.accounts import models  # noqa: F401  (tables on the shared metadata)
from negosim.accounts.models import User
from negosim.store import get_store

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = _l("Log in to see this page.")
login_manager.session_protection = "strong"

# Guessing passwords costs time: login attempts per address (one process: memory storage).
limiter = Limiter(key_func=get_remote_address, storage_uri="memory://", default_limits=[])


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The active account a login cookie names, if the cookie's session was not ended since
    (a logout or a password change raises the account's epoch: older cookies open nothing)."""
    account, _, epoch = user_id.partition(":")
    if not (account.isdigit() and epoch.isdigit()) or len(user_id) > 40:
        return None
    with get_store().Session() as db:
        user = db.get(User, int(account))
        if user is None or not user.active or user.session_epoch != int(epoch):
            return None
        return user


def init_app(app: Flask) -> None:
    """Secure cookie defaults (a deployment behind HTTPS sets NEGOSIM_SESSION_COOKIE_SECURE)."""
    if not app.config.get("SESSION_COOKIE_SAMESITE"):
        app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # Flask's default is None, not unset
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config["REMEMBER_COOKIE_SECURE"] = app.config.get("SESSION_COOKIE_SECURE", False)
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(hours=12))
    login_manager.init_app(app)
    limiter.init_app(app)

    from negosim.accounts import candidates, views, watch

    app.register_blueprint(views.bp)
    app.register_blueprint(watch.bp)
    app.register_blueprint(candidates.bp)

    @app.before_request
    def load_user_first() -> None:
        # Read the account before a view opens its write transaction: SQLite takes one
        # writer at a time (BEGIN IMMEDIATE), and the loader's own session would wait.
        _ = current_user.is_authenticated

    @app.errorhandler(403)
    def forbidden(error):
        return render_template("accounts/forbidden.html"), 403
