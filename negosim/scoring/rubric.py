"""The scoring rubric as data: criteria, four levels, weights, indicators and thresholds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from negosim.content import ContentError, ContentInvalid, digest, validate_yaml

LevelId = Literal["TI", "I", "S", "TS"]
LEVEL_ORDER: tuple[LevelId, ...] = ("TI", "I", "S", "TS")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    id: LevelId
    label: str
    points: float


class IndicatorUse(_Strict):
    id: str
    weight: float = Field(default=1.0, gt=0)
    thresholds: Annotated[list[float], Field(min_length=3, max_length=3)]
    lower_is_better: bool = False
    # a cap bounds the criterion's level (one false figure and the criterion cannot be S)
    # instead of being averaged with the others
    cap: bool = False

    @model_validator(mode="after")
    def _monotonic(self) -> IndicatorUse:
        t = self.thresholds
        ordered = t == sorted(t, reverse=self.lower_is_better)
        if not ordered:
            raise ValueError(
                "thresholds (reaching I, S, TS) must go "
                + ("down when lower is better" if self.lower_is_better else "up")
            )
        return self


class Criterion(_Strict):
    id: str
    group: str
    label: str
    weight: float = Field(ge=0)
    descriptors: dict[LevelId, str]
    indicators: list[IndicatorUse] = Field(min_length=1)
    advice: dict[Literal["fr", "en"], str] = {}
    # also graded for each candidate from their own turns (conduct, not the team's outcome)
    per_candidate: bool = False


class CriterionText(_Strict):
    group: str | None = None
    label: str | None = None
    descriptors: dict[LevelId, str] = {}


class RubricText(_Strict):
    """The rubric's words in another language; what is missing stays as written."""

    title: str | None = None
    levels: dict[LevelId, str] = {}
    references: dict[str, str] = {}
    criteria: dict[str, CriterionText] = {}


class Rubric(_Strict):
    id: str
    title: str
    levels: list[Level] = Field(min_length=4, max_length=4)
    criteria: list[Criterion] = Field(min_length=1)
    references: dict[str, str] = {}
    translations: dict[Literal["fr", "en"], RubricText] = {}

    @model_validator(mode="after")
    def _translated_criteria_exist(self) -> Rubric:
        known = {c.id for c in self.criteria}
        for lang, text in self.translations.items():
            unknown = sorted(set(text.criteria) - known)
            if unknown:
                raise ValueError(f"translations.{lang}: unknown criteria {', '.join(unknown)}")
        return self

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    source: str
    path: str

    @property
    def digest(self) -> str:
        return digest(self.source)


def load_rubric_text(text: str, file: str = "<rubric>") -> LoadedRubric:
    return LoadedRubric(validate_yaml(Rubric, text, file), text, file)  # type: ignore[arg-type]


def load_rubric_file(path: Path) -> LoadedRubric:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ContentInvalid([ContentError(str(path), None, "", f"cannot read: {exc}")]) from None
    return load_rubric_text(text, str(path))
