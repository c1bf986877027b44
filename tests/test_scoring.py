"""Scoring: every criterion of the grid gets a level and its evidence; re-scoring is identical."""

from pathlib import Path

from negosim import events as ev
from negosim.config import PROJECT_DIR
from negosim.engine import Negotiation
from negosim.events import Happening, Recorded
from negosim.scoring import from_events, load_rubric_file, load_rubric_text, score
from tests.helpers import GOOD_SESSION, scenario, turn

RUBRIC = load_rubric_file(PROJECT_DIR / "rubrics" / "bloc3.yaml")

POOR_SESSION = [
    "Nous proposons 700 € par poste.",
    "Notre prix est de 700 € par poste, c'est comme ça.",
    "Bon, nous baissons à 690 € par poste.",
    "Nous avons une capacité de 900 postes par semaine.",
]


def recorded(texts, speakers=("m1", "m2")):
    loaded = scenario()
    n = Negotiation(loaded, seed=7, duration_s=1800)
    out, seq = [], 0

    def add(happenings, t):
        nonlocal seq
        for h in happenings:
            seq += 1
            out.append(Recorded(seq, h.kind, t, h.author, h.payload))

    add([Happening(ev.NEGOTIATION_STARTED), *n.open()], 0.0)
    for i, text in enumerate(texts, start=1):
        t = turn(text, minute=2 * i)
        who = speakers[i % len(speakers)]
        add(
            [
                Happening(
                    ev.TURN,
                    {
                        "speaker": who,
                        "side": "learner",
                        "name": who.upper(),
                        "text": text,
                        **t.analysis.to_dict(),
                    },
                )
            ],
            t.elapsed_s,
        )
        add(n.hear(t), t.elapsed_s)
    return from_events(loaded.id, out, 1800)


def test_every_criterion_of_the_grid_has_a_level_and_evidence():
    result = score(recorded(GOOD_SESSION), scenario(), RUBRIC)
    ids = [c["id"] for c in result["criteria"]]
    assert ids == [c.id for c in RUBRIC.rubric.criteria]
    for c in result["criteria"]:
        assert c["level"] in {"TI", "I", "S", "TS"}
        assert c["evidence"], c["id"]


def test_evidence_quotes_the_turns_it_rests_on():
    result = score(recorded(GOOD_SESSION), scenario(), RUBRIC)
    listening = next(c for c in result["criteria"] if c["id"] == "ecoute")
    quoted = [e for e in listening["evidence"] if e["seq"]]
    assert any("calendrier" in e["quote"] for e in quoted)
    assert all(e["time"] and e["speaker"] for e in quoted)


def test_a_good_session_scores_above_a_poor_one():
    good = score(recorded(GOOD_SESSION), scenario(), RUBRIC)
    poor = score(recorded(POOR_SESSION), scenario(), RUBRIC)
    assert good["overall"]["points"] > poor["overall"]["points"]
    level = {c["id"]: c["level"] for c in poor["criteria"]}
    assert level["ecoute"] == "TI"


def test_a_false_figure_is_quoted_as_evidence():
    poor = score(recorded(POOR_SESSION), scenario(), RUBRIC)
    truth = next(c for c in poor["criteria"] if c["id"] == "veracite")
    assert any("900 postes" in e["quote"] for e in truth["evidence"])
    assert truth["level"] != "TS"


def test_per_candidate_results_follow_their_own_turns():
    result = score(recorded(GOOD_SESSION), scenario(), RUBRIC)
    names = {c["name"] for c in result["candidates"]}
    assert names == {"M1", "M2"}
    assert abs(sum(c["talk_share"] for c in result["candidates"]) - 1) < 0.01


def test_scoring_twice_gives_the_same_result():
    tr = recorded(GOOD_SESSION)
    assert score(tr, scenario(), RUBRIC) == score(tr, scenario(), RUBRIC)


def test_a_trainers_copy_with_another_threshold_changes_the_level(tmp_path: Path):
    text = (PROJECT_DIR / "rubrics" / "bloc3.yaml").read_text()
    strict = text.replace(
        "{id: false_figures, thresholds: [1, 0, 0], lower_is_better: true, cap: true}",
        "{id: false_figures, thresholds: [-1, -1, -1], lower_is_better: true, cap: true}",
    )
    assert strict != text
    copy = load_rubric_text(strict, "copy.yaml")
    result = score(recorded(GOOD_SESSION), scenario(), copy)
    assert next(c for c in result["criteria"] if c["id"] == "veracite")["level"] == "TI"
    assert result["rubric"]["digest"] != RUBRIC.digest
