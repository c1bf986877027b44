"""The counterpart's policy, one failure of issue 17 per test: what it must never do again."""

from negosim import events as ev
from negosim.engine import Negotiation
from negosim.engine.limits import breaches
from negosim.engine.utility import utility
from tests.helpers import scenario, turn


def run(name, texts, lang="fr", start=1.0, step=1.5, seed=4):
    n = Negotiation(scenario(name), seed=seed, duration_s=1800)
    n.open()
    outs = [n.hear(turn(n, text, start + i * step)) for i, text in enumerate(texts)]
    return n, outs


def intents(out):
    return [i for h in out if h.kind == ev.TURN for i in h.payload["intents"]]


def bids(outs):
    return [
        h.payload["terms"]
        for out in outs
        for h in out
        if h.kind == ev.TERMS and h.payload["by"] == "counterpart"
    ]


def test_a_candidate_conceding_past_its_limit_is_not_walked_out_on():
    prices = [125, 124, 123, 122, 121, 120, 119, 118, 117, 116, 115, 114, 113]
    texts = ["Hello, thank you for having us."] + [
        f"We can move: price US${p}; volume 4,000 units." for p in prices
    ]
    n, outs = run("us-distribution-cuivre", texts, lang="en", start=2, step=2)
    assert not any(h.payload.get("reason") == "walk_away" for o in outs for h in o)
    assert n.memory.not_moving == 0


def test_its_own_bids_never_cross_its_limits_even_towards_asks_past_them():
    texts = ["Hello, thank you for having us."] + [
        f"If you accept, we propose: price US${p}; volume 6,000 units; payment 30 days."
        for p in (125, 124, 123, 122, 121, 120)
    ]
    _, outs = run("us-distribution-cuivre", texts, lang="en", start=2, step=4)
    s = scenario("us-distribution-cuivre").scenario
    assert bids(outs) and all(breaches(s, "counterpart", b) == [] for b in bids(outs))


def test_a_package_inside_its_limits_worth_its_next_bid_is_accepted():
    loaded = scenario()
    n, _ = run("fr-mobilier-grand-compte", ["Bonjour.", "Quelle est votre proposition ?"])
    bid = dict(n.memory.own_terms)
    out = n.hear(turn(n, "Nous proposons : prix 565 € ; livraison 8 semaines.", 6))
    assert "accept" in intents(out)
    assert (
        utility(loaded.scenario, "counterpart", n.memory.agreed)
        >= utility(loaded.scenario, "counterpart", bid) - 0.05
    )


def test_asked_for_its_proposal_it_makes_one():
    n, outs = run("fr-mobilier-grand-compte", ["Bonjour.", "Quelle est votre proposition ?"])
    assert bids(outs[1:]) and "open_offer" in intents(outs[1])


def test_an_acceptance_in_the_opening_phase_ends_in_a_deal():
    texts = [
        "Quelle est votre proposition ?",
        "D'accord, j'accepte votre proposition.",
        "Oui, je confirme, nous sommes d'accord.",
    ]
    n, _ = run("fr-mobilier-grand-compte", texts)
    assert n.state == "deal"


def test_a_question_about_the_weather_earns_no_concession():
    texts = [
        "Bonjour.",
        "Quelle est votre proposition ?",
        "Quel temps fait-il chez vous en ce moment ?",
        "Avez-vous passé de bonnes vacances cet été ?",
    ]
    _, outs = run("fr-mobilier-grand-compte", texts)
    assert len(bids(outs)) == 1


def test_asked_what_matters_most_it_names_a_priority_but_not_its_limits():
    texts = ["Bonjour.", "Qu'est-ce qui compte le plus pour vous dans cet accord ?"]
    _, outs = run("fr-mobilier-grand-compte", texts)
    said = " ".join(h.payload["text"] for h in outs[1] if h.kind == ev.TURN)
    assert "priorities" in intents(outs[1]) and "640" not in said


def test_a_question_on_one_issue_gets_an_answer_on_that_issue():
    _, outs = run(
        "fr-mobilier-grand-compte", ["Bonjour.", "Que pouvez-vous faire sur la garantie ?"]
    )
    said = " ".join(h.payload["text"] for h in outs[1] if h.kind == ev.TURN)
    assert "issue_answer" in intents(outs[1]) and "garantie" in said


def test_a_move_line_always_comes_with_changed_terms():
    texts = ["Bonjour.", "Quelle est votre proposition ?"] + [
        "Nous maintenons notre offre : prix 660 € ; paiement 30 jours." for _ in range(5)
    ]
    _, outs = run("fr-mobilier-grand-compte", texts)
    previous = None
    for out in outs:
        new = [
            h.payload["terms"] for h in out if h.kind == ev.TERMS and h.payload["by"] != "learner"
        ]
        if {"concede", "reciprocate"} & set(intents(out)):
            assert new and new[-1] != previous
        previous = new[-1] if new else previous
