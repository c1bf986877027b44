"""The counterpart: phases, offers, concessions, needs, objections — and reproducibility."""

from negosim import events as ev
from negosim.engine import Negotiation, rebuild
from negosim.engine.tactics import time_target, with_haggling
from negosim.engine.utility import acceptable_on_issue, nash_point, utility, zopa
from negosim.events import Happening, Recorded
from negosim.scenario.loader import load_scenario_text
from negosim.scenario.model import Tactic
from tests.helpers import GOOD_SESSION, SCENARIOS, scenario, scenario_text, turn


def play(texts, seed=7, minutes_per_turn=2.0, heard=None):
    """The engine through ``texts``; ``heard`` collects each turn as the engine read it."""
    n = Negotiation(scenario(), seed=seed, duration_s=1800)
    out = [n.open()]
    for i, text in enumerate(texts, start=1):
        t = turn(n, text, minute=minutes_per_turn * i)
        if heard is not None:
            heard.append(t)
        out.append(n.hear(t))
    return n, out


def kinds(happenings):
    return [h.kind for h in happenings]


def said(happenings) -> str:
    return " ".join(h.payload["text"] for h in happenings if h.kind == ev.TURN)


def test_same_scenario_seed_and_turns_give_the_same_counterpart():
    _, a = play(GOOD_SESSION, seed=11)
    _, b = play(GOOD_SESSION, seed=11)
    assert a == b


def test_the_counterpart_opens_with_a_greeting_in_the_scenarios_language():
    n = Negotiation(scenario(), seed=1, duration_s=1800)
    (greeting,) = n.open()
    assert greeting.kind == ev.TURN and greeting.payload["speaker"] == ev.COUNTERPART
    assert "Bonjour" in greeting.payload["text"]


def test_small_talk_moves_the_opening_to_discovery():
    n, out = play(["Bonjour Madame, merci de nous recevoir. Belle vue depuis votre bureau !"])
    assert n.state == "discovery"
    assert {"kind": ev.STATE_CHANGED} and out[1][0].payload == {
        "source": "opening",
        "dest": "discovery",
        "trigger": "progress",
    }


def test_a_hidden_need_is_revealed_only_to_a_question_that_reaches_it():
    statement, _ = play(["Bonjour.", "Nous connaissons bien votre calendrier d'emménagement."])
    assert statement.memory.revealed == []
    asked, out = play(["Bonjour.", "Quel est votre calendrier pour l'emménagement ?"])
    assert asked.memory.revealed == ["lease_deadline"]
    assert "1er septembre" in said(out[2])


def test_an_offer_above_the_threshold_raises_the_price_objection():
    n, out = play(["Bonjour.", "Nous proposons 700 € par poste."])
    assert "price_vs_incumbent" in n.memory.raised
    assert ev.OBJECTION_RAISED in kinds(out[2])


def test_the_counterpart_never_accepts_beyond_its_reservation():
    n, _ = play(
        [
            "Bonjour.",
            "Quels sont vos critères ?",
            "Nous proposons 700 € par poste.",
            "Nous maintenons 700 € par poste, c'est notre prix.",
            "D'accord ?",
        ]
    )
    issues = scenario().scenario
    for terms in (n.memory.agreed, n.memory.own_terms):
        assert all(acceptable_on_issue(issues.issue(k), "counterpart", v) for k, v in terms.items())
    assert n.memory.agreed.get("price") != 700


def test_its_counter_offers_concede_over_time_but_never_below_its_floor():
    loaded = scenario()
    ru = loaded.scenario.sides["counterpart"].reservation_utility
    n = Negotiation(loaded, seed=3, duration_s=1800)
    n.open()
    utilities = []
    for minute, price in [(3, 700), (8, 690), (13, 680), (18, 670), (23, 660), (28, 655)]:
        n.hear(
            turn(
                n,
                f"Si vous acceptez, nous proposons {price} € par poste avec une livraison en "
                f"9 semaines.",
                minute=minute,
            )
        )
        if n.memory.pending_objection:
            n.hear(
                turn(
                    n,
                    "Notre coût global est plus bas grâce à la reprise et aux délais.",
                    minute + 1,
                )
            )
        if n.memory.own_utilities:
            utilities.append(n.memory.own_utilities[-1])
    assert utilities == sorted(utilities, reverse=True)
    assert min(utilities) >= ru


def test_it_accepts_its_own_last_proposal_and_then_confirms_the_deal():
    n, out = play(GOOD_SESSION)
    assert n.state == "deal"
    ended = [h for h in out[-1] if h.kind == ev.RUN_ENDED][0]
    assert ended.payload["outcome"] == "deal"
    terms = ended.payload["terms"]
    loaded = scenario()
    assert (
        utility(loaded.scenario, "counterpart", terms)
        >= loaded.scenario.sides["counterpart"].reservation_utility
    )


def test_a_unilateral_concession_is_pocketed_not_rewarded():
    n = Negotiation(scenario(), seed=5, duration_s=1800)
    n.open()
    n.hear(turn(n, "Bonjour, ravi de vous rencontrer.", 1))
    n.hear(turn(n, "Nous proposons 630 € par poste, livraison en 10 semaines.", 10))
    first = n.memory.own_utilities[-1]
    out = n.hear(turn(n, "Bon, nous baissons à 620 € par poste.", 12))
    assert "pocket" in [i for h in out if h.kind == ev.TURN for i in h.payload["intents"]]
    assert n.memory.own_utilities[-1] == first  # it holds its position


def test_the_clock_ends_the_run_in_a_time_out():
    n = Negotiation(scenario(), seed=1, duration_s=1800)
    n.open()
    assert n.clock(1000) == []
    out = n.clock(1800)
    assert n.state == "timeout"
    assert [h.kind for h in out][-1] == ev.RUN_ENDED and out[-1].payload["outcome"] == "timeout"


def test_pushing_past_its_limit_with_a_threat_makes_it_walk_away():
    n, out = play(
        [
            "Bonjour.",
            "Nous proposons 720 € par poste, paiement à 30 jours.",
            "C'est notre dernière offre : 720 € par poste, sinon nous irons voir ailleurs.",
            "Dernière offre, 720 € par poste, à prendre ou à laisser.",
        ],
        minutes_per_turn=6,
    )
    assert n.state == "no_deal"
    ended = [h for batch in out for h in batch if h.kind == ev.RUN_ENDED]
    assert [e.payload["reason"] for e in ended] == ["walk_away"]


def test_a_run_is_rebuilt_from_its_recorded_events_alone():
    heard = []
    live, out = play(GOOD_SESSION[:6], heard=heard)
    recorded, seq = [], 0
    for i, batch in enumerate(out):
        if i == 0:
            batch = [Happening(ev.NEGOTIATION_STARTED), *batch]
        else:
            t = heard[i - 1]
            batch = [
                Happening(
                    ev.TURN,
                    {
                        "speaker": "member:1",
                        "side": "learner",
                        "text": t.text,
                        **t.analysis.to_dict(),
                    },
                ),
                *batch,
            ]
        for h in batch:
            seq += 1
            recorded.append(Recorded(seq, h.kind, 120.0 * i, h.author, h.payload))
    rebuilt, again = rebuild(scenario(), 7, 1800, recorded)
    assert rebuilt.state == live.state
    assert rebuilt.snapshot() == live.snapshot()
    assert [h for h in again if h.kind == ev.TURN] == [
        h for b in out for h in b if h.kind == ev.TURN
    ]


def test_the_scenario_has_a_zone_of_possible_agreement_and_a_nash_point():
    loaded = scenario()
    assert zopa(loaded.scenario)
    terms, ul, uc = nash_point(loaded.scenario)
    assert ul > loaded.scenario.sides["learner"].reservation_utility
    assert uc > loaded.scenario.sides["counterpart"].reservation_utility


def test_she_anchors_before_she_accepts_even_a_first_offer_within_her_limits():
    n, out = play(["Bonjour Madame, ravi de vous rencontrer.", "Nous proposons 620 € par poste."])
    assert n.state != "closing" and not n.memory.agreed
    assert n.memory.own_terms, "a first offer gets a counter-offer, not a yes"


def test_a_counter_offer_does_not_give_away_an_option_nobody_asked_for():
    n, _ = play(
        [
            "Bonjour Madame, ravi de vous rencontrer.",
            "Nous proposons 600 € par poste, livraison en 10 semaines.",
            "Si vous acceptez 10 semaines, alors nous passons à 590 € par poste.",
        ]
    )
    assert n.memory.own_terms["take_back"] == "totale"  # her best; the seller never raised it


def test_topics_match_at_the_start_of_words_only():
    loaded = scenario("de-composants-bavaria")
    n = Negotiation(loaded, seed=1, duration_s=1800)
    n.open()
    n.hear(turn(n, "Bonjour Monsieur.", 1))
    n.hear(turn(n, "Quel est votre planning de livraison ?", 2))  # 'iso' inside 'livraison'
    assert "iatf_missing" not in n.memory.raised
    n.hear(turn(n, "Parlons maintenant de la qualité.", 3))
    assert "iatf_missing" in n.memory.raised


def test_where_rapport_comes_first_rushing_to_figures_makes_her_firmer():
    loaded = scenario("jp-distribution-cosmetiques")
    offer = (
        "Si vous acceptez 300 000 € de minimum d'achat, alors nous accordons une remise de 45 %."
    )

    def counter_after(openers):
        n = Negotiation(loaded, seed=3, duration_s=1800)
        n.open()
        for minute, text in enumerate(openers, start=1):
            n.hear(turn(n, text, minute))
        n.hear(turn(n, offer, 12))
        n.hear(turn(n, offer, 16))
        return n.memory.rushed, n._floor()  # the least she will now settle for

    rushed, firm = counter_after(["Bonjour.", "Quelle est votre proposition ?"])
    patient, soft = counter_after(
        [
            "Bonjour, merci de votre accueil, c'est un honneur d'être à Osaka.",
            "Le voyage s'est très bien passé, merci. Comment allez-vous ?",
            "Votre ville est magnifique, nous avons passé un excellent week-end.",
        ]
    )
    assert rushed >= 1 and patient == 0
    assert firm > soft


def with_behaviour(**behaviour) -> object:
    """The furniture scenario with culture behaviour overridden for this case."""
    extra = "".join(f"    {k}: {v}\n" for k, v in behaviour.items())
    text = scenario_text().replace(
        "    refusal_directness: 0.8\n", "    refusal_directness: 0.8\n" + extra
    )
    return load_scenario_text(text, "variant.yaml", SCENARIOS / "cultures")


def test_a_taste_for_haggling_opens_further_and_gives_less_early():
    tactic = Tactic(kind="mix", e=0.5, opening_extremity=0.7, tft_weight=0.3)
    assert with_haggling(tactic, None) == tactic
    assert with_haggling(tactic, 0.5) == tactic
    assert with_haggling(tactic, 0.2) == tactic  # a reluctant haggler keeps the written tactic
    haggler = with_haggling(tactic, 0.9)
    assert haggler.opening_extremity > tactic.opening_extremity and haggler.e < tactic.e

    def given(t, tactic):  # utility conceded from the opening by normalised time t
        return time_target(0, tactic, 1.0, 0.3) - time_target(t, tactic, 1.0, 0.3)

    assert time_target(0, haggler, 1.0, 0.3) > time_target(0, tactic, 1.0, 0.3)
    assert given(1 / 3, haggler) < given(1 / 3, tactic)


def test_a_haggling_counterpart_anchors_higher_on_the_same_offer():
    def first_counter(loaded):
        n = Negotiation(loaded, seed=3, duration_s=1800)
        n.open()
        n.hear(turn(n, "Bonjour Madame, merci de nous recevoir.", 1))
        n.hear(turn(n, "Nous proposons 620 € par poste, livraison en 10 semaines.", 6))
        return n.memory.own_utilities[0]

    assert first_counter(with_behaviour(haggling=0.9)) > first_counter(scenario())


def test_saying_tu_to_a_formal_counterpart_is_remarked_on_once():
    def remarks(loaded):
        n = Negotiation(loaded, seed=3, duration_s=1800)
        n.open()
        said = []
        for minute, text in enumerate(
            ["Bonjour, tu vas bien ?", "Dis-moi, quel est ton budget ?", "Et tes délais ?"], 1
        ):
            said += [i for h in n.hear(turn(n, text, minute)) for i in h.payload.get("intents", [])]
        return said.count("formality_remark"), n.memory.familiar

    assert remarks(scenario()) == (1, 3)
    assert remarks(with_behaviour(formality="informal")) == (0, 0)
