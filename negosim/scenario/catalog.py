"""The scenarios directory: every valid file loaded, every broken one reported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from negosim.scenario.loader import (
    LoadedScenario,
    ScenarioError,
    ScenarioInvalid,
    load_scenario_file,
)


@dataclass
class Catalog:
    scenarios: dict[str, LoadedScenario] = field(default_factory=dict)
    errors: list[ScenarioError] = field(default_factory=list)

    def get(self, scenario_id: str) -> LoadedScenario | None:
        return self.scenarios.get(scenario_id)


def scenario_files(directory: Path) -> list[Path]:
    """Scenario files are the ``*.yaml`` at the top of the directory (cultures live below)."""
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


Check = Callable[[LoadedScenario], list[ScenarioError]]


def scan(directory: Path, checks: Sequence[Check] = ()) -> Catalog:
    """Load every scenario; a broken file is reported and the others still load.

    ``checks`` are further verdicts from layers above (the engine checks the flow).
    """
    catalog = Catalog()
    for path in scenario_files(directory):
        try:
            loaded = load_scenario_file(path, directory / "cultures")
        except ScenarioInvalid as exc:
            catalog.errors.extend(exc.errors)
            continue
        problems = [e for check in checks for e in check(loaded)]
        if problems:
            catalog.errors.extend(problems)
            continue
        if loaded.id in catalog.scenarios:
            other = catalog.scenarios[loaded.id].path
            catalog.errors.append(
                ScenarioError(str(path), 1, "id", f"id {loaded.id!r} is already used by {other}")
            )
            continue
        catalog.scenarios[loaded.id] = loaded
    return catalog
