"""Numbers and JSON from the URL and the body, bounded at the edge.

A database integer holds 2⁶³−1 at most: a larger id in a URL reached SQLite and came
back as a 500. Flask's ``int`` converter is replaced by one with that ceiling (a larger
id matches no route: 404). A JSON body nested deeper than Python's recursion limit made
the decoder raise RecursionError (a 500): it is a 400 now, like any malformed JSON.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

MAX_ID = 2**63 - 1


class BoundedInt(IntegerConverter):
    """Flask's ``int`` converter, with at most ``MAX_ID`` unless the route says less."""

    def __init__(self, map: Any, *args: Any, max: int | None = MAX_ID, **kwargs: Any) -> None:
        super().__init__(map, *args, max=min(max, MAX_ID) if max is not None else MAX_ID, **kwargs)


class BoundedRequest(Request):
    """A request whose JSON body, however deeply nested, decodes or is a 400."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            raise BadRequest("The JSON body is nested too deeply.") from None


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedInt
    app.request_class = BoundedRequest
