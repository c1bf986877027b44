"""``negosim scenarios``: list, validate (and lint), draw, cover and load the scenario files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from negosim import library
from negosim.cli.common import ready_app
from negosim.config import PROJECT_DIR
from negosim.engine.diagram import mermaid
from negosim.engine.lint import checked
from negosim.engine.machine import check_flow
from negosim.engine.stories import coverage as story_coverage
from negosim.engine.stories import load_story, play_story, story_files
from negosim.scenario.catalog import scan, scenario_files
from negosim.scenario.loader import LoadedScenario, ScenarioInvalid, load_scenario_file
from negosim.store import get_store
from negosim.store.scenarios import save_version

STORIES_DIR = PROJECT_DIR / "tests" / "stories"


@click.group()
def scenarios() -> None:
    """Scenario files: list, validate, diagram, coverage, load."""


@scenarios.command("list")
def list_() -> None:
    """List the scenarios the app serves."""
    app = ready_app()
    catalog = library.catalog(app)
    for loaded in catalog.scenarios.values():
        s = loaded.scenario
        click.echo(f"{s.id}\t{s.language}\t{s.duration_min} min\t{s.title}")
    for error in catalog.errors:
        click.echo(f"not loaded: {error}", err=True)


@scenarios.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat lint warnings as errors.")
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Validate and lint scenario files (default: every file in the scenarios directory).

    Errors (schema, flow, empty zone of agreement, weights, missing lines) fail;
    warnings (unreachable states or objections, issues nobody values) are printed.
    """
    if not paths:
        paths = (PROJECT_DIR / "scenarios",)
    files: list[Path] = []
    for path in paths:
        files.extend(scenario_files(path) if path.is_dir() else [path])
    failed = 0
    for path in files:
        try:
            loaded = load_scenario_file(path)
        except ScenarioInvalid as exc:
            failed += 1
            for error in exc.errors:
                click.echo(str(error), err=True)
            continue
        loaded, findings = checked(loaded)
        if loaded is None:
            failed += 1
            for finding in findings:
                click.echo(str(finding.error), err=True)
            continue
        for finding in findings:
            click.echo(str(finding), err=True)
        if any(f.level == "error" or strict for f in findings):
            failed += 1
            continue
        warned = sum(1 for f in findings if f.level == "warning")
        click.echo(f"ok\t{path}\t{loaded.id}" + (f"\t{warned} warning(s)" if warned else ""))
    click.echo(f"{len(files) - failed} valid, {failed} invalid", err=bool(failed))
    sys.exit(1 if failed else 0)


@scenarios.command()
def load() -> None:
    """Store the current version of every valid scenario in the database."""
    app = ready_app()
    catalog = scan(Path(app.config["SCENARIOS_DIR"]), checks=[check_flow])
    with get_store(app).Session.begin() as session:
        for loaded in catalog.scenarios.values():
            version = save_version(session, loaded)
            click.echo(f"loaded\t{loaded.id}\t{version.digest[:12]}")
    for error in catalog.errors:
        click.echo(f"not loaded: {error}", err=True)


def _find(scenario: str) -> LoadedScenario:
    """A scenario by id (in the scenarios directory) or by file path."""
    path = Path(scenario)
    if not path.is_file():
        path = PROJECT_DIR / "scenarios" / f"{scenario}.yaml"
    if not path.is_file():
        raise click.BadParameter(f"no scenario file or id {scenario!r}", param_hint="SCENARIO")
    try:
        return load_scenario_file(path)
    except ScenarioInvalid as exc:
        raise click.ClickException(str(exc)) from None


@scenarios.command()
@click.argument("scenario")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def diagram(scenario: str, out: Path | None) -> None:
    """Write the state diagram of SCENARIO (an id or a file) as mermaid text."""
    text = mermaid(_find(scenario).scenario)
    if out:
        out.write_text(text, "utf-8")
        click.echo(f"wrote {out}")
    else:
        click.echo(text)


@scenarios.command()
@click.option(
    "--stories",
    "stories_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=STORIES_DIR,
    show_default=True,
    help="Directory of stories, one sub-directory per scenario id.",
)
def coverage(stories_dir: Path) -> None:
    """Which states, objections and hidden needs each scenario's stories reach."""
    catalog = scan(PROJECT_DIR / "scenarios", checks=[check_flow])
    total = reached = 0
    for loaded in catalog.scenarios.values():
        stories = [load_story(p) for p in story_files(stories_dir, loaded.id)]
        cov = story_coverage(loaded, [play_story(loaded, s) for s in stories])
        parts = {"states": cov.states, "objections": cov.objections, "needs": cov.needs}
        counts = "  ".join(
            f"{name} {sum(found.values())}/{len(found)}" for name, found in parts.items()
        )
        click.echo(f"{loaded.id}\t{cov.stories} stories\t{counts}")
        for item in cov.missing:
            click.echo(f"  not reached: {item}")
        total += sum(len(found) for found in parts.values())
        reached += sum(sum(found.values()) for found in parts.values())
    if total:
        click.echo(f"reached {reached}/{total} ({100 * reached / total:.0f} %)")
