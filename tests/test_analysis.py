"""Language analysis: acts and entities the engine and scorer rely on."""

import json

import pytest

from negosim.analysis import AnalysisError, AnalysisWorker, TurnText, analyze, analyze_batch
from negosim.analysis.numbers import read_number


@pytest.mark.parametrize(
    ("raw", "lang", "value"),
    [
        ("1 200", "fr", 1200.0),
        ("1.200", "fr", 1200.0),
        ("1 200,50", "fr", 1200.5),
        ("12,5", "fr", 12.5),
        ("1,200", "en", 1200.0),
        ("1,200", "fr", 1200.0),
        ("0,125", "fr", 0.125),
        ("3'500", "fr", 3500.0),
        ("1\u202f200,50", "fr", 1200.5),
        ("1,200.50", "en", 1200.5),
        ("12.50", "en", 12.5),
    ],
)
def test_numbers_in_french_and_english_formats(raw, lang, value):
    assert read_number(raw, lang) == value


def entity(text, label, lang="fr"):
    found = [e for e in analyze(text, lang).entities if e["label"] == label]
    assert found, f"no {label} in {text!r}"
    return found[0]


def test_money_with_multipliers_and_currencies():
    assert entity("un budget de 12,5 k€", "MONEY")["amount"] == 12500
    assert entity("2 M€ sur trois ans", "MONEY")["amount"] == 2_000_000
    assert entity("We offer €12.50 per unit", "MONEY", "en") == {
        "label": "MONEY",
        "text": "€12.50",
        "start": 9,
        "end": 15,
        "amount": 12.5,
        "currency": "EUR",
    }
    assert entity("USD 8,40 la pièce", "MONEY")["currency"] == "USD"


def test_durations_in_days_with_end_of_month():
    d = entity("paiement à 45 jours fin de mois", "DURATION")
    assert d["days"] == 45 and d["end_of_month"] is True
    assert entity("livraison en 8 semaines", "DURATION")["days"] == 56


def test_incoterms_by_code_with_place_and_in_words():
    assert entity("DAP Lyon", "INCOTERM") | {} == {
        "label": "INCOTERM",
        "text": "DAP Lyon",
        "start": 0,
        "end": 8,
        "code": "DAP",
        "place": "Lyon",
    }
    assert entity("livraison rendu droits acquittés", "INCOTERM")["code"] == "DDP"


def test_hard_cases_from_the_domain_brief():
    assert set(analyze("Je comprends, mais c'est trop cher.").acts) >= {
        "acknowledgment",
        "objection",
    }
    cond = analyze("Si vous prenez 20 000 pièces, nous passons à 11,80 €.").acts
    assert {"offer", "concession.conditional"} <= set(cond)
    assert "objection" not in analyze("Je ne dis pas que c'est trop cher.").acts


def test_open_and_closed_questions():
    assert "question.open" in analyze("Quels sont vos critères de choix ?").acts
    assert "question.closed" in analyze("Est-ce que vous livrez à Lyon ?").acts


def test_reformulation_is_found_by_what_the_turn_takes_up():
    previous = "Notre budget est de 640 euros par poste et le déménagement a lieu en septembre."
    turn = "Donc votre budget est de 640 euros par poste, avec un déménagement en septembre."
    assert "reformulation" in analyze(turn, "fr", previous).acts


def test_language_is_detected_when_absent():
    assert analyze("We need a lower price and faster delivery.").lang == "en"
    assert analyze("Nous avons besoin d'un meilleur prix.").lang == "fr"


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_001])
def test_empty_or_oversized_text_is_a_clear_error(bad):
    with pytest.raises(AnalysisError):
        analyze(bad)


def test_html_and_emoji_are_analysed_as_text():
    result = analyze("<script>alert(1)</script> 🙂 Nous proposons 600 € par poste.")
    assert "offer" in result.acts or result.of("MONEY")


def test_the_batch_call_keeps_the_order():
    items = [TurnText("Quel est votre budget ?"), TurnText("We offer 10 USD.", "en")]
    first, second = analyze_batch(items)
    assert first.lang == "fr" and second.lang == "en"


def test_the_worker_serialises_requests_from_many_threads():
    from concurrent.futures import ThreadPoolExecutor

    worker = AnalysisWorker()
    texts = [f"Nous proposons {n} € par poste." for n in range(100, 140)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda t: worker.analyze(t, "fr"), texts))
    worker.stop()
    assert [r.of("MONEY")[0]["amount"] for r in results] == list(range(100, 140))


def test_the_worker_reports_a_bad_turn_without_failing_its_neighbours():
    worker = AnalysisWorker()
    good, bad = worker.submit("Bonjour.", "fr"), worker.submit("", "fr")
    assert good.result(30).lang == "fr"
    with pytest.raises(AnalysisError):
        bad.result(30)
    worker.stop()


@pytest.mark.parametrize(
    ("text", "lang", "label", "fields"),
    [
        ("Ça fait douze euros le kilo.", "fr", "MONEY", {"amount": 12, "currency": "EUR"}),
        ("Livraison sous deux semaines.", "fr", "DURATION", {"days": 14}),
        ("A five-year warranty.", "en", "DURATION", {"days": 1825}),
        ("800k€ in revenue.", "en", "MONEY", {"amount": 800_000}),
        ("Signature le 1er septembre 2026.", "fr", "DATE", {"value": "2026-09-01"}),
        ("Livraison au T2 2027.", "fr", "DATE", {"value": "2027-Q2"}),
        ("Livraison le 10 mai.", "fr", "DATE", {"value": "XXXX-05-10"}),
        ("quarante-cinq euros cinquante", "fr", "MONEY", {"amount": 45.5}),
        ("six virgule cinq pour cent", "fr", "PERCENT", {"value": 6.5}),
        ("three millimetres thick", "en", "QUANTITY", {"value": 3, "unit": "millimetre"}),
        ("around ten thousand pieces a year", "en", "QUANTITY", {"value": 10000, "unit": "piece"}),
        ("a hundred and twenty units", "en", "QUANTITY", {"value": 120, "unit": "unit"}),
        ("Nous proposons €300,000.", "fr", "MONEY", {"amount": 300000, "currency": "EUR"}),
        ("CHF 3'500 par mois", "fr", "MONEY", {"amount": 3500, "currency": "CHF"}),
        ("une baisse de -2 %", "fr", "PERCENT", {"value": -2}),
    ],
)
def test_numbers_in_words_and_dates_are_normalised(text, lang, label, fields):
    found = entity(text, label, lang)
    assert {k: found[k] for k in fields} == fields


def test_a_range_gives_two_values():
    amounts = [e["amount"] for e in analyze("Entre 10 et 12 € la pièce.").of("MONEY")]
    assert amounts == [10, 12]
    days = [e["days"] for e in analyze("A lead time of 8 to 10 weeks.", "en").of("DURATION")]
    assert days == [56, 70]


@pytest.mark.parametrize(
    "text",
    [
        "Notre société existe depuis 1998.",
        "Appelez-moi au 06 12 34 56 78.",
        "Voir l'article L441-10.",
    ],
)
def test_years_phone_numbers_and_article_references_are_not_amounts(text):
    assert {e["label"] for e in analyze(text).entities} <= {"DATE"}


@pytest.mark.parametrize(
    "text", ["Voir REF-2027-118.", "Certifiés ISO 14001.", "Stand 42, hall 3.", "Un 20 pieds."]
)
def test_references_standards_stands_and_containers_are_not_figures(text):
    assert analyze(text).entities == ()


def test_points_of_sale_are_shops_not_percentage_points():
    (shops,) = analyze("Le réseau compte 120 points de vente.").entities
    assert (shops["label"], shops["value"], shops["unit"]) == ("QUANTITY", 120, "point de vente")
    assert not analyze("We run 120 points of sale.", "en").of("PERCENT")
    assert entity("Nous baissons la redevance de 2 points.", "PERCENT", "fr")["value"] == 2


def test_a_question_that_pushes_back_is_both_a_question_and_an_objection():
    acts = set(analyze("Et si vous baissiez votre prix ?").acts)
    assert {"question.closed", "objection"} <= acts


def test_a_condition_that_threatens_is_not_a_concession():
    acts = analyze("Si vous ne baissez pas, nous arrêtons là les discussions.").acts
    assert "concession.conditional" not in acts and "threat" in acts


@pytest.mark.parametrize(
    ("text", "small_talk"),
    [
        ("The first shipment leaves in six weeks, in time for your holiday catalog.", False),
        ("Our pans will be in stores for the holiday season.", False),
        ("Did you have a good holiday?", True),
        ("Happy holidays to you and your team!", True),
    ],
)
def test_a_holiday_sales_season_is_business_and_a_holiday_is_small_talk(text, small_talk):
    assert ("small_talk" in analyze(text, "en").acts) is small_talk


def test_familiar_forms_of_address_are_found_and_a_tone_is_not_one():
    from negosim.analysis.register import familiar_forms

    assert familiar_forms("Dis-moi, quel est ton budget ?", "fr") == ["dis-moi", "ton budget"]
    assert familiar_forms("Sur un ton ferme, tout le monde a dit non.", "fr") == []
    assert familiar_forms("Tell me your budget.", "en") == []


def test_hedged_english_objection_is_not_an_objection():
    assert "objection" not in analyze("I'm not saying it's too expensive.", "en").acts


@pytest.mark.parametrize(
    "text",
    [
        "🙂🙂🙂",
        "Bonjour, we need a better price s'il vous plaît.",
        "<p>Nous proposons <b>12 €</b></p>",
        "x" * 10_000,
    ],
)
def test_odd_input_gets_an_answer(text):
    result = analyze(text)
    assert result.lang in {"fr", "en"}


def test_a_paraphrase_without_a_marker_is_a_reformulation():
    previous = "L'an dernier, nous avons eu 4 retards sur 12 livraisons de vos pièces."
    turn = "Vous avez eu 4 retards sur 12 livraisons de nos pièces l'an dernier."
    assert "reformulation" in analyze(turn, "fr", previous).acts
    assert "reformulation" not in analyze(turn, "fr").acts


def test_a_rhetorical_negative_question_stays_an_objection():
    acts = set(analyze("Vous ne trouvez pas que c'est un peu cher pour du mobilier ?").acts)
    assert {"question.closed", "objection"} <= acts


def test_a_negated_fit_is_an_objection_and_not_an_agreement():
    acts = analyze("Ce délai ne nous convient pas.").acts
    assert "objection" in acts and "agreement" not in acts


def test_a_price_put_forward_by_our_side_is_an_offer():
    assert "offer" in analyze("Nous mettons 250 unités à disposition à 14,30 € pièce.").acts
    assert "offer" not in analyze("Votre prix de 14,30 € est trop élevé.").acts


def test_an_alternative_with_a_deadline_is_a_threat():
    text = "Faute d'accord cette semaine, nous nous tournerons vers un autre fournisseur."
    acts = analyze(text).acts
    assert "threat" in acts and "agreement" not in acts


def test_the_cli_numbers_bad_lines_and_goes_on(runner):
    from negosim.cli import main

    lines = [
        json.dumps({"text": "Nous proposons 12 € DAP Lyon."}),
        "[1, 2]",
        "",
        json.dumps({"text": "<b>We offer $9</b> 🙂", "lang": "en"}),
        json.dumps({"text": "ok", "lang": "de"}),
        json.dumps({"text": "Bonjour, we need it in deux semaines."}),
    ]
    result = runner.invoke(main, ["analyze"], input="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 6
    assert "offer" in out[0]["acts"]
    assert [o.get("line") for o in out] == [None, 2, 3, None, 5, None]
    assert out[3]["entities"][0]["amount"] == 9
    assert out[5]["lang"] in {"fr", "en"}
    assert "line 2:" in result.stderr and "line 5:" in result.stderr


def test_agreement_is_accepting_their_proposal():
    assert "agreement" in analyze("D'accord, c'est entendu, on part donc sur ces conditions.").acts
    assert "agreement" not in analyze("Ok, je vois, je comprends votre souci.").acts
    assert "agreement" not in analyze("Bon, nous acceptons de baisser à 11,90 €.").acts
