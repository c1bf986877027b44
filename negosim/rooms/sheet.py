"""The team's preparation sheet: one field at a time, each edit based on a version.

An edit names the version it was made from; if someone saved the field since,
the edit is refused with the current text, so the client can keep both rather
than silently overwrite a teammate. Pure: the service records and publishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from negosim.events import SHEET_FIELDS, SHEET_UPDATED, Happening

FIELDS = SHEET_FIELDS


class StaleEdit(Exception):
    """The field changed since the version the edit was based on."""

    def __init__(self, current: dict[str, Any]) -> None:
        super().__init__("the field changed since your version")
        self.current = current


@dataclass
class Sheet:
    """Every side's fields as last recorded: (side, field) -> {value, version, by}."""

    fields: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def current(self, side: str, name: str) -> dict[str, Any]:
        return self.fields.get((side, name), {"value": "", "version": 0, "by": None})

    def note(self, payload: dict[str, Any]) -> None:
        """Take in a recorded ``sheet.updated`` event."""
        key = (payload["side"], payload["field"])
        self.fields[key] = {k: payload[k] for k in ("value", "version", "by")}

    def edit(
        self, side: str, name: str, value: str, base_version: int, by: str, who: str = ""
    ) -> Happening:
        """The event to record for this edit; raises ``StaleEdit`` if it is based on old text."""
        if name not in FIELDS:
            raise ValueError(f"field must be one of {', '.join(FIELDS)}")
        now = self.current(side, name)
        if base_version != now["version"]:
            raise StaleEdit({"field": name, **now})
        payload = {"side": side, "field": name, "value": value, "version": now["version"] + 1}
        return Happening(SHEET_UPDATED, {**payload, "by": by, "name": who}, by)

    def of_side(self, side: str) -> dict[str, dict[str, Any]]:
        return {name: v for (s, name), v in self.fields.items() if s == side}
