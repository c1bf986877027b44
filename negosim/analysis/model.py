"""What the analyser says about one turn: its language, dialogue acts and entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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

    def has(self, *acts: str) -> bool:
        return any(a in self.acts for a in acts)

    def of(self, label: str) -> list[dict[str, Any]]:
        return [e for e in self.entities if e["label"] == label]

    @property
    def is_question(self) -> bool:
        return self.has("question.open", "question.closed")

    def to_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "acts": list(self.acts), "entities": list(self.entities)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            lang=str(data.get("lang", "fr")),
            acts=tuple(data.get("acts", ())),
            entities=tuple(data.get("entities", ())),
        )
