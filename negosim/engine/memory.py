"""What the counterpart remembers of a run: acts heard, needs revealed, terms, concessions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from negosim.engine.utility import Terms


@dataclass
class Memory:
    """What the counterpart remembers of the run so far."""

    acts: Counter[str] = field(default_factory=Counter)
    rapport_turns: int = 0
    business_turns: int = 0
    rushed: int = 0
    revealed: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)
    resolved: dict[str, bool] = field(default_factory=dict)
    pending_objection: str | None = None
    pending_attempts: int = 0
    learner_terms: Terms = field(default_factory=dict)
    own_terms: Terms = field(default_factory=dict)
    own_utilities: list[float] = field(default_factory=list)
    targets: list[float] = field(default_factory=list)  # what each of its bids asked for
    agreed: Terms = field(default_factory=dict)
    unilateral: int = 0
    conditional: int = 0
    threats: int = 0
    not_moving: int = 0  # offers in a row past a limit without a step towards it
    referred: bool = False  # it has said the decision is not its alone
    candidate_moved: bool = False  # the latest offer came nearer on some issue
    proofs: int = 0
    familiar: int = 0  # turns that said « tu » to a counterpart whose culture is formal

    def count(self, act: str) -> int:
        return self.acts[act]

    @property
    def persuasion(self) -> float:
        """0 to 1: how far good answers and proof have moved the counterpart."""
        settled = sum(1 for ok in self.resolved.values() if ok)
        return min(1.0, (settled + self.proofs / 2) / 3)
