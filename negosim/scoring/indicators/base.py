"""What every indicator shares: the measure, its evidence, the run it reads, the vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from negosim.content import load_yaml
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.transcript import Transcript, Turn


@dataclass(frozen=True)
class Evidence:
    seq: int | None
    elapsed_s: float | None
    speaker: str
    quote: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        t = self.elapsed_s
        return {
            "seq": self.seq,
            "time": f"{int(t // 60):02d}:{int(t % 60):02d}" if t is not None else None,
            "speaker": self.speaker,
            "quote": self.quote,
            "note": self.note,
        }


@dataclass(frozen=True)
class Measure:
    value: float | None
    display: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    transcript: Transcript
    loaded: LoadedScenario
    speaker: str | None = None  # restrict to one candidate's turns

    @property
    def lang(self) -> str:
        return self.loaded.scenario.language

    def mine(self) -> list[Turn]:
        turns = self.transcript.candidate_turns()
        return [t for t in turns if self.speaker is None or t.speaker == self.speaker]


def cite(turn: Turn, note: str, limit: int = 160) -> Evidence:
    quote = turn.text if len(turn.text) <= limit else turn.text[: limit - 1] + "…"
    return Evidence(turn.seq, turn.elapsed_s, turn.name or turn.speaker, quote, note)


def absence(note: str) -> Evidence:
    return Evidence(None, None, "", "", note)


LANGS = ("fr", "en")


def lang_of(ctx: Context) -> str:
    """The session's language for the scorer's texts: ``fr`` or ``en`` (anything else: ``fr``)."""
    return ctx.lang if ctx.lang in LANGS else "fr"


@cache
def notes() -> dict[str, dict[str, str]]:
    return load_yaml(
        resources.files("negosim.scoring").joinpath("data/notes.yaml").read_text("utf-8")
    )


def say(ctx: Context, key: str, **params: Any) -> str:
    """The note or display ``key`` in the session's language, its placeholders filled.

    A key or language missing from ``data/notes.yaml`` raises KeyError.
    """
    return notes()[key][lang_of(ctx)].format(**params)


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


@cache
def contract_vocabulary() -> dict[str, Any]:
    return load_yaml(
        resources.files("negosim.scoring").joinpath("data/contract_terms.yaml").read_text("utf-8")
    )


@cache
def conduct_vocabulary() -> dict[str, Any]:
    return load_yaml(
        resources.files("negosim.scoring").joinpath("data/conduct.yaml").read_text("utf-8")
    )


def _at(ctx: Context, seq: int) -> Turn | None:
    before = [t for t in ctx.transcript.turns if t.seq <= seq]
    learner = [t for t in before if t.side == "learner"]
    return learner[-1] if learner else (before[-1] if before else None)


def _reservation(ctx: Context) -> float:
    return ctx.loaded.scenario.sides["learner"].reservation_utility
