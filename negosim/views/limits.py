"""How big a request may be: refused with a clear 413 before anything reads its body.

Werkzeug enforces ``MAX_CONTENT_LENGTH`` only when a view reads the form or the JSON,
which may be after other work (a CSRF check reads the form of every POST). The hook
below runs first, on the declared length; a body sent without one (chunked) is cut at
the same limit by Werkzeug as it is read.
"""

from __future__ import annotations

from flask import Flask, abort, jsonify, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge


def refuse_oversized() -> None:
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def too_large(error: RequestEntityTooLarge):
    message = _("The request is too large (at most %(size)s KiB).", size=_limit_kib())
    if request.accept_mimetypes.best == "application/json" or request.is_json:
        return jsonify({"ok": False, "error": {"code": "too_large", "message": message}}), 413
    return render_template("errors/413.html", message=message), 413


def _limit_kib() -> int:
    return int((request.max_content_length or 0) // 1024)


def init_app(app: Flask) -> None:
    """Registered before any other hook, so nothing reads an oversized body first."""
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_oversized)
    app.register_error_handler(413, too_large)
