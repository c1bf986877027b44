"""Scenario files: strict and kind validation, broken files isolated, hostile files refused."""

import pytest

from negosim.engine import FlowError, build_machine, check_flow
from negosim.scenario import ScenarioInvalid, load_scenario_text, scan
from tests.helpers import SCENARIOS, scenario, scenario_text, write


def load(text: str):
    return load_scenario_text(text, "x.yaml", SCENARIOS / "cultures")


def errors(text: str) -> list[str]:
    with pytest.raises(ScenarioInvalid) as exc:
        load(text)
    return [str(e) for e in exc.value.errors]


def test_every_repository_scenario_is_valid():
    catalog = scan(SCENARIOS)
    assert catalog.errors == []
    assert "fr-mobilier-grand-compte" in catalog.scenarios


def test_a_misspelt_field_is_named_with_its_line_and_path():
    found = errors(
        scenario_text().replace("weight: 0.50, direction: up", "wieght: 0.50, direction: up")
    )
    assert any(
        e.startswith("x.yaml:") and "issues[0].learner.wieght: unknown field" in e for e in found
    )
    line = int(found[0].split(":")[1])
    assert (
        "wieght"
        in scenario_text()
        .replace("weight: 0.50, direction: up", "wieght: 0.50, direction: up")
        .splitlines()[line - 1]
    )


def test_a_target_outside_the_range_says_what_was_expected():
    found = errors(scenario_text().replace("target: 660", "target: 900"))
    assert any("learner.target 900.0 is outside the range [520.0, 720.0]" in e for e in found)


def test_utilities_must_cover_every_option():
    found = errors(scenario_text().replace("aucune: 1.0, partielle", "aucun: 1.0, partielle"))
    assert any("missing ['aucune']; unknown ['aucun']" in e for e in found)


def test_invalid_yaml_is_reported_with_its_line():
    found = errors("id: x\ntitle: [unclosed\n")
    assert found and "not valid YAML" in found[0]


def test_an_unknown_culture_file_is_reported():
    found = errors(scenario_text().replace("culture: fr", "culture: xx"))
    assert any("profile.culture" in e and "xx.yaml" in e for e in found)


def test_a_broken_file_does_not_stop_the_others_from_loading(tmp_path):
    (tmp_path / "cultures").mkdir()
    (tmp_path / "cultures" / "fr.yaml").write_text((SCENARIOS / "cultures/fr.yaml").read_text())
    write(tmp_path, "good.yaml", scenario_text())
    write(
        tmp_path,
        "broken.yaml",
        scenario_text()
        .replace("id: fr-mobilier", "id: other")
        .replace("language: fr", "language: de"),
    )
    catalog = scan(tmp_path)
    assert list(catalog.scenarios) == ["fr-mobilier-grand-compte"]
    assert len(catalog.errors) == 1 and catalog.errors[0].file.endswith("broken.yaml")
    assert catalog.errors[0].path == "language"


def test_a_file_naming_a_python_callable_as_condition_is_refused(tmp_path):
    """transitions imports dotted names: ``os.system`` must never reach it."""
    marker = tmp_path / "pwned"
    hostile = scenario_text() + (
        "flow:\n  transitions:\n"
        "    - {trigger: progress, source: opening, dest: discovery, conditions: ['os.system']}\n"
    )
    loaded = load(hostile)
    with pytest.raises(FlowError, match="unknown condition 'os.system'"):
        build_machine(loaded.scenario)
    assert not marker.exists()


def test_scenario_flow_may_only_use_the_engines_triggers():
    hostile = (
        scenario_text()
        + "flow:\n  transitions:\n    - {trigger: eval, source: opening, dest: deal}\n"
    )
    with pytest.raises(FlowError, match="unknown trigger 'eval'"):
        build_machine(load(hostile).scenario)


def test_behaviour_merges_the_culture_with_the_scenarios_overrides():
    loaded = scenario()
    assert loaded.culture.behaviour.refusal_directness == 0.7
    assert loaded.behaviour.refusal_directness == 0.8  # overridden by the scenario
    assert loaded.behaviour.decision == "needs_approval"  # from the culture


def test_the_version_changes_with_the_text():
    a = load(scenario_text())
    b = load(scenario_text().replace("Bonjour à tous.", "Bonjour."))
    assert a.digest != b.digest and len(a.digest) == 64


def test_a_callback_field_in_the_flow_is_refused_at_validation():
    hostile = scenario_text() + (
        "flow:\n  transitions:\n"
        "    - {trigger: progress, source: opening, dest: discovery, after: 'os.system'}\n"
    )
    found = errors(hostile)
    assert any("flow.transitions[0].after: unknown field" in e for e in found)


def test_the_catalog_refuses_a_hostile_flow_with_its_line(tmp_path):
    (tmp_path / "cultures").mkdir()
    (tmp_path / "cultures" / "fr.yaml").write_text((SCENARIOS / "cultures/fr.yaml").read_text())
    text = scenario_text() + (
        "flow:\n  transitions:\n"
        "    - {trigger: progress, source: opening, dest: discovery, conditions: ['os.system']}\n"
    )
    write(tmp_path, "hostile.yaml", text)
    catalog = scan(tmp_path, checks=[check_flow])
    assert catalog.scenarios == {}
    (error,) = catalog.errors
    assert error.path == "flow.transitions[0].conditions"
    assert "os.system" in text.splitlines()[error.line - 1]
