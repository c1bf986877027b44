"""``negosim scenarios``: list, validate and load the scenario files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from negosim import library
from negosim.cli.common import ready_app
from negosim.config import PROJECT_DIR
from negosim.engine.machine import check_flow
from negosim.scenario.catalog import scan, scenario_files
from negosim.scenario.loader import ScenarioInvalid, load_scenario_file
from negosim.store import get_store
from negosim.store.scenarios import save_version


@click.group()
def scenarios() -> None:
    """Scenario files: list, validate, load."""


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
def validate(paths: tuple[Path, ...]) -> None:
    """Validate scenario files (default: every file in the scenarios directory)."""
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
        problems = check_flow(loaded)
        if problems:
            failed += 1
            for error in problems:
                click.echo(str(error), err=True)
            continue
        click.echo(f"ok\t{path}\t{loaded.id}")
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
