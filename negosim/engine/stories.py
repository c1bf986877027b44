"""Scenario stories: scripted candidate turns and what the counterpart must do after each.

A story is a specification a trainer can read: "after this turn, the buyer raises
this objection; after that one, she never counters above 640 €; the run ends in a
deal". ``play_story`` runs the real engine (and the real analysis) on the turns
and ``check`` lists every expectation the counterpart did not meet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field

from negosim import events as ev
from negosim.analysis import analyze
from negosim.content import validate_yaml
from negosim.engine.negotiation import CandidateTurn, Negotiation
from negosim.scenario.loader import LoadedScenario
from negosim.scenario.model import Slug, Strict, Text


class Expect(Strict):
    """What must be true right after one candidate turn (every field optional)."""

    state: str | None = None
    raises: Slug | None = None
    reveals: Slug | None = None
    resolves: Slug | None = None
    drops: Slug | None = None
    says: list[str] = []
    counter_at_most: dict[Slug, float] = {}
    counter_at_least: dict[Slug, float] = {}
    accepts: bool | None = None
    walks_away: bool | None = None
    no_objection: bool | None = None
    reveals_nothing: bool | None = None


class StoryTurn(Strict):
    say: Text
    at: Annotated[float, Field(ge=0)]
    expect: Expect = Expect()


class StoryEnd(Strict):
    outcome: Literal["deal", "no_deal", "timeout", "open"]
    state: str | None = None
    clock_min: float | None = Field(default=None, ge=0)


class Story(Strict):
    scenario: Slug
    kind: Literal["good", "weak", "bad"]
    title: Text
    seed: int = 7
    turns: list[StoryTurn] = Field(min_length=1)
    end: StoryEnd


@dataclass
class Step:
    """What the counterpart did after one turn."""

    text: str
    state: str
    intents: list[str]
    raised: list[str] = field(default_factory=list)
    revealed: list[str] = field(default_factory=list)
    settled: dict[str, bool] = field(default_factory=dict)
    bid: dict[str, Any] | None = None
    ended: str | None = None


@dataclass
class Trace:
    steps: list[Step]
    states: list[str]
    outcome: str
    final_state: str
    raised: list[str]
    revealed: list[str]


def load_story(path: Path) -> Story:
    return validate_yaml(Story, path.read_text("utf-8"), str(path))  # type: ignore[return-value]


def _step(happenings: list[ev.Happening], n: Negotiation) -> Step:
    step = Step(text="", state=n.state, intents=[])  # type: ignore[attr-defined]
    for h in happenings:
        p = h.payload
        if h.kind == ev.TURN:
            step.text = (step.text + " " + p["text"]).strip()
            step.intents.extend(p.get("intents", []))
        elif h.kind == ev.OBJECTION_RAISED:
            step.raised.append(p["objection"])
        elif h.kind == ev.NEED_REVEALED:
            step.revealed.append(p["need"])
        elif h.kind == ev.OBJECTION_RESOLVED:
            step.settled[p["objection"]] = p["resolved"]
        elif h.kind == ev.TERMS and p["by"] == "counterpart":
            step.bid = dict(p["terms"])
        elif h.kind == ev.RUN_ENDED:
            step.ended = p["outcome"]
    return step


def play_story(loaded: LoadedScenario, story: Story) -> Trace:
    """Run the engine on the story's turns, as a room would (analysis included)."""
    duration = loaded.scenario.duration_min * 60
    n = Negotiation(loaded, seed=story.seed, duration_s=duration)
    states = [n.state]  # type: ignore[attr-defined]
    steps: list[Step] = []
    outcome = "open"
    previous: str | None = None
    try:
        n.open()
        for t in story.turns:
            heard = analyze(t.say, context=n.context("learner", previous))
            out = n.hear(CandidateTurn(t.say, heard, t.at * 60))
            previous = next(
                (h.payload["text"] for h in reversed(out) if h.kind == ev.TURN), previous
            )
            states += [h.payload["dest"] for h in out if h.kind == ev.STATE_CHANGED]
            step = _step(out, n)
            steps.append(step)
            outcome = step.ended or outcome
        if story.end.clock_min is not None and not n.over:
            out = n.clock(story.end.clock_min * 60)
            states += [h.payload["dest"] for h in out if h.kind == ev.STATE_CHANGED]
            outcome = _step(out, n).ended or outcome
        return Trace(
            steps,
            states,
            outcome,
            n.state,  # type: ignore[attr-defined]
            list(n.memory.raised),
            list(n.memory.revealed),
        )
    finally:
        n.close()


def check(loaded: LoadedScenario, story: Story, trace: Trace) -> list[str]:
    """Every expectation the counterpart missed, as sentences naming the turn."""
    problems: list[str] = []
    for i, (turn, step) in enumerate(zip(story.turns, trace.steps, strict=False), start=1):
        e, where = turn.expect, f"turn {i} ({turn.say[:40]!r})"

        def miss(what: str, step: Step = step, where: str = where) -> None:
            problems.append(
                f"{where}: expected {what}; got state {step.state!r}, "
                f"intents {step.intents}, said {step.text!r}"
            )

        if e.state and step.state != e.state:
            miss(f"state {e.state!r}")
        if e.raises and e.raises not in step.raised:
            miss(f"objection {e.raises!r} raised")
        if e.no_objection and step.raised:
            miss(f"no objection (raised {step.raised})")
        if e.reveals and e.reveals not in step.revealed:
            miss(f"need {e.reveals!r} revealed")
        if e.reveals_nothing and step.revealed:
            miss(f"no need revealed (revealed {step.revealed})")
        if e.resolves and step.settled.get(e.resolves) is not True:
            miss(f"objection {e.resolves!r} resolved")
        if e.drops and step.settled.get(e.drops) is not False:
            miss(f"objection {e.drops!r} judged unresolved")
        for intent in e.says:
            if intent not in step.intents:
                miss(f"intent {intent!r}")
        for bounds, most in ((e.counter_at_most, True), (e.counter_at_least, False)):
            for issue, bound in bounds.items():
                value = (step.bid or {}).get(issue)
                if value is None or (float(value) > bound if most else float(value) < bound):
                    miss(
                        f"a counter-offer with {issue} {'<=' if most else '>='} {bound} "
                        f"(bid {step.bid})"
                    )
        if e.accepts is not None and ("accept" in step.intents) != e.accepts:
            miss("acceptance" if e.accepts else "no acceptance")
        if e.walks_away is not None and ("walk_away" in step.intents) != e.walks_away:
            miss("walking away" if e.walks_away else "no walking away")
    if len(trace.steps) < len(story.turns):
        problems.append(f"the run ended after turn {len(trace.steps)} of {len(story.turns)}")
    if trace.outcome != story.end.outcome:
        problems.append(f"end: expected outcome {story.end.outcome!r}, got {trace.outcome!r}")
    if story.end.state and trace.final_state != story.end.state:
        problems.append(f"end: expected state {story.end.state!r}, got {trace.final_state!r}")
    return problems


@dataclass
class Coverage:
    """What a scenario's stories reach, against what the scenario holds."""

    scenario: str
    stories: int
    states: dict[str, bool]
    objections: dict[str, bool]
    needs: dict[str, bool]

    @property
    def missing(self) -> list[str]:
        return [
            f"{kind} {name}"
            for kind, found in (
                ("state", self.states),
                ("objection", self.objections),
                ("need", self.needs),
            )
            for name, ok in found.items()
            if not ok
        ]


def coverage(loaded: LoadedScenario, traces: list[Trace]) -> Coverage:
    from negosim.engine.machine import states_of

    s = loaded.scenario
    states = {name for t in traces for name in t.states}
    raised = {o for t in traces for o in t.raised}
    revealed = {need for t in traces for need in t.revealed}
    return Coverage(
        s.id,
        len(traces),
        {name: name in states for name in states_of(s)},
        {o.id: o.id in raised for o in s.objections},
        {h.id: h.id in revealed for h in s.hidden_needs},
    )


def story_files(directory: Path, scenario_id: str | None = None) -> list[Path]:
    """Stories live in ``<dir>/<scenario id>/<kind>.yaml``."""
    pattern = f"{scenario_id}/*.yaml" if scenario_id else "*/*.yaml"
    return sorted(directory.glob(pattern))
