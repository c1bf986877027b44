"""A stored run read back: its scenario version, its journal, its score and its replay."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from negosim.events import Recorded
from negosim.scenario.loader import LoadedScenario
from negosim.scoring import LoadedRubric, from_events, score
from negosim.scoring.teams import team_events, team_view
from negosim.store import journal
from negosim.store.models import Run, ScoreRecord
from negosim.store.runs import by_id
from negosim.store.scenarios import load_version
from negosim.vocabulary import Mode, RunStatus, Side


@dataclass(frozen=True)
class RunRecord:
    run: Run
    loaded: LoadedScenario
    events: list[Recorded]


def load_record(session: Session, run_id: int) -> RunRecord | None:
    run = by_id(session, run_id)
    if run is None:
        return None
    events = [journal.to_recorded(e) for e in journal.events_after(session, run_id, 0)]
    return RunRecord(run, load_version(run.scenario_version), events)


def compute_score(record: RunRecord, rubric: LoadedRubric) -> dict[str, Any]:
    """The run's score; team against team, the learner side's, with both teams' under ``teams``
    (each with its own whole ``score``)."""
    if record.run.mode != Mode.TEAMS:
        transcript = from_events(record.loaded.id, record.events, record.run.duration_s)
        return score(transcript, record.loaded, rubric)
    teams = {}
    for side in Side:
        loaded = team_view(record.loaded, side)
        transcript = from_events(loaded.id, team_events(record.events, side), record.run.duration_s)
        teams[side] = score(transcript, loaded, rubric)
    sides = record.loaded.scenario.sides
    return {
        **teams["learner"],
        "teams": [
            {
                "side": side,
                "stance": sides[side].stance,
                "company": sides[side].company,
                "overall": teams[side]["overall"],
                "criteria": [
                    {"id": c["id"], "label": c["label"], "level": c["level"]}
                    for c in teams[side]["criteria"]
                ],
                "candidates": [
                    {k: c[k] for k in ("name", "turns", "talk_share", "questions", "points")}
                    for c in teams[side]["candidates"]
                ],
                "score": teams[side],  # the whole debrief, as this team's members read it
            }
            for side in Side
        ],
    }


def team_score(result: dict[str, Any], side: str | None) -> dict[str, Any] | None:
    """One team's whole debrief in a team-against-team result (None: not such a result, or
    a score stored before each team's was kept)."""
    for team in result.get("teams") or ():
        if team["side"] == side:
            return team.get("score")
    return None


def stored_score(session: Session, run_id: int, rubric: LoadedRubric) -> ScoreRecord | None:
    return session.scalar(
        select(ScoreRecord)
        .where(ScoreRecord.run_id == run_id, ScoreRecord.rubric_digest == rubric.digest)
        .order_by(ScoreRecord.id.desc())
    )


def score_run(session: Session, run_id: int, rubric: LoadedRubric) -> dict[str, Any] | None:
    """The run's score with this rubric version: stored once, then read back identically.

    A stored score is read back without loading the journal or the scenario.
    """
    found = stored_score(session, run_id, rubric)
    if found is not None:
        run = by_id(session, run_id)
        if (
            run
            and run.status == RunStatus.ENDED
            and found.scenario_digest == run.scenario_version.digest
        ):
            return found.result
    record = load_record(session, run_id)
    if record is None:
        return None
    if (
        found
        and found.scenario_digest == record.loaded.digest
        and record.run.status == RunStatus.ENDED
    ):
        return found.result
    result = compute_score(record, rubric)
    if record.run.status == RunStatus.ENDED:
        session.add(
            ScoreRecord(
                run_id=run_id,
                rubric_id=rubric.rubric.id,
                rubric_digest=rubric.digest,
                scenario_digest=record.loaded.digest,
                result=result,
            )
        )
    return result
