"""Authoring scenarios: check a draft like the CLI does, save it as a version, read the history.

The files in ``scenarios/`` stay as shipped. A version saved in the workspace is a
``scenario_version`` row plus a ``scenario_edit`` row (who, when, why); the latest
edit of a scenario id overlays the file of that id in the app's catalog (see
``negosim.library``), or adds a scenario that has no file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, selectinload

from negosim.content import MAX_SOURCE_BYTES, ContentError
from negosim.engine.diagram import mermaid
from negosim.engine.lint import Finding, check_text
from negosim.engine.machine import check_flow
from negosim.scenario.loader import LoadedScenario
from negosim.store.models import Run, ScenarioVersion
from negosim.store.scenarios import load_version, save_version
from negosim.workspace.models import NOTE_CHARS, ScenarioEdit

DRAFT = "<draft>"


def str_message(error: ContentError) -> str:
    return error.message


@dataclass(frozen=True)
class Verdict:
    """What the loader, the flow check and the lints say of a draft; its diagram if drawable."""

    loaded: LoadedScenario | None
    findings: list[Finding]
    diagram: str | None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "error"]

    @property
    def ok(self) -> bool:
        return self.loaded is not None and not self.errors

    def to_dict(self, say: Callable[[ContentError], str] = str_message) -> dict[str, Any]:
        """The verdict for the editor; ``say`` gives each finding's message (its language)."""
        return {
            "ok": self.ok,
            "id": self.loaded.id if self.loaded else None,
            "title": self.loaded.scenario.title if self.loaded else None,
            "findings": [
                {
                    "level": f.level,
                    "line": f.error.line,
                    "path": f.error.path,
                    "message": say(f.error),
                }
                for f in sorted(self.findings, key=lambda f: (f.error.line or 0, f.level))
            ],
            "diagram": self.diagram,
        }


def examine(
    text: str, cultures_dir: Path, file: str = DRAFT, word: Callable[[str], str] | None = None
) -> Verdict:
    """Validate and lint a scenario text; nothing in it runs (safe YAML, allow-listed flow).
    ``word``: the diagram's names in the reader's words (the trainer's, with its notes)."""
    loaded, findings = check_text(text, file, cultures_dir)
    diagram = mermaid(loaded.scenario, word, notes=True) if loaded is not None else None
    return Verdict(loaded, findings, diagram)


def refusal(text: str) -> Verdict | None:
    """A verdict for input not to be read at all: too large, or not encodable text."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate, which JSON can carry
        message = "not valid Unicode text"
    else:
        if size <= MAX_SOURCE_BYTES:
            return None
        message = f"file larger than {MAX_SOURCE_BYTES // 1024} KiB"
    return Verdict(None, [Finding("error", ContentError(DRAFT, None, "", message))], None)


def clean_note(note: str) -> str:
    return " ".join(str(note or "").split())[:NOTE_CHARS]


def save_edit(
    db: Session, loaded: LoadedScenario, author_id: int | None, note: str
) -> ScenarioEdit:
    """Store the text (once) and record this save; it becomes the scenario's current version."""
    version = save_version(db, loaded)
    edit = ScenarioEdit(
        scenario_id=loaded.id, version_id=version.id, author_id=author_id, note=clean_note(note)
    )
    db.add(edit)
    db.flush()
    return edit


def latest_edits(db: Session) -> dict[str, ScenarioEdit]:
    """The current authored version of each scenario id that has one."""
    newest = select(func.max(ScenarioEdit.id)).group_by(ScenarioEdit.scenario_id).scalar_subquery()
    rows = db.scalars(
        select(ScenarioEdit)
        .where(ScenarioEdit.id.in_(newest))
        .options(selectinload(ScenarioEdit.version), selectinload(ScenarioEdit.author))
    )
    return {e.scenario_id: e for e in rows}


def saves_by_scenario(db: Session) -> dict[str, list[ScenarioEdit]]:
    """Every save in the workspace, newest first, by scenario id."""
    out: dict[str, list[ScenarioEdit]] = {}
    for edit in db.scalars(
        select(ScenarioEdit)
        .order_by(ScenarioEdit.id.desc())
        .options(selectinload(ScenarioEdit.author), selectinload(ScenarioEdit.version))
    ):
        out.setdefault(edit.scenario_id, []).append(edit)
    return out


def authored_scenarios(db: Session) -> tuple[list[LoadedScenario], list[ContentError]]:
    """The latest authored version of each scenario, loaded from its stored texts.

    Nothing is read if the table is not there yet (an app built before its migration).
    """
    if not inspect(db.get_bind()).has_table(ScenarioEdit.__tablename__):
        return [], []
    out, errors = [], []
    for edit in latest_edits(db).values():
        loaded = load_version(edit.version)
        problems = check_flow(loaded)
        if problems:
            errors.extend(problems)
        else:
            out.append(loaded)
    return out, errors


@dataclass(frozen=True)
class HistoryRow:
    version: ScenarioVersion
    edits: list[ScenarioEdit]  # newest first; empty for a text only ever played from its file
    runs: int


def history(db: Session, scenario_id: str) -> list[HistoryRow]:
    """Every stored text of a scenario, newest first, with its saves and how often it was played."""
    versions = db.scalars(
        select(ScenarioVersion)
        .where(ScenarioVersion.scenario_id == scenario_id)
        .order_by(ScenarioVersion.id.desc())
    ).all()
    edits: dict[int, list[ScenarioEdit]] = {}
    for edit in db.scalars(
        select(ScenarioEdit)
        .where(ScenarioEdit.scenario_id == scenario_id)
        .order_by(ScenarioEdit.id.desc())
        .options(selectinload(ScenarioEdit.author))
    ):
        edits.setdefault(edit.version_id, []).append(edit)
    runs = dict(
        db.execute(
            select(Run.scenario_version_id, func.count(Run.id))
            .where(Run.scenario_version_id.in_([v.id for v in versions]))
            .group_by(Run.scenario_version_id)
        ).all()
    )
    rows = [HistoryRow(v, edits.get(v.id, []), runs.get(v.id, 0)) for v in versions]
    # the newest save first, then texts only ever played from their file
    return sorted(rows, key=lambda r: (r.edits[0].id if r.edits else 0, r.version.id), reverse=True)
