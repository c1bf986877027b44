"""Scenario and culture files to validated models, with errors that name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from negosim.content import (
    ContentError,
    ContentInvalid,
    digest,
    locate,
    parse_yaml_tree,
    validate_yaml,
)
from negosim.scenario.model import Behaviour, Culture, Scenario

ScenarioError = ContentError
ScenarioInvalid = ContentInvalid


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with its culture and the exact texts it came from."""

    scenario: Scenario
    culture: Culture
    source: str
    culture_source: str
    path: str

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def digest(self) -> str:
        return digest(self.source + "\n---\n" + self.culture_source)

    @property
    def behaviour(self) -> Behaviour:
        """The culture's behaviour with the scenario's overrides on top."""
        merged = self.culture.behaviour.model_dump()
        merged.update(self.scenario.profile.behaviour.model_dump(exclude_none=True))
        return Behaviour(**merged)


def parse_scenario(text: str, file: str = "<scenario>") -> Scenario:
    return validate_yaml(Scenario, text, file)  # type: ignore[return-value]


def parse_culture(text: str, file: str = "<culture>") -> Culture:
    return validate_yaml(Culture, text, file)  # type: ignore[return-value]


def load_scenario_text(text: str, file: str, cultures_dir: Path) -> LoadedScenario:
    """Validate a scenario text and resolve its culture file in ``cultures_dir``."""
    scenario = parse_scenario(text, file)
    culture_path = cultures_dir / f"{scenario.profile.culture}.yaml"
    if not culture_path.is_file():
        tree = parse_yaml_tree(text, file)
        line, _ = locate(tree, ("profile", "culture"))
        raise ScenarioInvalid(
            [
                ScenarioError(
                    file,
                    line,
                    "profile.culture",
                    f"no culture file {culture_path.name!r} in {cultures_dir}",
                )
            ]
        )
    culture_source = culture_path.read_text("utf-8")
    culture = parse_culture(culture_source, str(culture_path))
    return LoadedScenario(scenario, culture, text, culture_source, file)


def load_scenario_file(path: Path, cultures_dir: Path | None = None) -> LoadedScenario:
    cultures_dir = cultures_dir or path.parent / "cultures"
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioInvalid([ScenarioError(str(path), None, "", f"cannot read: {exc}")]) from None
    return load_scenario_text(text, str(path), cultures_dir)


def load_stored(source: str, culture_source: str, file: str = "<stored>") -> LoadedScenario:
    """Rebuild the exact scenario a run was played with, from the database texts."""
    scenario = parse_scenario(source, file)
    culture = parse_culture(culture_source, f"{file}#culture")
    return LoadedScenario(scenario, culture, source, culture_source, file)
