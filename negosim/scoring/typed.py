"""Transcripts typed from a live role-play (JSON), turned into what the scorer reads.

Format (documented in rubrics/README.md)::

    {"scenario": "fr-mobilier-grand-compte",
     "candidates": [{"id": "alice", "name": "Alice", "role": "lead"}, ...],  # role optional
     "counterparts": [{"id": "durand", "name": "M. Durand"}, ...],  # optional, named speakers
     "turns": [{"speaker": "alice" | "durand" | "counterpart", "time": "02:15" | 135,
                "text": "..."}],
     "outcome": "deal" | "no_deal" | "timeout" | null,
     "final_terms": {"price": 640, ...} | null,
     "clauses": ["Incoterm FCA Annecy", ...],   # optional: clauses agreed beyond the issues
     "sheet": {"objectives": "...", "limits": "...", ...}}   # optional preparation sheet

What the live engine records as events is recovered from the text: offers by reading the
terms a turn names (the engine's own reader), objections from the counterpart's objection
turns, hidden needs from the candidates' questions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from negosim.analysis.context import Context
from negosim.analysis.model import Analysis
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.transcript import Transcript, Turn
from negosim.vocabulary import Role

Analyze = Callable[[str, Context], Analysis]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TypedCandidate(_Strict):
    id: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    role: Role | None = None  # lead, support, note_taker, observer


class TypedCounterpart(_Strict):
    """One of the other side's people, when the record names who spoke."""

    id: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=60)]


class TypedTurn(_Strict):
    speaker: Annotated[str, StringConstraints(min_length=1, max_length=60)]
    time: float
    text: Annotated[str, StringConstraints(min_length=1, max_length=10_000)]

    @field_validator("time", mode="before")
    @classmethod
    def _clock(cls, value: Any) -> float:
        if isinstance(value, str):
            m = re.fullmatch(r"\s*(\d+):([0-5]\d)\s*", value)
            if not m:
                raise ValueError("time must be seconds or mm:ss")
            return int(m.group(1)) * 60 + int(m.group(2))
        return value


class TypedTranscript(_Strict):
    scenario: str
    candidates: list[TypedCandidate] = Field(min_length=1)
    turns: list[TypedTurn] = Field(min_length=1)
    outcome: Literal["deal", "no_deal", "timeout"] | None = None
    final_terms: dict[str, Any] | None = None
    clauses: list[Annotated[str, StringConstraints(min_length=1, max_length=500)]] = []
    counterparts: list[TypedCounterpart] = []
    sheet: dict[str, str] = {}

    @model_validator(mode="after")
    def _speakers_are_named_once(self) -> TypedTranscript:
        ids = [c.id for c in self.candidates] + [c.id for c in self.counterparts]
        if len(set(ids)) != len(ids) or "counterpart" in {c.id for c in self.candidates}:
            raise ValueError("candidate and counterpart ids must be distinct")
        return self


def to_transcript(typed: TypedTranscript, loaded: LoadedScenario, analyze: Analyze) -> Transcript:
    """Analyse the typed turns and fold them into a transcript; needs are found by the questions."""
    names = {c.id: c.name for c in typed.candidates}
    theirs = {c.id: c.name for c in typed.counterparts}
    unknown = sorted({t.speaker for t in typed.turns} - set(names) - set(theirs) - {"counterpart"})
    if unknown:
        raise ValueError(f"turns by speakers not listed in candidates: {', '.join(unknown)}")
    tr = Transcript(
        scenario_id=loaded.id,
        duration_s=loaded.scenario.duration_min * 60,
        outcome=typed.outcome,
        final_terms=typed.final_terms,
        sheet=dict(typed.sheet),
        clauses=list(typed.clauses),
        roles={c.id: str(c.role) for c in typed.candidates if c.role},
    )
    scenario = loaded.scenario
    table: dict[str, dict[str, Any]] = {"learner": {}, "counterpart": {}}
    previous: str | None = None
    for seq, turn in enumerate(typed.turns, start=1):
        side = "learner" if turn.speaker in names else "counterpart"
        other = "learner" if side == "counterpart" else "counterpart"
        speaker = "candidate" if side == "learner" else "counterpart"
        context = Context.of(scenario, speaker, table[side], table[other], previous)
        analysis = analyze(turn.text, context)
        previous = turn.text
        name = names.get(turn.speaker) or theirs.get(
            turn.speaker, loaded.scenario.sides["counterpart"].role
        )
        tr.turns.append(Turn(seq, turn.time, turn.speaker, side, name, turn.text, analysis))
        table[side] = {**table[side], **analysis.stated()}
        terms = analysis.proposed()  # an offer is one's own terms; accepting theirs is not one
        if terms:
            tr.offers.append((seq, side, terms))
        if side == "counterpart":
            objection = _objection(turn.text, analysis, loaded, {o for _, o in tr.raised})
            if objection:
                tr.raised.append((seq, objection))
        if side == "learner" and analysis.is_question:
            for need in loaded.scenario.hidden_needs:  # as the counterpart hears it
                if (
                    need.id not in {n for _, n in tr.revealed}
                    and f"need:{need.id}" in analysis.heard
                ):
                    tr.revealed.append((seq, need.id))
                    break
    _settle_objections(tr)
    return tr


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{4,}", text.lower()))


def _objection(text: str, analysis: Analysis, loaded: LoadedScenario, seen: set[str]) -> str | None:
    """The scenario objection a counterpart turn voices (its lines, closely), or any objection."""
    words = _words(text)
    for obj in loaded.scenario.objections:
        for line in obj.lines:
            ref = _words(line)
            if ref and len(words & ref) / len(ref) >= 0.6 and obj.id not in seen:
                return obj.id
    return f"objection-{len(seen) + 1}" if analysis.has("objection") else None


def _settle_objections(tr: Transcript) -> None:
    """An objection counts as resolved when the counterpart moves on without raising it again.

    After the candidates' answer, the counterpart's next turn agrees, acknowledges or asks,
    rather than objecting or refusing again.
    """
    for seq, obj in tr.raised:
        later = [t for t in tr.turns if t.seq > seq]
        answered = next((t for t in later if t.side == "learner"), None)
        if answered is None:
            tr.resolved[obj] = (seq, False)
            continue
        reply = next((t for t in later if t.seq > answered.seq and t.side != "learner"), None)
        ok = reply is None or reply.has("agreement", "acknowledgment")
        ok = ok or not reply.has("objection", "refusal", "threat")
        tr.resolved[obj] = (reply.seq if reply else answered.seq, ok)
