"""Refusals the rooms give, each with a stable code the socket layer translates."""

from __future__ import annotations


class RoomError(Exception):
    """A refused request, with a stable code the client can translate."""

    def __init__(self, code: str, message: str, **params: int | str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params  # figures the translated message names (``limit``)

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}
