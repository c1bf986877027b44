"""Scoring: every criterion of the grid gets a level and its evidence; re-scoring is identical."""

import json
from pathlib import Path

from negosim import events as ev
from negosim.config import PROJECT_DIR
from negosim.engine import Negotiation
from negosim.events import Happening, Recorded
from negosim.scoring import from_events, load_rubric_file, load_rubric_text, score
from negosim.scoring.transcript import fold_sheet
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
        t = turn(n, text, minute=2 * i)
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
    for cand in result["candidates"]:
        assert 4 <= cand["points"] <= 19
        assert {c["id"] for c in cand["criteria"]} == {
            "conviction",
            "arguments",
            "veracite",
            "ecoute",
        }


def test_which_criteria_are_graded_per_candidate_is_the_rubrics_choice():
    text = (PROJECT_DIR / "rubrics" / "bloc3.yaml").read_text()
    copy = text.replace("    per_candidate: true\n", "").replace(
        "  - id: proactivite\n", "  - id: proactivite\n    per_candidate: true\n"
    )
    result = score(recorded(GOOD_SESSION), scenario(), load_rubric_text(copy, "copy.yaml"))
    for cand in result["candidates"]:
        assert [c["id"] for c in cand["criteria"]] == ["proactivite"]


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


def sheet_event(seq, field, value, version, side="learner"):
    payload = {"side": side, "field": field, "value": value, "version": version, "by": "m1"}
    return Recorded(seq, "sheet.updated", 0.0, "member:m1", payload)


def test_the_preparation_sheet_is_folded_field_by_field_keeping_the_latest():
    events = [
        sheet_event(1, "limits", "640 €", 1),
        sheet_event(2, "objectives", "660 €", 1),
        sheet_event(3, "limits", "Jamais sous 640 €, 60 jours au plus", 2),
        sheet_event(4, "batna", "their side's notes", 1, side="counterpart"),
    ]
    tr = from_events("fr-mobilier-grand-compte", events, 1800)
    assert tr.sheet == {"limits": "Jamais sous 640 €, 60 jours au plus", "objectives": "660 €"}
    result = score(tr, scenario(), RUBRIC)
    prep = next(c for c in result["criteria"] if c["id"] == "preparation_supports")
    assert prep["indicators"][0]["display"] == "2 / 8 rubriques"


def test_advice_below_satisfactory_is_concrete_and_in_the_sessions_language():
    poor = score(recorded(POOR_SESSION), scenario(), RUBRIC)
    listening = next(c for c in poor["criteria"] if c["id"] == "ecoute")
    assert "questions ouvertes" in listening["advice"]
    assert "Questions : 0.0 / 10 min (0 questions)" in listening["advice"]  # their own figure
    good = score(recorded(GOOD_SESSION), scenario(), RUBRIC)
    assert all(not c["advice"] for c in good["criteria"] if c["level"] in ("S", "TS"))


def test_published_references_are_shown_beside_the_teams_figures():
    result = score(recorded(GOOD_SESSION), scenario(), RUBRIC)
    figures = {f["id"]: f for f in result["figures"]}
    assert "43 %" in figures["talk_share"]["reference"]
    assert figures["questions"]["value"] >= 2 and "11" in figures["questions"]["reference"]


def test_an_illegal_payment_term_is_quoted_under_truthfulness():
    tr = recorded(["Pas de souci, nous acceptons un paiement à 90 jours."])
    truth = next(c for c in score(tr, scenario(), RUBRIC)["criteria"] if c["id"] == "veracite")
    assert truth["level"] in ("TI", "I")
    assert any("90 jours" in e["quote"] for e in truth["evidence"])


def test_conditional_decreasing_concessions_beat_growing_given_ones():
    traded = recorded(
        [
            "Nous proposons 700 € par poste.",
            "Si vous acceptez un paiement à 30 jours, alors nous passons à 680 € par poste.",
            "Si vous confirmez la commande cette semaine, nous pouvons faire 670 € par poste.",
        ]
    )
    given = recorded(
        [
            "Nous proposons 660 € par poste.",
            "Bon, nous baissons à 650 € par poste.",
            "Bon, nous baissons à 610 € par poste.",
        ]
    )
    rank = {"TI": 0, "I": 1, "S": 2, "TS": 3}

    def adapt(tr):
        return next(
            c for c in score(tr, scenario(), RUBRIC)["criteria"] if c["id"] == "adaptabilite"
        )

    assert rank[adapt(traded)["level"]] > rank[adapt(given)["level"]]


def test_the_debrief_page_and_negosim_score_agree(runner):
    from negosim.cli import main
    from negosim.cli.common import ready_app
    from negosim.store import get_store
    from negosim.store.models import Run

    played = runner.invoke(
        main,
        ["play", "fr-mobilier-grand-compte", "--seed", "3"],
        input="\n".join(GOOD_SESSION) + "\n/fin\n",
    )
    run_id = played.output.strip().splitlines()[-1].split("=")[1]
    cli = json.loads(runner.invoke(main, ["score", "--run", run_id, "--json"]).output)
    app = ready_app()
    browser = app.test_client()
    with get_store(app).Session() as session:
        code = session.get(Run, int(run_id)).code
    browser.get(f"/r/{code}")  # a member's browser: the room page grants its debrief
    page = browser.get(f"/runs/{run_id}/debrief").get_data(as_text=True)
    for c in cli["criteria"]:
        assert f'id="criterion-{c["id"]}" data-level="{c["level"]}"' in page
    assert f"{cli['overall']['points']:.1f} / 20".replace(".", ",") in page  # French figures
    assert "43 %" in page and f"/runs/{run_id}/replay#seq-" in page
    again = json.loads(runner.invoke(main, ["score", "--run", run_id, "--json"]).output)
    assert again == cli


def test_the_best_deal_benchmark_is_the_engines_nash_point():
    from negosim.engine.utility import nash_point
    from negosim.scoring.indicators import nash_point_fast

    assert nash_point_fast(scenario().scenario) == nash_point(scenario().scenario)


def test_the_session_is_checked_against_the_teams_own_sheet():
    events = [
        sheet_event(1, "limits", "Jamais sous 650 € par poste.", 1),
        sheet_event(2, "concessions", "Reprise partielle contre engagement de volume.", 1),
    ]
    tr = recorded(["Nous proposons 680 € par poste.", "Bon, nous baissons à 640 € par poste."])
    for e in events:
        fold_sheet(tr, e.payload)
    result = score(tr, scenario(), RUBRIC)
    prep = next(c for c in result["criteria"] if c["id"] == "preparation_supports")
    notes = " ".join(e["note"] for e in prep["evidence"])
    assert "limite dépassée" in notes and "concession non prévue" in notes


def typed_session(turns, **extra):
    from negosim.analysis import analyze
    from negosim.scoring.typed import TypedTranscript, to_transcript

    typed = TypedTranscript.model_validate(
        {
            "scenario": "fr-mobilier-grand-compte",
            "candidates": [{"id": "a", "name": "A"}],
            "turns": [{"speaker": s, "time": 30 * i, "text": t} for i, (s, t) in enumerate(turns)],
            **extra,
        }
    )
    return to_transcript(typed, scenario(), lambda text, context: analyze(text, context=context))


def measure(tr, indicator):
    from negosim.scoring.indicators import INDICATORS, Context

    return INDICATORS[indicator](Context(tr, scenario()))


def test_an_incoterm_counts_only_with_its_named_place():
    bare = typed_session([("a", "Nous livrons en DAP, sous 8 semaines.")])
    placed = typed_session([("a", "Nous livrons en DAP La Défense, sous 8 semaines.")])
    assert measure(bare, "delivery_terms").value < measure(placed, "delivery_terms").value


def test_an_objection_acknowledged_before_the_answer_counts_as_such():
    objection = (
        "counterpart",
        "Votre prix est 15 % au-dessus du devis de notre fournisseur actuel.",
    )
    direct = typed_session([objection, ("a", "Notre mobilier est éco-conçu, il vaut ce prix.")])
    heard = typed_session(
        [objection, ("a", "Je comprends votre remarque. Comparons en coût global.")]
    )
    assert measure(direct, "objections_acknowledged").value == 0
    assert measure(heard, "objections_acknowledged").value == 1


def test_tutoiement_caps_the_cultural_criterion_in_a_formal_culture():
    tr = typed_session(
        [
            ("a", "Bonjour Madame, merci de nous recevoir, belle vue depuis votre bureau !"),
            ("a", "Quels sont tes critères de choix ? Tu peux tout me dire."),
        ]
    )
    culture = next(
        c for c in score(tr, scenario(), RUBRIC)["criteria"] if c["id"] == "interculturel"
    )
    assert culture["level"] in ("TI", "I")
    assert any("tutoiement" in e["note"] for e in culture["evidence"])


def test_a_live_session_quotes_the_counterparts_remark_on_the_tutoiement():
    tr = recorded(
        ["Bonjour Madame, merci de nous recevoir.", "Dis-moi, quels sont tes critères de choix ?"]
    )
    (remark,) = [t for t in tr.turns if "formality_remark" in t.intents]
    culture = next(
        c for c in score(tr, scenario(), RUBRIC)["criteria"] if c["id"] == "interculturel"
    )
    notes = {e["note"]: e["seq"] for e in culture["evidence"]}
    assert notes["l'interlocuteur relève le tutoiement"] == remark.seq
    assert "tutoiement dans une culture formelle" in notes


def test_the_longest_monologue_is_quoted():
    long = " ".join(["Nous fabriquons des bureaux éco-conçus en France."] * 25)
    tr = typed_session([("a", long), ("counterpart", "Je vois."), ("a", "Des questions ?")])
    m = measure(tr, "longest_monologue")
    assert m.value >= 150 and m.evidence[0].seq == 1


def test_the_rubric_has_english_words_for_every_criterion_and_refuses_unknown_ones():
    import pytest

    from negosim.content import ContentInvalid

    english = RUBRIC.rubric.translations["en"]
    assert set(english.criteria) == {c.id for c in RUBRIC.rubric.criteria}
    assert all(len(t.descriptors) == 4 and t.label for t in english.criteria.values())
    text = (PROJECT_DIR / "rubrics" / "bloc3.yaml").read_text("utf-8")
    wrong = text.replace("      ecoute:\n        group", "      listening:\n        group")
    with pytest.raises(ContentInvalid, match="unknown criteria listening"):
        load_rubric_text(wrong, "copy.yaml")


def test_a_typed_record_names_the_other_sides_speakers_the_roles_and_the_agreed_clauses():
    tr = typed_session(
        [
            ("durand", "Bonjour, je suis le directeur des achats."),
            ("a", "Bonjour Monsieur, quel est votre calendrier d'emménagement ?"),
            ("leroy", "Nous devons être installés avant septembre."),
        ],
        candidates=[{"id": "a", "name": "A", "role": "lead"}],
        counterparts=[{"id": "durand", "name": "M. Durand"}, {"id": "leroy", "name": "Mme Leroy"}],
        clauses=["Réserve de propriété", "Médiation puis tribunal de commerce de Paris"],
    )
    assert [(t.side, t.name) for t in tr.turns] == [
        ("counterpart", "M. Durand"),
        ("learner", "A"),
        ("counterpart", "Mme Leroy"),
    ]
    assert tr.roles == {"a": "lead"} and len(tr.clauses) == 2
    assert tr.revealed == [(2, "lease_deadline")]  # the question heard as the counterpart hears it


def test_a_typed_record_refuses_a_speaker_named_on_both_sides():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="distinct"):
        typed_session([("a", "Bonjour.")], counterparts=[{"id": "a", "name": "Homonyme"}])
