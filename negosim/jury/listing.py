"""The list of scored sessions, narrowed to what the viewer may see and to the filters.

Each ended run is scored once (the score is stored, then read back); the jury's list is
paged, so a page costs its own rows, not the whole history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from negosim.accounts.models import CohortRun
from negosim.jury.evaluation import evaluate
from negosim.jury.models import OVERALL, Adjustment
from negosim.review import score_run
from negosim.scoring import LoadedRubric
from negosim.store.models import Run, ScenarioVersion, ScoreRecord
from negosim.vocabulary import RunStatus

PAGE_SIZE = 25


@dataclass(frozen=True)
class Filters:
    cohort_id: int | None = None
    scenario_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    level: str | None = None

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        def day(key: str) -> date | None:
            try:
                return date.fromisoformat(args.get(key, ""))
            except ValueError:
                return None

        cohort = args.get("cohort", "")
        return cls(
            cohort_id=int(cohort) if cohort.isdigit() else None,
            scenario_id=args.get("scenario") or None,
            date_from=day("from"),
            date_to=day("to"),
            level=args.get("level") or None,
        )

    def to_args(self) -> dict[str, str]:
        """The query string that gives these filters back (kept across pages)."""
        args = {
            "cohort": str(self.cohort_id) if self.cohort_id is not None else "",
            "scenario": self.scenario_id or "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "level": self.level or "",
        }
        return {k: v for k, v in args.items() if v}


def page_count(total: int, size: int) -> int:
    return max(1, -(-total // size))


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.size)


def _start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def matching_ids(db: Session, visible_cohorts: set[int] | None, filters: Filters) -> list[int]:
    """Ended runs the viewer may see, newest first, narrowed by every filter but the level."""
    query = (
        select(Run.id)
        .join(ScenarioVersion, Run.scenario_version_id == ScenarioVersion.id)
        .outerjoin(CohortRun, CohortRun.run_id == Run.id)
        .where(Run.status == RunStatus.ENDED)
        .order_by(Run.id.desc())
    )
    if visible_cohorts is not None:
        query = query.where(CohortRun.cohort_id.in_(visible_cohorts or {-1}))
    if filters.cohort_id is not None:
        query = query.where(CohortRun.cohort_id == filters.cohort_id)
    if filters.scenario_id:
        query = query.where(ScenarioVersion.scenario_id == filters.scenario_id)
    if filters.date_from:
        query = query.where(Run.created_at >= _start(filters.date_from))
    if filters.date_to:
        query = query.where(Run.created_at < _start(filters.date_to + timedelta(days=1)))
    return list(db.scalars(query))


def ensure_scores(db: Session, run_ids: list[int], rubric: LoadedRubric) -> None:
    """Score, once, the runs that have no stored score with this rubric yet."""
    stored = set(
        db.scalars(
            select(ScoreRecord.run_id).where(
                ScoreRecord.run_id.in_(run_ids), ScoreRecord.rubric_digest == rubric.digest
            )
        )
    )
    for run_id in run_ids:
        if run_id not in stored:
            score_run(db, run_id, rubric)
    db.flush()


def final_levels(db: Session, run_ids: list[int], rubric: LoadedRubric) -> dict[int, str]:
    """Each run's overall level: the jury's latest decision, else the stored automatic one."""
    levels: dict[int, str] = {}
    for run_id, result in db.execute(
        select(ScoreRecord.run_id, ScoreRecord.result)
        .where(ScoreRecord.run_id.in_(run_ids), ScoreRecord.rubric_digest == rubric.digest)
        .order_by(ScoreRecord.id)
    ):
        levels[run_id] = result["overall"]["level"]
    for run_id, level in db.execute(
        select(Adjustment.run_id, Adjustment.level)
        .where(Adjustment.run_id.in_(run_ids), Adjustment.criterion_id == OVERALL)
        .order_by(Adjustment.at, Adjustment.id)
    ):
        levels[run_id] = level
    return levels


def _narrowed(
    db: Session, rubric: LoadedRubric, visible_cohorts: set[int] | None, filters: Filters
) -> list[int]:
    ids = matching_ids(db, visible_cohorts, filters)
    ensure_scores(db, ids, rubric)
    if filters.level:
        levels = final_levels(db, ids, rubric)
        ids = [i for i in ids if levels.get(i) == filters.level]
    return ids


def _evaluated(db: Session, ids: list[int], rubric: LoadedRubric) -> list[dict[str, Any]]:
    return [ev for ev in (evaluate(db, i, rubric) for i in ids) if ev is not None]


def scored_page(
    db: Session,
    rubric: LoadedRubric,
    visible_cohorts: set[int] | None,
    filters: Filters,
    number: int = 1,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of the list: only its rows are evaluated."""
    ids = _narrowed(db, rubric, visible_cohorts, filters)
    number = min(max(1, number), page_count(len(ids), size))
    chosen = ids[(number - 1) * size : number * size]
    return Page(_evaluated(db, chosen, rubric), number, size, len(ids))


def scored_sessions(
    db: Session, rubric: LoadedRubric, visible_cohorts: set[int] | None, filters: Filters
) -> list[dict[str, Any]]:
    """Every matching ended run (newest first) with its evaluation: exports and dashboards."""
    return _evaluated(db, _narrowed(db, rubric, visible_cohorts, filters), rubric)
