"""The list of scored sessions, narrowed to what the viewer may see and to the filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from negosim.accounts.models import CohortRun
from negosim.jury.evaluation import evaluate
from negosim.scoring import LoadedRubric
from negosim.store.models import Run, ScenarioVersion


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


def _start(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=UTC)


def scored_sessions(
    db: Session, rubric: LoadedRubric, visible_cohorts: set[int] | None, filters: Filters
) -> list[dict[str, Any]]:
    """Ended runs (newest first) with their evaluation; ``visible_cohorts`` None means all."""
    query = (
        select(Run.id)
        .join(ScenarioVersion, Run.scenario_version_id == ScenarioVersion.id)
        .outerjoin(CohortRun, CohortRun.run_id == Run.id)
        .where(Run.status == "ended")
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
    rows = []
    for run_id in db.scalars(query):
        ev = evaluate(db, run_id, rubric)
        if ev is None:
            continue
        if filters.level and ev["final_overall"] != filters.level:
            continue
        rows.append(ev)
    return rows
