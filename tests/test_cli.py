"""The command line: scripted play, analyze, validate, score."""

import json

from negosim.cli import main
from tests.helpers import GOOD_SESSION, SCENARIOS, scenario_text, write


def test_play_reads_turns_from_stdin_and_prints_the_session_last(runner):
    result = runner.invoke(
        main,
        ["play", "fr-mobilier-grand-compte", "--seed", "3"],
        input="\n".join(GOOD_SESSION) + "\n",
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1].startswith("session=")
    assert "Bonjour" in result.output and "score :" in result.output


def test_play_is_reproducible(runner):
    outputs = []
    for _ in range(2):
        result = runner.invoke(
            main,
            ["play", "fr-mobilier-grand-compte", "--seed", "9"],
            input="\n".join(GOOD_SESSION[:6]) + "\n",
        )
        outputs.append(
            [
                line
                for line in result.output.splitlines()
                if not line.startswith(("session=", "score"))
            ]
        )
    assert outputs[0] == outputs[1]


def test_play_records_the_session_like_a_browser_one(runner):
    result = runner.invoke(
        main, ["play", "fr-mobilier-grand-compte"], input="Quel est votre budget ?\n/fin\n"
    )
    run_id = result.output.strip().splitlines()[-1].split("=")[1]
    scored = runner.invoke(main, ["score", "--run", run_id, "--json"])
    assert scored.exit_code == 0, scored.output
    data = json.loads(scored.output)
    assert data["outcome"] == "no_deal" and len(data["criteria"]) == 12


def test_play_refuses_an_unknown_scenario(runner):
    result = runner.invoke(main, ["play", "nope"], input="")
    assert result.exit_code != 0 and "no scenario 'nope'" in result.output


def test_analyze_writes_one_line_per_turn_and_reports_bad_lines(runner):
    stdin = (
        "\n".join(
            [
                json.dumps({"text": "Nous proposons 12,5 k€ DAP Lyon.", "lang": "fr"}),
                "{not json",
                json.dumps({"text": "We need it in two weeks", "previous": "When?"}),
                json.dumps({"text": ""}),
            ]
        )
        + "\n"
    )
    result = runner.invoke(main, ["analyze"], input=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["lang"] == "fr" and "offer" in out[0]["acts"]
    assert out[0]["entities"][0]["amount"] == 12500
    assert out[1]["line"] == 2 and "error" in out[1]
    assert out[2]["lang"] == "en"
    assert "error" in out[3]
    assert "line 2:" in result.stderr and result.exit_code == 1


def test_validate_reports_file_line_and_field(runner, tmp_path):
    (tmp_path / "cultures").mkdir()
    (tmp_path / "cultures" / "fr.yaml").write_text((SCENARIOS / "cultures/fr.yaml").read_text())
    bad = write(
        tmp_path, "bad.yaml", scenario_text().replace("duration_min: 30", "duration_min: trente")
    )
    result = runner.invoke(main, ["scenarios", "validate", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:9: duration_min:" in result.stderr


def test_validate_accepts_the_repository_scenarios(runner):
    result = runner.invoke(main, ["scenarios", "validate"])
    assert result.exit_code == 0, result.output


def test_score_a_typed_transcript(runner, tmp_path):
    transcript = {
        "scenario": "fr-mobilier-grand-compte",
        "candidates": [{"id": "a", "name": "Alice"}, {"id": "b", "name": "Bruno"}],
        "turns": [
            {"speaker": "counterpart", "time": "00:10", "text": "Bonjour, je vous écoute."},
            {
                "speaker": "a",
                "time": "00:40",
                "text": "Bonjour ! Quels sont vos critères de choix ?",
            },
            {"speaker": "counterpart", "time": "01:10", "text": "La RSE compte pour 15 %."},
            {
                "speaker": "b",
                "time": 120,
                "text": "Nous proposons 650 € par poste, livraison en 8 semaines.",
            },
        ],
        "outcome": "deal",
        "final_terms": {
            "price": 640,
            "payment_days": 45,
            "delivery_weeks": 8,
            "warranty_years": 6,
            "take_back": "totale",
        },
    }
    path = write(tmp_path, "t.json", json.dumps(transcript))
    result = runner.invoke(main, ["score", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {c["name"] for c in data["candidates"]} == {"Alice", "Bruno"}
    assert data["outcome"] == "deal"


def test_score_explains_a_malformed_transcript(runner, tmp_path):
    path = write(
        tmp_path, "t.json", json.dumps({"scenario": "fr-mobilier-grand-compte", "turns": []})
    )
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code != 0 and "candidates" in result.output


def test_play_json_prints_one_event_per_line_for_scripts(runner):
    turns = [
        "Bonjour !",
        "Quelle est votre proposition ?",
        "D'accord, j'accepte votre proposition.",
    ]
    turns.append("Oui, je confirme, nous sommes d'accord.")
    result = runner.invoke(
        main, ["play", "fr-mobilier-grand-compte", "--seed", "2", "--json"], input="\n".join(turns)
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    kinds = [e["event"] for e in events]
    assert kinds[-1] == "session" and "terms" in kinds and "state.changed" in kinds
    offered = next(e for e in events if e["event"] == "terms" and e["by"] == "counterpart")
    assert set(offered["table"]) == {"learner", "counterpart"}
    ended = next(e for e in events if e["event"] == "run.ended")
    assert ended["outcome"] == "deal" and ended["terms"] == offered["terms"]
