"""A turn read in its context: which issue each figure is about and what the speaker does
with it, as a person at the table would hear it (the cases of issue 12)."""

import numpy as np
import pytest

from negosim.analysis import analyze
from negosim.analysis.context import Context
from negosim.engine.phrasing import Phrasebook, describe_terms
from tests.helpers import scenario

MOBILIER = "fr-mobilier-grand-compte"


def read(text, name=MOBILIER, **context):
    return analyze(text, context=Context.of(scenario(name).scenario, **context))


def roles(analysis):
    return [(m["issue"], m["value"], m["role"]) for m in analysis.mentions]


def test_the_other_sides_figure_repeated_is_a_quote_not_an_offer():
    a = read("Vous restez à 565 € depuis le début, c'est trop cher.", theirs={"price": 565})
    assert roles(a) == [("price", 565, "quote")]
    assert a.proposed() == {}


def test_a_legal_cap_is_a_fact_and_moves_nothing():
    a = read("L441-10 plafonne à 60 jours, 90 jours ne serait pas légal.")
    assert {r for _, _, r in roles(a)} <= {"fact", "refuse"}
    assert a.stated() == {}
    assert not any(m["issue"] == "delivery_weeks" for m in a.mentions)


def test_a_third_partys_figure_is_cited():
    a = read("Votre fournisseur actuel demande 14 semaines.")
    assert roles(a) == [("delivery_weeks", 14, "cite")]
    assert a.stated() == {}


def test_a_figure_out_of_all_proportion_is_flagged_with_its_likely_reading():
    a = read("Nous pouvons aller à 12,50 € l'unité.")
    (m,) = a.implausible()
    assert m["issue"] == "price" and m["likely"] == 1250
    assert a.proposed() == {}


def test_english_amounts_in_a_french_scenario_are_read_in_their_own_format():
    a = read("We could go up to €300,000 for the whole fit-out.")
    assert a.language == "en"
    assert a.of("MONEY")[0]["amount"] == 300000


def test_a_mixed_turn_is_said_to_be_mixed():
    a = read("Je comprends votre position. But we need a better price than that, honestly.")
    assert a.language == "mixed"


def test_a_conditional_offer_keeps_its_condition():
    a = read("Si vous payez à 30 jours, nous passons à 600 € par poste.")
    price = next(m for m in a.mentions if m["issue"] == "price")
    assert price["role"] == "propose" and "30 jours" in price["condition"]
    assert a.proposed() == {"price": 600, "payment_days": 30}


def test_a_new_figure_the_other_side_is_asked_to_accept_in_a_condition_is_part_of_the_package():
    a = read(
        "Provided that you accept a minimum guarantee of 90,000 euros, we go to a royalty of "
        "20 % with exclusivity Brazil with targets.",
        name="br-licence-agritech",
    )
    assert a.stated() == {
        "minimum_guarantee": 90000,
        "royalty": 20,
        "exclusivity": "Brazil with targets",
    }


def test_a_figure_the_other_side_never_put_on_the_table_is_not_a_quote():
    a = read(
        "Bonjour. Remise de 35 %, minimum d'achat de 600 000 €, c'est à prendre ou à laisser.",
        name="jp-distribution-cosmetiques",
    )
    assert a.stated() == {"discount": 35, "minimum_purchase": 600000}


def test_holding_to_ones_figure_then_saying_it_is_not_negotiable_is_no_refusal():
    a = read("Toujours une hausse de 8 %. Ce n'est pas négociable.", name="fr-egalim-biscuiterie")
    assert a.stated() == {"tariff_increase": 8}


def test_alternatives_are_two_proposals_and_the_unconditional_one_goes_on_the_table():
    a = read("Nous proposons 620 € ou 600 € si vous payez à 30 jours.")
    prices = [m for m in a.mentions if m["issue"] == "price"]
    assert [m["value"] for m in prices] == [620, 600]
    assert all(m.get("alternative") for m in prices)
    assert a.proposed() == {"price": 620}


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Vous pourriez faire 550 € ?", "ask"),
        ("Pas à 600 €, c'est impossible.", "refuse"),
        ("Il nous faut 45 jours de paiement maximum.", "require"),
        ("Nous proposons 590 € par poste.", "propose"),
    ],
)
def test_what_the_speaker_does_with_a_figure(text, role):
    assert [r for _, _, r in roles(read(text))] == [role]


def test_accepting_the_other_sides_figure_is_an_acceptance():
    a = read("D'accord pour 8 semaines de délai.", theirs={"delivery_weeks": 8})
    assert roles(a) == [("delivery_weeks", 8, "accept")]
    assert a.accepted() == {"delivery_weeks": 8}


def test_numbers_in_words_are_read_whole():
    a = read("Nous proposons quarante-cinq euros cinquante… non, six cent vingt euros.")
    assert [e["amount"] for e in a.of("MONEY")] == [45.5, 620]


def test_two_offers_in_one_turn_are_both_read():
    a = read("Nous proposons 610 € par poste et une garantie de 5 ans.")
    assert a.proposed() == {"price": 610, "warranty_years": 5}


def test_financial_statements_over_two_years_are_not_a_payment_term():
    a = read("Pouvez-vous nous transmettre vos comptes des deux dernières années ?")
    assert a.stated() == {}


def test_counts_in_units_the_entities_do_not_know_are_read_and_totals_are_not():
    a = read(
        "Nous proposons 250 ppm sur un volume de 30 000 pièces par an.", "de-composants-bavaria"
    )
    assert a.proposed() == {"ppm": 250.0}
    a = read("Nous demandons une hausse de 5 % et 2 nouvelles références.", "fr-egalim-biscuiterie")
    assert a.proposed() == {"tariff_increase": 5.0, "new_skus": 2.0}


def test_a_turnover_is_a_fact_not_an_offer_on_an_amount_issue():
    es = "es-master-franchise-boulangerie"
    a = read("Nos 120 points de vente font un chiffre d'affaires moyen de 850 000 €.", es)
    assert a.proposed() == {}
    text = (
        "Un droit d'entrée de 250 000 €, une redevance de 6 % et une redevance publicitaire de 2 %."
    )
    assert read(text, es).proposed() == {"master_fee": 250000.0, "royalty": 6.0, "ad_fee": 2.0}


def test_the_form_of_address_is_read():
    assert read("Je te propose 580 € par poste.").address == "tu"
    assert read("Je vous propose 580 € par poste.").address == "vous"


def _terms_lines():
    """Every line of every shipped scenario that carries terms, with terms to fill it."""
    from negosim.config import PROJECT_DIR
    from negosim.engine.utility import nash_point

    for path in sorted((PROJECT_DIR / "scenarios").glob("*.yaml")):
        loaded = scenario(path.stem)
        book = Phrasebook(loaded.scenario, seed=1)
        terms, _, _ = nash_point(loaded.scenario)
        for intent in sorted(set(loaded.scenario.lines) | set(book.defaults)):
            for line in book.variants(intent):
                if "{terms}" in line:
                    yield (
                        path.stem,
                        intent,
                        line.replace("{terms}", describe_terms(loaded.scenario, terms)),
                        terms,
                    )


@pytest.mark.parametrize(("name", "intent", "line", "terms"), list(_terms_lines()))
def test_every_line_the_counterpart_says_is_read_back_as_the_terms_it_meant(
    name, intent, line, terms
):
    said = read(line, name, speaker="counterpart")
    assert said.stated() == pytest.approx(terms), line
    # a candidate repeating it word for word quotes or accepts it, and moves nothing of theirs
    repeated = read(line, name, theirs=terms)
    assert {m["role"] for m in repeated.mentions} <= {"quote", "accept"}


def test_the_cli_reads_a_dialogue_in_its_scenario(runner):
    import json

    from negosim.cli import main

    lines = [
        {"speaker": "counterpart", "text": "Notre prix est de 565 € par poste."},
        {"speaker": "candidate", "text": "Vous restez à 565 €… Nous proposons 540 €."},
        {"speaker": "candidate", "text": "{not json"},
        {"speaker": "nobody", "text": "Bonjour."},
    ]
    given = "\n".join([json.dumps(lines[0]), json.dumps(lines[1]), "{not json"])
    given += "\n" + json.dumps(lines[3]) + "\n"
    result = runner.invoke(main, ["analyze", "--scenario", MOBILIER], input=given)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [m["role"] for m in out[1]["mentions"]] == ["quote", "propose"]
    assert "error" in out[2] and "error" in out[3]
    assert result.exit_code == 1


def test_the_cli_refuses_an_unknown_scenario(runner):
    from negosim.cli import main

    result = runner.invoke(main, ["analyze", "--scenario", "nowhere"], input="")
    assert result.exit_code != 0 and "nowhere" in result.output


def test_the_fast_tfidf_gives_the_fitted_vectorisers_own_matrix():
    import json

    from negosim.analysis.linear import transform
    from negosim.analysis.trained import act_model
    from negosim.config import PROJECT_DIR

    model = act_model()
    path = PROJECT_DIR / "tests" / "data" / "nlu" / "test" / "test-en.jsonl"
    docs = [json.loads(line)["text"].lower() for line in path.read_text("utf-8").splitlines()]
    for vectoriser in (model.words, model.chars):
        assert abs(vectoriser.transform(docs) - transform(vectoriser, docs)).max() < 1e-12


def test_the_act_scores_read_from_the_weights_are_the_fitted_regressions_own():
    from negosim.analysis.trained import act_model

    model = act_model()
    rows = [("bonjour madame merci de nous recevoir", "__len_2 __first"),
            ("nous proposons 690 € par poste", "__value __ent_MONEY __len_2"),
            ("", "__len_1")]  # fmt: skip
    by_matrix = np.column_stack(
        [e.predict_proba(model.matrix(rows))[:, 1] for e in model.classifier.estimators_]
    )
    assert np.abs(model.scores(rows) - by_matrix).max() < 1e-9


def test_the_mention_roles_read_from_the_weights_are_the_fitted_models_own():
    from negosim.analysis.roles import learned_role
    from negosim.analysis.trained import act_model

    model = act_model().roles
    rows = ["question you_before", "we_before in_previous", "", "cite concurrent"]
    assert [learned_role(model, r) for r in rows] == [str(c) for c in model.predict(rows)]
