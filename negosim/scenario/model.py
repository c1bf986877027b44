"""The scenario language as typed models: what a trainer's YAML file may say."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    model_validator,
)

from negosim.vocabulary import Side as SideName

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$")]
Unit01 = Annotated[float, Field(ge=0.0, le=1.0)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
# ``SideName`` is the vocabulary's ``Side``; ``Side`` below is a side as a scenario describes it


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not silently change a scenario."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Side(Strict):
    stance: Literal[
        "seller",
        "buyer",
        "principal",
        "agent",
        "licensor",
        "licensee",
        "franchisor",
        "franchisee",
        "supplier",
        "retailer",
    ]
    company: Text
    role: Text
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    brief: Text
    objectives: list[Text] = Field(min_length=1)
    batna: Text
    reservation_utility: Unit01


class NumericPreference(Strict):
    weight: Unit01
    direction: Literal["up", "down"]
    target: float
    reservation: float

    @model_validator(mode="after")
    def _ordered(self) -> NumericPreference:
        better = (
            self.target > self.reservation
            if self.direction == "up"
            else self.target < self.reservation
        )
        if not better:
            raise ValueError(
                f"with direction {self.direction!r} the target ({self.target}) must be "
                f"{'above' if self.direction == 'up' else 'below'} "
                f"the reservation ({self.reservation})"
            )
        return self


class CategoricalPreference(Strict):
    weight: Unit01
    utilities: dict[str, Unit01]


def _preference_kind(value: object) -> str:
    if isinstance(value, dict):
        return "categorical" if "utilities" in value else "numeric"
    return "categorical" if isinstance(value, CategoricalPreference) else "numeric"


Preference = Annotated[
    Annotated[NumericPreference, Tag("numeric")]
    | Annotated[CategoricalPreference, Tag("categorical")],
    Discriminator(_preference_kind),
]


class Issue(Strict):
    id: Slug
    label: Text
    unit: str | None = None
    range: tuple[float, float] | None = None
    step: float | None = Field(default=None, gt=0)
    options: list[Text] | None = None
    keywords: list[Text] = []
    learner: Preference
    counterpart: Preference

    @property
    def numeric(self) -> bool:
        return self.range is not None

    def preference(self, side: SideName) -> NumericPreference | CategoricalPreference:
        return self.learner if side == SideName.LEARNER else self.counterpart

    @model_validator(mode="after")
    def _consistent(self) -> Issue:
        if (self.range is None) == (self.options is None):
            raise ValueError(
                "an issue has either a numeric 'range' or a list of 'options', not both"
            )
        for side in SideName:
            pref = self.preference(side)
            if self.range is not None:
                if not isinstance(pref, NumericPreference):
                    raise ValueError(
                        f"{side}: a numeric issue needs direction, target and reservation"
                    )
                lo, hi = self.range
                if lo >= hi:
                    raise ValueError(f"range [{lo}, {hi}] must go from low to high")
                for name in ("target", "reservation"):
                    value = getattr(pref, name)
                    if not lo <= value <= hi:
                        raise ValueError(f"{side}.{name} {value} is outside the range [{lo}, {hi}]")
            else:
                if not isinstance(pref, CategoricalPreference):
                    raise ValueError(f"{side}: an issue with options needs 'utilities' per option")
                missing = set(self.options or ()) - set(pref.utilities)
                extra = set(pref.utilities) - set(self.options or ())
                if missing or extra:
                    raise ValueError(
                        f"{side}.utilities must give one value per option"
                        + (f"; missing {sorted(missing)}" if missing else "")
                        + (f"; unknown {sorted(extra)}" if extra else "")
                    )
        return self


class Behaviour(Strict):
    """How a culture negotiates; every field optional so a scenario can override one."""

    rapport: Unit01 | None = None
    refusal_directness: Unit01 | None = None
    formality: Literal["formal", "informal"] | None = None
    patience: Unit01 | None = None
    decision: Literal["full", "needs_approval", "consensus"] | None = None
    contract: Literal["detailed", "framework", "relationship"] | None = None
    haggling: Unit01 | None = None
    proof_demand: Unit01 | None = None


class Tactic(Strict):
    kind: Literal["time_dependent", "tit_for_tat", "mix"] = "time_dependent"
    e: float = Field(default=0.4, gt=0, le=10)
    opening_extremity: Unit01 = 0.8
    tft_weight: Unit01 = 0.0
    firmness: Unit01 = 0.5


class Profile(Strict):
    culture: Slug
    behaviour: Behaviour = Behaviour()
    tactic: Tactic = Tactic()


class HiddenNeed(Strict):
    id: Slug
    fact: Text
    reveal_if: list[Text] = Field(min_length=1)
    line: Text | None = None


class OfferThreshold(Strict):
    issue: Slug
    above: float | None = None
    below: float | None = None


class Trigger(Strict):
    phase: str | None = None
    after_min: float | None = Field(default=None, ge=0)
    acts: list[str] = []
    topics: list[Text] = []
    offer: OfferThreshold | None = None


class Treatment(Strict):
    acts: list[str] = []
    keywords: list[Text] = []
    min_matches: int = Field(default=1, ge=1)


class Objection(Strict):
    id: Slug
    kind: Literal[
        "price", "delay", "competitor", "quality", "trust", "authority", "timing", "legal", "other"
    ] = "other"
    trigger: Trigger
    lines: list[Text] = Field(min_length=1)
    resolved_by: Treatment
    resolved_line: Text | None = None


class Fact(Strict):
    id: Slug
    text: Text
    value: float | None = None
    unit: str | None = None
    keywords: list[Text] = []
    tolerance: float = Field(default=0.02, ge=0)


class FlowTransition(Strict):
    trigger: Slug
    source: str | list[str]
    dest: str
    conditions: list[str] = []
    unless: list[str] = []


class Flow(Strict):
    states: list[Slug] = []
    transitions: list[FlowTransition] = []


class ContractCase(Strict):
    incoterm_options: list[Text] = []
    payment_options: list[Text] = []
    clauses: list[Text] = []


class Scenario(Strict):
    id: Slug
    language: Literal["fr", "en"]
    title: Text
    sector: Text
    setting: Literal["france", "international"]
    contract_type: Literal[
        "sale",
        "distribution",
        "agent",
        "franchise",
        "licence",
        "partnership",
        "annual_retail_agreement",
        "tender",
    ]
    duration_min: int = Field(default=30, ge=5, le=180)
    prep_min: int = Field(default=10, ge=0, le=120)
    public_brief: Text
    sides: dict[SideName, Side]
    issues: list[Issue] = Field(min_length=1)
    profile: Profile
    hidden_needs: list[HiddenNeed] = []
    objections: list[Objection] = []
    facts: list[Fact] = []
    contract: ContractCase = ContractCase()
    lines: dict[Slug, list[Text]] = {}
    flow: Flow = Flow()

    def issue(self, issue_id: str) -> Issue:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        raise KeyError(issue_id)

    @model_validator(mode="after")
    def _whole(self) -> Scenario:
        if set(self.sides) != set(SideName):
            raise ValueError("sides must hold exactly 'learner' and 'counterpart'")
        for group, items in (
            ("issues", self.issues),
            ("hidden_needs", self.hidden_needs),
            ("objections", self.objections),
            ("facts", self.facts),
        ):
            ids = [i.id for i in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{group}: ids must be unique, repeated {dupes}")
        issue_ids = {i.id for i in self.issues}
        for obj in self.objections:
            if obj.trigger.offer and obj.trigger.offer.issue not in issue_ids:
                raise ValueError(
                    f"objection {obj.id!r} watches unknown issue {obj.trigger.offer.issue!r}"
                )
        return self


class Culture(Strict):
    """A shared culture file: published dimension scores and behaviour defaults."""

    id: Slug
    country: Text
    source: Text
    hofstede: dict[
        Literal["pdi", "idv", "mas", "uai", "lto", "ivr"], Annotated[int, Field(ge=0, le=120)]
    ]
    behaviour: Behaviour
    notes: list[Text] = []
