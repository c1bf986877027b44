"""The coach's choices on a score: each turn once, strengths and work, the better deal."""

from negosim.engine.utility import acceptable_on_issue, utility
from negosim.scoring.coach import deal_chart, highlights, unique_evidence
from negosim.scoring.missed import better_deal
from tests.helpers import scenario

SIGNED = {"price": 640, "payment_days": 45, "delivery_weeks": 8, "warranty_years": 5,
          "take_back": "totale"}  # fmt: skip


def cited(seq, note):
    return {"seq": seq, "time": "01:00", "speaker": "Alice", "quote": "…", "note": note}


def test_a_turn_cited_for_several_reasons_is_shown_once_with_every_reason():
    shown = unique_evidence([cited(3, "question ouverte"), cited(5, "preuve"),
                             cited(3, "reformulation"), cited(3, "question ouverte")])  # fmt: skip
    assert [e["seq"] for e in shown] == [3, 5]
    assert shown[0]["note"] == "question ouverte ; reformulation"


def criterion(id_, level, weight=1.0, advice=""):
    return {"id": id_, "label": id_, "level": level, "weight": weight, "descriptor": "",
            "advice": advice, "evidence": [cited(2, "x")]}  # fmt: skip


def test_strengths_are_the_highest_levels_and_work_the_lowest_with_what_to_do_instead():
    levels = {"a": "TS", "b": "S", "c": "I", "d": "TI", "e": "S", "f": "I", "g": "TS"}
    criteria = [criterion(k, v, advice=f"faites {k}") for k, v in levels.items()]
    found = highlights(criteria, {})
    assert [h["id"] for h in found["strengths"]] == ["a", "g", "b"]
    assert [h["id"] for h in found["work_on"]] == ["d", "c", "f"]
    assert found["work_on"][0]["instead"] == "faites d" and found["work_on"][0]["turn"]["seq"] == 2


def test_without_advice_the_next_levels_descriptor_says_what_to_aim_for():
    found = highlights([criterion("a", "S")], {"a": {"TS": "Fixe l'ordre du jour."}})
    assert found["strengths"][0]["id"] == "a" and found["work_on"] == []
    found = highlights([criterion("a", "I")], {"a": {"S": "Ouvre la discussion."}})
    assert found["work_on"][0]["instead"] == "Ouvre la discussion."


def test_the_better_deal_gives_both_sides_more_within_both_sides_limits():
    sc = scenario().scenario
    found = better_deal(sc, SIGNED)
    assert utility(sc, "learner", found.terms) > utility(sc, "learner", SIGNED)
    assert utility(sc, "counterpart", found.terms) > utility(sc, "counterpart", SIGNED)
    for issue in sc.issues:
        for side in ("learner", "counterpart"):
            assert acceptable_on_issue(issue, side, found.terms[issue.id])
    moves = {m.issue: m.gain for m in found.moves}
    assert moves == {"payment_days": False, "take_back": True}  # a trade: give, get


def test_a_deal_on_the_frontier_has_no_better_deal():
    sc = scenario().scenario
    found = better_deal(sc, SIGNED)
    assert better_deal(sc, found.terms) is None


def test_the_deal_chart_places_each_issue_between_the_teams_floor_and_target():
    rows = {r["id"]: r for r in deal_chart(scenario().scenario, SIGNED, "fr")}
    assert rows["price"]["share"] == 80  # 640 € between a floor of 560 € and a target of 660 €
    assert rows["price"]["floor"].replace("\u202f", " ").replace("\xa0", " ") == "560 €"
    assert rows["take_back"]["target"] == "aucune"
