"""``negosim export``: the evaluation sheet (PDF) and a cohort's results (CSV)."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from negosim import library
from negosim.accounts.users import cohort_by_key
from negosim.cli.common import ready_app
from negosim.exports import cohort_csv, evaluation_sheet
from negosim.jury.annotations import annotations_of
from negosim.jury.evaluation import evaluate
from negosim.jury.listing import Filters, scored_sessions
from negosim.store import get_store
from negosim.store.models import Run
from negosim.store.runs import normalise_code


@click.group()
def export() -> None:
    """Write evaluation sheets and cohort results."""


@export.command("sheet")
@click.argument("session")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def sheet(session: str, out: Path) -> None:
    """The evaluation sheet of SESSION (its number or its room code) as a PDF."""
    app = ready_app()
    with get_store(app).Session.begin() as db:
        run_id = int(session) if session.isdigit() else None
        if run_id is None:
            run_id = db.scalar(select(Run.id).where(Run.code == normalise_code(session)))
        ev = evaluate(db, run_id, library.rubric(app)) if run_id is not None else None
        if ev is not None:
            ev["annotations"] = annotations_of(db, run_id)
    if ev is None:
        raise click.ClickException(f"no session {session}")
    out.write_bytes(evaluation_sheet(ev, library.rubric(app)))
    click.echo(f"wrote {out}")


@export.command("cohort")
@click.argument("cohort")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def cohort(cohort: str, out: Path) -> None:
    """The scored sessions of COHORT (its number or its name) as CSV."""
    app = ready_app()
    with get_store(app).Session.begin() as db:
        found = cohort_by_key(db, cohort)
        if found is None:
            raise click.ClickException(f"no cohort {cohort}")
        rows = scored_sessions(db, library.rubric(app), None, Filters(cohort_id=found.id))
    out.write_text(cohort_csv(rows), "utf-8")
    click.echo(f"wrote {out} ({len(rows)} session(s))")
