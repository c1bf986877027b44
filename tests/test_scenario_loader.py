"""Scenario files: strict and kind validation, broken files isolated, hostile files refused."""

import pytest

from negosim.cli import main
from negosim.engine import FlowError, build_machine, check_flow
from negosim.engine.diagram import mermaid
from negosim.engine.lint import lint
from negosim.engine.utility import zopa
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


# -- lint ----------------------------------------------------------------------


def findings(text: str) -> list[str]:
    return [str(f) for f in lint(load(text))]


def test_every_repository_scenario_lints_clean():
    for loaded in scan(SCENARIOS).scenarios.values():
        assert lint(loaded) == [], loaded.id


def test_every_repository_scenario_has_a_zone_of_agreement_and_both_briefs():
    catalog = scan(SCENARIOS)
    assert len(catalog.scenarios) >= 9
    used = {s.scenario.profile.culture for s in catalog.scenarios.values()}
    assert used == {p.stem for p in (SCENARIOS / "cultures").glob("*.yaml")}  # none unused
    assert sum(1 for s in catalog.scenarios.values() if s.scenario.language == "en") >= 2
    for loaded in catalog.scenarios.values():
        s = loaded.scenario
        assert zopa(s), s.id
        assert s.sides["learner"].brief and s.sides["counterpart"].brief
        assert s.objections and s.hidden_needs and s.facts, s.id
        assert "Hofstede" in loaded.culture.source


def test_weights_that_do_not_sum_to_one_are_an_error_with_the_line():
    found = findings(
        scenario_text().replace("weight: 0.50, direction: up", "weight: 0.70, direction: up")
    )
    assert any(f.startswith("error: x.yaml:") and "learner weights sum to 1.20" in f for f in found)


def test_an_empty_zone_of_agreement_is_an_error():
    text = scenario_text().replace("reservation_utility: 0.30", "reservation_utility: 0.95")
    assert any("empty zone of possible agreement" in f for f in findings(text))


def test_an_objection_no_trigger_reaches_is_a_warning():
    text = scenario_text().replace("acts: [closing]", "acts: [clossing]")
    found = findings(text)
    assert any(
        f.startswith("warning: x.yaml:") and "objections[3].trigger.acts" in f and "clossing" in f
        for f in found
    )
    assert all(not f.startswith("error") for f in found)


def test_a_state_no_transition_enters_is_a_warning():
    text = scenario_text() + "flow:\n  states: [limbo]\n"
    assert any("no transition enters state 'limbo'" in f for f in findings(text))


def test_an_issue_nobody_values_is_a_warning():
    text = scenario_text().replace(
        "{aucune: 0.0, partielle: 0.6, totale: 1.0}", "{aucune: 0.5, partielle: 0.5, totale: 0.5}"
    )
    assert any("counterpart values every option the same" in f for f in findings(text))


def test_an_unknown_line_intent_is_a_warning():
    text = scenario_text() + '  gretting:\n    - "Bonjour"\n'
    assert any("unknown intent 'gretting'" in f for f in findings(text))


def test_validate_prints_lint_errors_and_fails(runner, tmp_path):
    (tmp_path / "cultures").mkdir()
    (tmp_path / "cultures" / "fr.yaml").write_text((SCENARIOS / "cultures/fr.yaml").read_text())
    bad = write(
        tmp_path,
        "bad.yaml",
        scenario_text().replace("weight: 0.50, direction: up", "weight: 0.70, direction: up"),
    )
    result = runner.invoke(main, ["scenarios", "validate", str(bad)])
    assert result.exit_code == 1
    assert "error: " in result.stderr and "learner weights sum to 1.20" in result.stderr


# -- diagram -------------------------------------------------------------------


def test_the_diagram_is_mermaid_with_states_and_named_conditions():
    text = mermaid(scenario().scenario)
    assert "stateDiagram-v2" in text
    assert "opening --> discovery: progress [rapport_established]" in text
    assert 'state "deal" as deal' in text


def test_the_diagram_of_a_hostile_flow_is_refused_not_drawn(tmp_path):
    hostile = scenario_text() + (
        "flow:\n  transitions:\n"
        "    - {trigger: progress, source: opening, dest: discovery, conditions: ['os.system']}\n"
    )
    with pytest.raises(FlowError, match="unknown condition 'os.system'"):
        mermaid(load(hostile).scenario)


def test_the_diagram_command_writes_a_file(runner, tmp_path):
    out = tmp_path / "flow.mmd"
    result = runner.invoke(
        main, ["scenarios", "diagram", "fr-egalim-biscuiterie", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").count("-->") > 10


def test_the_coverage_command_reports_what_the_stories_reach(runner):
    result = runner.invoke(main, ["scenarios", "coverage"])
    assert result.exit_code == 0, result.output
    assert "fr-mobilier-grand-compte\t3 stories\tstates 9/9  objections 4/4  needs 3/3" in (
        result.output
    )
    assert result.output.rstrip().endswith("(100 %)")


def test_the_scenario_page_shows_its_state_diagram(client):
    page = client.get("/scenarios/jp-distribution-cosmetiques").get_data(as_text=True)
    assert '<pre class="mermaid"' in page
    assert "stateDiagram-v2" in page and "bargaining --&gt; closing" in page


def test_the_annotated_example_in_the_trainers_guide_is_a_valid_scenario():
    guide = (SCENARIOS / "README.md").read_text("utf-8")
    blocks = guide.split("```yaml\n")
    example = next(b.split("```")[0] for b in blocks if b.startswith("# One file = one case."))
    loaded = load(example)
    assert [f.level for f in lint(loaded)] == []
    story = next(b.split("```")[0] for b in blocks if b.startswith("scenario: "))
    assert "expect:" in story


def test_a_line_asking_for_a_figure_outside_its_issues_range_is_flagged():
    text = scenario_text().replace(
        "c'est de payer le plus tard possible : 60 jours fin de mois",
        "c'est 90 jours",
    )
    found = [str(f) for f in lint(load(text))]
    assert any("'90 jours', outside payment_days range [30, 60]" in f for f in found), found


def test_the_diagram_in_words_names_the_scenarios_own_objections_and_needs_for_trainers(app):
    from negosim.labels import flow

    loaded = scenario()
    with app.test_request_context("/"):
        text = mermaid(loaded.scenario, flow, notes=True)
        public = mermaid(loaded.scenario, flow)
    assert 'state "prise de contact" as opening' in text
    assert "rapport_established" not in text and "opening --> discovery" in text
    assert "note right of objections" in text and "Votre prix est 15" in text
    assert "note right of discovery" in text and "Le bail" in text
    assert "note right of" not in public and "Le bail" not in public  # candidates read it
