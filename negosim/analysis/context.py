"""What a turn is read against: the scenario's issues, the terms on the table, who speaks.

Plain data built once per turn at the edge (the room service, the CLI, the
scorer) so the analysis itself stays a pure function of text and context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SPEAKERS = ("candidate", "counterpart")


@dataclass(frozen=True)
class IssueSpec:
    """An issue as the reader needs it: where a figure about it falls, what words name it."""

    id: str
    label: str = ""
    unit: str | None = None
    range: tuple[float, float] | None = None
    options: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @property
    def numeric(self) -> bool:
        return self.range is not None


@dataclass(frozen=True)
class Context:
    """A turn's surroundings. ``mine`` and ``theirs`` are the speaker's own terms on the
    table and the other side's; ``previous`` is the other side's last turn."""

    issues: tuple[IssueSpec, ...] = ()
    speaker: str = "candidate"
    mine: dict[str, Any] = field(default_factory=dict)
    theirs: dict[str, Any] = field(default_factory=dict)
    previous: str | None = None
    # the scenario's cue words (``analysis.topics``): ``need:<id>`` (what reveals a hidden
    # need), ``objection:<id>`` (an objection's topic), ``cure:<id>`` (what answers it)
    cues: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        if self.speaker not in SPEAKERS:
            raise ValueError(f"speaker must be one of {SPEAKERS}, not {self.speaker!r}")

    def issue(self, issue_id: str) -> IssueSpec | None:
        return next((i for i in self.issues if i.id == issue_id), None)

    @classmethod
    def of(
        cls,
        scenario: Any,
        speaker: str = "candidate",
        mine: dict[str, Any] | None = None,
        theirs: dict[str, Any] | None = None,
        previous: str | None = None,
    ) -> Context:
        """The context of a turn in ``scenario`` (a validated ``Scenario``)."""
        issues = tuple(
            IssueSpec(
                id=i.id,
                label=str(i.label),
                unit=i.unit,
                range=tuple(i.range) if i.range else None,
                options=tuple(i.options or ()),
                keywords=tuple(i.keywords),
            )
            for i in scenario.issues
        )
        return cls(
            issues, speaker, dict(mine or {}), dict(theirs or {}), previous, scenario_cues(scenario)
        )


def scenario_cues(scenario: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The words that reveal each hidden need, raise and answer each objection."""
    cues = [(f"need:{n.id}", tuple(map(str, n.reveal_if))) for n in scenario.hidden_needs]
    for o in scenario.objections:
        if o.trigger.topics:
            cues.append((f"objection:{o.id}", tuple(map(str, o.trigger.topics))))
        if o.resolved_by.keywords:
            cues.append((f"cure:{o.id}", tuple(map(str, o.resolved_by.keywords))))
    return tuple(cues)


NO_CONTEXT = Context()
