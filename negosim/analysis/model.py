"""What the analyser says about one turn: its language, dialogue acts and entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from negosim.analysis.mentions import terms_moved

ACTS: tuple[str, ...] = (
    "question.open",
    "question.closed",
    "reformulation",
    "acknowledgment",
    "argument",
    "proof",
    "offer",
    "concession.conditional",
    "concession",
    "objection",
    "closing",
    "agreement",
    "refusal",
    "small_talk",
    "threat",
    "need",
)

# Acts that talk business (not rapport): one list for the counterpart and the scorer.
BUSINESS_ACTS: tuple[str, ...] = (
    "offer",
    "argument",
    "proof",
    "need",
    "objection",
    "concession",
    "concession.conditional",
    "closing",
)

ENTITY_LABELS: tuple[str, ...] = (
    "MONEY",
    "PERCENT",
    "DURATION",
    "QUANTITY",
    "INCOTERM",
    "PAYMENT_TECHNIQUE",
    "CURRENCY",
    "DATE",
)


@dataclass(frozen=True)
class Analysis:
    """Plain data, so it can be stored with the turn and replayed without spaCy."""

    lang: str
    acts: tuple[str, ...] = ()
    entities: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    mentions: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    language: str | None = None  # fr, en or mixed: the turn's own, whatever the scenario's
    address: str | None = None  # tu, vous, or None when the turn addresses no one
    # in the scenario's words (``analysis.topics``): cue sets named, with how many words;
    # the issues named, in order; what a question asks for (proposal, priorities, needs)
    heard: dict[str, int] = field(default_factory=dict)
    topics: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()

    def proposed(self) -> dict[str, Any]:
        """The terms this turn puts on the table as the speaker's own (issue id → value)."""
        return terms_moved(list(self.mentions), ("propose",))

    def accepted(self) -> dict[str, Any]:
        """The other side's terms this turn accepts."""
        return terms_moved(list(self.mentions), ("accept",))

    def stated(self) -> dict[str, Any]:
        """Proposed and accepted together: what the speaker now stands on."""
        return terms_moved(list(self.mentions), ("propose", "accept"))

    def required(self) -> dict[str, Any]:
        """The speaker's own needs and limits stated with a figure (« il nous faut 30 jours »):
        they say where the speaker stands without putting an offer on the table."""
        return terms_moved(list(self.mentions), ("require",))

    def implausible(self) -> list[dict[str, Any]]:
        """Proposed values far outside their issue's range, each with its likely reading."""
        return [m for m in self.mentions if m.get("implausible")]

    def has(self, *acts: str) -> bool:
        return any(a in self.acts for a in acts)

    def of(self, label: str) -> list[dict[str, Any]]:
        return [e for e in self.entities if e["label"] == label]

    @property
    def is_question(self) -> bool:
        return self.has("question.open", "question.closed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "acts": list(self.acts),
            "entities": list(self.entities),
            "mentions": list(self.mentions),
            "language": self.language or self.lang,
            "address": self.address,
            "heard": dict(self.heard),
            "topics": list(self.topics),
            "asks": list(self.asks),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            lang=str(data.get("lang", "fr")),
            acts=tuple(data.get("acts", ())),
            entities=tuple(data.get("entities", ())),
            mentions=tuple(data.get("mentions", ())),
            language=data.get("language"),
            address=data.get("address"),
            heard={str(k): int(v) for k, v in (data.get("heard") or {}).items()},
            topics=tuple(data.get("topics", ())),
            asks=tuple(data.get("asks", ())),
        )
