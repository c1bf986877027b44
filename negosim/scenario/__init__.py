"""The scenario language: trainer-written YAML validated into typed models."""

from negosim.scenario.catalog import Catalog, scan
from negosim.scenario.loader import (
    LoadedScenario,
    ScenarioError,
    ScenarioInvalid,
    load_scenario_file,
    load_scenario_text,
    load_stored,
)
from negosim.scenario.model import Culture, Issue, Scenario

__all__ = [
    "Catalog",
    "Culture",
    "Issue",
    "LoadedScenario",
    "Scenario",
    "ScenarioError",
    "ScenarioInvalid",
    "load_scenario_file",
    "load_scenario_text",
    "load_stored",
    "scan",
]
