"""The recorded event vocabulary shared by the engine, the journal and the views.

A run is rebuilt from its events alone, so every fact the engine, the scorer or
the replay needs is carried in one of these kinds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

RUN_CREATED = "run.created"  # {scenario_id, digest, mode, seed, duration_s, prep_s}
MEMBER_JOINED = "member.joined"  # {member_id, name, role, side}
NEGOTIATION_STARTED = "negotiation.started"  # {duration_s, phase}
TURN = "turn"  # {speaker, side, name, text, lang, acts, entities, offer}
STATE_CHANGED = "state.changed"  # {source, dest, trigger}
TERMS = "terms"  # {by, terms: {issue_id: value}, table: {issue_id: value}}
NEED_REVEALED = "need.revealed"  # {need}
OBJECTION_RAISED = "objection.raised"  # {objection}
OBJECTION_RESOLVED = "objection.resolved"  # {objection, resolved: bool}
RUN_ENDED = "run.ended"  # {outcome, reason, terms, [by: the accepting side]}
OWNER_CHANGED = "owner.changed"  # {member_id, name, side}: the owner left, a teammate owns it
CLOCK_MILESTONE = "clock.milestone"  # {remaining_s}: team-vs-team runs, told the time left
SHEET_UPDATED = "sheet.updated"  # {side, field, value, version, by, name}
SIDES_REVEALED = "sides.revealed"  # {by}: a trainer opened both teams' sheets after the end
SHEET_FIELDS = (  # the preparation sheet's fields, one sheet.updated event per edit
    "objectives",
    "limits",
    "priorities",
    "concessions",
    "arguments",
    "objections",
    "batna",
    "clauses",
)

COUNTERPART = "counterpart"
SYSTEM = "system"


@dataclass(frozen=True)
class Happening:
    """Something that occurred and must be recorded; it has no number until stored."""

    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    author: str = SYSTEM


@dataclass(frozen=True)
class Recorded:
    """A stored event as the engine, scorer and clients see it."""

    seq: int
    kind: str
    elapsed_s: float
    author: str
    payload: dict[str, Any]
    at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "kind": self.kind,
            "elapsed_s": round(self.elapsed_s, 3),
            "author": self.author,
            "payload": self.payload,
            "at": self.at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recorded:
        return cls(
            seq=int(data["seq"]),
            kind=str(data["kind"]),
            elapsed_s=float(data.get("elapsed_s", 0.0)),
            author=str(data.get("author", SYSTEM)),
            payload=dict(data.get("payload") or {}),
            at=str(data.get("at", "")),
        )
