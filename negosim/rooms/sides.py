"""Team against team: each team joins with its own code, so a side is proved, not declared.

A team's code is the room's code followed by a short tag, an HMAC of the room code and
the side under the application's secret key: nothing to store, nothing to guess, and a
team that knows its own code learns nothing of the other's. The bare room code stays
with whoever opened the room (and staff), who hands each team its own.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

from negosim.rooms.errors import RoomError
from negosim.store.runs import CODE_ALPHABET, CODE_LENGTH, normalise_code
from negosim.vocabulary import Side

TAG_LENGTH = 5  # 31⁵ ≈ 29 million tags per side; joins are rate limited


def _tag(secret: str, code: str, side: Side) -> str:
    digest = hmac.new(secret.encode(), f"{code}:{side}".encode(), hashlib.sha256).digest()
    return "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:TAG_LENGTH])


def team_code(secret: str, code: str, side: Side) -> str:
    """The code one team joins with, shown as ``ROOM-TAG`` (the dash is optional)."""
    return f"{code}-{_tag(secret, code, side)}"


def read_code(secret: str, raw: str) -> tuple[str, Side | None]:
    """The room code and, for a team's code, its side; a wrong tag is refused."""
    code = normalise_code(raw)
    if len(code) <= CODE_LENGTH:
        return code, None
    room, tag = code[:CODE_LENGTH], code[CODE_LENGTH:]
    for side in Side:
        if hmac.compare_digest(tag, _tag(secret, room, side)):
            return room, side
    raise RoomError("bad_code", "this team code does not open the room: check it")


def secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def team_codes(code: str) -> dict[Side, str]:
    """Both teams' codes, for the page of whoever opened the room."""
    return {side: team_code(secret(), code, side) for side in Side}
