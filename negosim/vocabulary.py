"""The words a run is described with, defined once: sides, member roles, room modes, statuses.

String enums: a member compares equal to its text (``Side.LEARNER == "learner"``), is
stored and sent as that text, and keys a dict the text also finds, so the database,
the journal's payloads and the browser keep the plain words.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    """Who a member negotiates for: the learner's team, or (team against team) the other team."""

    LEARNER = "learner"
    COUNTERPART = "counterpart"

    @property
    def other(self) -> Side:
        return Side.COUNTERPART if self is Side.LEARNER else Side.LEARNER

    @classmethod
    def of(cls, value: str | None) -> Side:
        """A stored side, or the learner's for rows that have none (staff, older runs)."""
        return cls(value) if value else cls.LEARNER


class Role(StrEnum):
    """A member's role in the room; observers see everything and never take part."""

    LEAD = "lead"
    SUPPORT = "support"
    NOTE_TAKER = "note_taker"
    OBSERVER = "observer"


class Mode(StrEnum):
    """The group against the scripted counterpart, or a buyer team against a seller team."""

    COUNTERPART = "counterpart"
    TEAMS = "teams"


class RunStatus(StrEnum):
    WAITING = "waiting"
    NEGOTIATING = "negotiating"
    ENDED = "ended"

    @property
    def is_open(self) -> bool:
        """A room still accepting members (waiting or under way)."""
        return self is not RunStatus.ENDED


OPEN_STATUSES: tuple[RunStatus, ...] = (RunStatus.WAITING, RunStatus.NEGOTIATING)
