"""What a turn names of the scenario and asks for: read once, in the analysis, for the engine."""

from negosim import events as ev
from negosim.analysis import analyze
from negosim.analysis.context import Context
from negosim.engine.replay import rebuild
from negosim.events import Recorded
from tests.helpers import scenario

MOBILIER = scenario("fr-mobilier-grand-compte")


def read(text: str):
    return analyze(text, context=Context.of(MOBILIER.scenario))


def test_a_question_names_its_issues_in_the_order_it_says_them():
    a = read("Quel délai de paiement demandez-vous, et pour la garantie ?")
    assert a.topics[:2] == ("payment_days", "warranty_years")  # the longest name at one place


def test_cue_words_match_at_the_start_of_a_word_whatever_the_accents():
    a = read("Quels sont vos delais et votre calendrier d'emménagement ?")
    assert a.heard.get("need:lease_deadline", 0) >= 2  # « delais » without its accent, too
    assert "need:budget_cap" not in a.heard
    assert "warranty_years" not in read("Parlons de la livraison.").topics  # no « ans » inside


def test_what_a_question_asks_for_is_read_in_the_turns_own_language():
    assert "proposal" in read("What is your offer on the price?").asks  # English, French case
    assert "priorities" in read("Qu'est-ce qui compte le plus pour vous ?").asks
    assert "needs" in read("Quelles sont vos contraintes ?").asks
    assert read("Bonjour Madame.").asks == ()


def test_the_analysis_keeps_its_reading_of_topics_through_storage():
    from negosim.analysis.model import Analysis

    a = read("Quel est votre budget pour le prix unitaire ?")
    back = Analysis.from_dict(a.to_dict())
    assert back.heard == a.heard and back.topics == a.topics and back.asks == a.asks


def test_a_turn_recorded_before_topics_were_read_replays_as_it_would_be_heard_now():
    question = read("Quel est votre calendrier d'emménagement ?").to_dict()
    for key in ("heard", "topics", "asks"):
        question.pop(key)  # as an older release stored it
    events = [
        Recorded(1, ev.RUN_CREATED, 0.0, "system", {"mode": "counterpart"}),
        Recorded(2, ev.NEGOTIATION_STARTED, 0.0, "system", {}),
        Recorded(
            3,
            ev.TURN,
            60.0,
            "member:1",
            {"text": "Quel est votre calendrier d'emménagement ?", **question},
        ),
    ]
    engine, said = rebuild(MOBILIER, 1, 1800.0, events)
    assert "lease_deadline" in engine.memory.revealed
    assert any(h.kind == ev.NEED_REVEALED for h in said)
