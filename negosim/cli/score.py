"""``negosim score``: grade a recorded run or a typed transcript against the rubric."""

from __future__ import annotations

import json
from pathlib import Path

import click
from pydantic import ValidationError

from negosim import library
from negosim.analysis import analyze
from negosim.cli.common import ready_app
from negosim.content import ContentInvalid
from negosim.review import compute_score, load_record
from negosim.scoring import LoadedRubric, load_rubric_file
from negosim.scoring import score as grade
from negosim.scoring.typed import TypedTranscript, to_transcript
from negosim.store import get_store


@click.command("score")
@click.argument(
    "transcript", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--run", "run_id", type=int, help="Score a recorded run instead of a file.")
@click.option(
    "--rubric",
    "rubric_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A rubric file (default: the configured one, rubrics/bloc3.yaml).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
def score(
    transcript: Path | None, run_id: int | None, rubric_path: Path | None, as_json: bool
) -> None:
    """Score TRANSCRIPT.json (format in rubrics/README.md) or --run ID."""
    if (transcript is None) == (run_id is None):
        raise click.UsageError("give either TRANSCRIPT or --run ID")
    app = ready_app()
    try:
        rubric: LoadedRubric = load_rubric_file(rubric_path) if rubric_path else library.rubric(app)
    except ContentInvalid as exc:
        raise click.ClickException(str(exc)) from None
    if run_id is not None:
        with get_store(app).Session() as session:
            record = load_record(session, run_id)
        if record is None:
            raise click.ClickException(f"no run {run_id}")
        result = compute_score(record, rubric)
    else:
        result = _score_file(app, transcript, rubric)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    o = result["overall"]
    click.echo(f"{result['scenario']['id']} — {o['points']:.1f}/{o['out_of']} ({o['level']})")
    for c in result["criteria"]:
        click.echo(f"  {c['level']:<2}  {c['group']} — {c['label']}")
        for e in c["evidence"][:2]:
            where = f"#{e['seq']} {e['time']} " if e["seq"] else ""
            click.echo(f"        {where}{e['note']}" + (f" « {e['quote']} »" if e["quote"] else ""))
        if c["advice"]:
            click.echo(f"        → {c['advice']}")
    for f in result.get("figures", []):
        click.echo(f"  {f['label']} : {f['display']} — {f['reference']}")
    for cand in result["candidates"]:
        levels = " ".join(f"{c['id']}={c['level']}" for c in cand["criteria"])
        click.echo(f"  {cand['name']} : {cand['points']:.1f}/20, {levels}")


def _score_file(app, path: Path, rubric: LoadedRubric) -> dict:
    try:
        typed = TypedTranscript.model_validate_json(path.read_text("utf-8"))
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise click.ClickException(f"{path}: {where}: {first['msg']}") from None
    loaded = library.catalog(app).get(typed.scenario)
    if loaded is None:
        raise click.ClickException(f"{path}: unknown scenario {typed.scenario!r}")
    try:
        tr = to_transcript(typed, loaded, lambda text, context: analyze(text, context=context))
    except ValueError as exc:
        raise click.ClickException(f"{path}: {exc}") from None
    return grade(tr, loaded, rubric)
