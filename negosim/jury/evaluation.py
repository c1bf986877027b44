"""A scored run as the jury sees it: automatic and jury levels side by side.

The automatic score is never changed; each adjustment is a new signed, dated row and
the latest one per criterion gives the jury's level. The same dict feeds the page,
the PDF sheet and the cohort CSV.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from negosim.accounts.models import CohortRun
from negosim.jury.models import OVERALL, Adjustment
from negosim.review import score_run
from negosim.scoring import LoadedRubric
from negosim.store.runs import by_id
from negosim.vocabulary import Role


class AdjustmentError(ValueError):
    """A refused adjustment (unknown criterion or level, missing comment)."""


def history(db: Session, run_id: int) -> list[Adjustment]:
    return list(
        db.scalars(
            select(Adjustment)
            .where(Adjustment.run_id == run_id)
            .options(selectinload(Adjustment.user))
            .order_by(Adjustment.at, Adjustment.id)
        )
    )


def _change(a: Adjustment) -> dict[str, Any]:
    return {
        "criterion": a.criterion_id,
        "auto_level": a.auto_level,
        "level": a.level,
        "comment": a.comment,
        "by": a.user.display_name,
        "by_username": a.user.username,
        "at": a.at,
    }


def evaluate(db: Session, run_id: int, rubric: LoadedRubric) -> dict[str, Any] | None:
    """Everything an evaluation sheet shows, or None for an unknown run."""
    run = by_id(db, run_id)
    if run is None:
        return None
    result = score_run(db, run_id, rubric)
    if result is None:
        return None
    changes = [_change(a) for a in history(db, run_id)]
    latest = {c["criterion"]: c for c in changes}
    link = db.get(CohortRun, run_id)
    criteria = []
    for c in result["criteria"]:
        jury = latest.get(c["id"])
        criteria.append(
            {
                **c,
                "auto_level": c["level"],
                "jury": jury,
                "final_level": jury["level"] if jury else c["level"],
            }
        )
    decision = latest.get(OVERALL)
    version = run.scenario_version  # its id and title: no need to parse the scenario again
    return {
        "run": {
            "id": run.id,
            "code": run.code,
            "status": run.status,
            "outcome": run.outcome,
            "created_at": run.created_at,
            "ended_at": run.ended_at,
        },
        "cohort": link.cohort.name if link else None,
        "cohort_id": link.cohort_id if link else None,
        "scenario": {
            "id": version.scenario_id,
            "title": version.title,
            "language": version.language,
        },
        "candidates": [m.name for m in run.members if m.role != Role.OBSERVER],
        "levels": result["levels"],
        "overall": result["overall"],
        "criteria": criteria,
        "decision": decision,
        "final_overall": decision["level"] if decision else result["overall"]["level"],
        "history": changes,
        "final_terms": result.get("final_terms"),
    }


def adjust(
    db: Session,
    run_id: int,
    criterion_id: str,
    level: str,
    comment: str,
    user_id: int,
    rubric: LoadedRubric,
    at: datetime | None = None,
) -> Adjustment:
    """Record the jury's level for one criterion (or ``overall``) with its mandatory comment."""
    result = score_run(db, run_id, rubric)
    if result is None:
        raise AdjustmentError("unknown session")
    comment = comment.strip()
    if not comment:
        raise AdjustmentError("a comment is required to change a level")
    if level not in {lv["id"] for lv in result["levels"]}:
        raise AdjustmentError(f"unknown level {level!r}")
    autos = {c["id"]: c["level"] for c in result["criteria"]}
    autos[OVERALL] = result["overall"]["level"]
    if criterion_id not in autos:
        raise AdjustmentError(f"unknown criterion {criterion_id!r}")
    row = Adjustment(
        run_id=run_id,
        criterion_id=criterion_id,
        auto_level=autos[criterion_id],
        level=level,
        comment=comment,
        user_id=user_id,
    )
    if at is not None:
        row.at = at
    db.add(row)
    db.flush()
    return row
