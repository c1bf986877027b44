"""HTTP pages: the home page, rooms, debriefs and replays."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import get_locale
from flask_wtf.csrf import CSRFProtect

from negosim.views import compare, home, limits, rooms, runs, sides

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    limits.init_app(app)  # first: an oversized body is refused before CSRF reads it
    csrf.init_app(app)
    app.jinja_env.globals["get_locale"] = get_locale
    app.register_blueprint(home.bp)
    app.register_blueprint(rooms.bp)
    app.register_blueprint(runs.bp)
    app.register_blueprint(sides.bp)
    app.register_blueprint(compare.bp)

    @app.errorhandler(404)
    def not_found(error):
        return render_template("errors/404.html", message=getattr(error, "description", "")), 404

    @app.errorhandler(400)
    def bad_request(error):
        return render_template("errors/400.html", message=getattr(error, "description", "")), 400
