"""A run as the scorer reads it: turns, what the counterpart disclosed, the outcome."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from negosim import events as ev
from negosim.analysis.model import Analysis
from negosim.events import Recorded


@dataclass(frozen=True)
class Turn:
    seq: int
    elapsed_s: float
    speaker: str
    side: str
    name: str
    text: str
    analysis: Analysis
    intents: tuple[str, ...] = ()  # what a counterpart turn did (greeting, counter, …)

    @property
    def words(self) -> int:
        return len(self.text.split())

    def has(self, *acts: str) -> bool:
        return self.analysis.has(*acts)


@dataclass
class Transcript:
    scenario_id: str
    turns: list[Turn] = field(default_factory=list)
    revealed: list[tuple[int, str]] = field(default_factory=list)  # (seq, need id)
    raised: list[tuple[int, str]] = field(default_factory=list)
    resolved: dict[str, tuple[int, bool]] = field(default_factory=dict)
    offers: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (seq, by, terms)
    outcome: str | None = None
    final_terms: dict[str, Any] | None = None
    duration_s: float = 1800.0
    sheet: dict[str, Any] = field(default_factory=dict)  # learner side's sheet, latest per field
    sheet_versions: dict[str, int] = field(default_factory=dict)
    clauses: list[str] = field(default_factory=list)  # agreed beyond the issues (typed records)
    roles: dict[str, str] = field(default_factory=dict)  # speaker → lead, support… (typed)

    def candidate_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.side == "learner"]

    def turn(self, seq: int) -> Turn | None:
        return next((t for t in self.turns if t.seq == seq), None)


def from_events(scenario_id: str, events: Iterable[Recorded], duration_s: float) -> Transcript:
    """Fold a run's journal into a transcript."""
    tr = Transcript(scenario_id=scenario_id, duration_s=duration_s)
    for e in events:
        p = e.payload
        if e.kind == ev.TURN:
            analysis = Analysis.from_dict(
                {
                    "lang": p.get("lang", "fr"),
                    "acts": p.get("acts", []),
                    "entities": p.get("entities", []),
                }
            )
            tr.turns.append(
                Turn(
                    e.seq,
                    e.elapsed_s,
                    str(p.get("speaker")),
                    str(p.get("side")),
                    str(p.get("name", "")),
                    str(p.get("text", "")),
                    analysis,
                    tuple(p.get("intents") or ()),
                )
            )
        elif e.kind == ev.NEED_REVEALED:
            tr.revealed.append((e.seq, p["need"]))
        elif e.kind == ev.OBJECTION_RAISED:
            tr.raised.append((e.seq, p["objection"]))
        elif e.kind == ev.OBJECTION_RESOLVED:
            tr.resolved[p["objection"]] = (e.seq, bool(p["resolved"]))
        elif e.kind == ev.TERMS:
            tr.offers.append((e.seq, p["by"], dict(p["terms"])))
        elif e.kind == ev.RUN_ENDED:
            tr.outcome = p.get("outcome")
            tr.final_terms = p.get("terms")
        elif e.kind == ev.SHEET_UPDATED:
            fold_sheet(tr, p)
    return tr


def fold_sheet(tr: Transcript, payload: dict[str, Any]) -> None:
    """Keep the latest value per field of the learner side's preparation sheet."""
    if payload.get("side", "learner") != "learner":
        return
    if "field" not in payload:  # a whole sheet at once
        tr.sheet.update(dict(payload.get("sheet", {})))
        return
    name = str(payload["field"])
    version = int(payload.get("version") or 0)
    if version >= tr.sheet_versions.get(name, -1):
        tr.sheet_versions[name] = version
        tr.sheet[name] = payload.get("value", "")
