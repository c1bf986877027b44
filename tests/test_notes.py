"""The scorer's evidence notes and indicator displays are written in the session's language.

Every template lives in negosim/scoring/data/notes.yaml with a French and an English text;
the indicators (and grade.py) pick the scenario's language through ``indicators.base.say``.
"""

import re
import string
from functools import cache
from types import SimpleNamespace
from typing import Any

import pytest

from negosim.analysis import analyze
from negosim.config import PROJECT_DIR
from negosim.scenario import load_scenario_file
from negosim.scoring import load_rubric_file, score
from negosim.scoring.indicators import base
from negosim.scoring.indicators.base import contract_vocabulary, notes, say
from negosim.scoring.typed import TypedTranscript, to_transcript

INDICATORS = PROJECT_DIR / "negosim" / "scoring" / "indicators"
GRADE = PROJECT_DIR / "negosim" / "scoring" / "grade.py"
CORPUS = PROJECT_DIR / "tests" / "data" / "calibration"
SCENARIOS = PROJECT_DIR / "scenarios"
RUBRIC = load_rubric_file(PROJECT_DIR / "rubrics" / "bloc3.yaml")
# say(ctx, "key", ...) or say(ctx, "key" if cond else "other", ...)
SAY = re.compile(r'say\(\s*ctx,\s*(?:"(\w+)"\s+if\s+[^\n]+?\s+else\s+)?"(\w+)"')


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _used_keys() -> set[str]:
    keys: set[str] = set()
    for path in [*INDICATORS.glob("*.py"), GRADE]:
        for m in SAY.finditer(path.read_text("utf-8")):
            keys |= {k for k in m.groups() if k}
    return keys


def test_every_note_has_french_and_english_with_the_same_placeholders() -> None:
    assert notes()
    for key, texts in notes().items():
        assert set(texts) == {"fr", "en"}, key
        assert all(isinstance(t, str) and t for t in texts.values()), key
        assert _fields(texts["fr"]) == _fields(texts["en"]), key


def test_every_key_used_exists_and_every_key_is_used() -> None:
    used = _used_keys()
    assert len(used) > 50  # the scan found the calls
    assert used - set(notes()) == set(), "keys used but missing from notes.yaml"
    assert set(notes()) - used == set(), "keys in notes.yaml that no indicator uses"


def test_no_french_literal_left_in_the_indicators() -> None:
    """Notes and displays go through say(): no accented French words in string literals."""
    for path in INDICATORS.glob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            code = line.split("#")[0]
            if re.search(r"(cite|absence|Measure)\(.*\"[^\"]*[éèàêû][^\"]*\"", code):
                pytest.fail(f"{path.name}: {line.strip()}")


def test_contract_labels_in_both_languages() -> None:
    for item, spec in contract_vocabulary().items():
        if isinstance(spec, dict) and "label" in spec:
            assert set(spec["label"]) == {"fr", "en"}, item


def test_say_picks_the_language_and_fails_loudly() -> None:
    fr, en, other = (SimpleNamespace(lang=lang) for lang in ("fr", "en", "de"))
    assert say(fr, "legal_errors", n=2) == "2 erreur(s) de droit"
    assert say(en, "legal_errors", n=2) == "2 legal error(s)"
    assert say(other, "legal_errors", n=2) == "2 erreur(s) de droit"
    assert say(en, "utility_vs_reservation", u=0.5, ru=0.25) == "utility 0.50 (reservation 0.25)"
    with pytest.raises(KeyError):
        say(fr, "no_such_note")
    with pytest.raises(KeyError):
        say(en, "legal_errors")  # a placeholder left unfilled


def test_a_missing_language_is_a_key_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "notes", lambda: {"only_fr": {"fr": "seulement"}})
    assert say(SimpleNamespace(lang="fr"), "only_fr") == "seulement"
    with pytest.raises(KeyError):
        say(SimpleNamespace(lang="en"), "only_fr")


@cache
def _scored(name: str) -> dict[str, Any]:
    typed = TypedTranscript.model_validate_json((CORPUS / name).read_text("utf-8"))
    loaded = load_scenario_file(SCENARIOS / f"{typed.scenario}.yaml")
    tr = to_transcript(typed, loaded, lambda text, context: analyze(text, context=context))
    return score(tr, loaded, RUBRIC)


def _texts(result: dict[str, Any]) -> list[str]:
    """Every indicator display and evidence note, for the team and for each candidate."""
    out: list[str] = []
    for criteria in [result["criteria"], *(c["criteria"] for c in result["candidates"])]:
        for c in criteria:
            out += [u["display"] for u in c["indicators"]]
            out += [e["note"] for e in c["evidence"]]
    return out


FRENCH = re.compile(
    r"\b(aucune?|chiffres?|séance|tours?|réglé|utilité|réserve|rubriques|mots|pas d'|"
    r"accord|candidats|contrepartie|prise en compte|question fermée|levée|échangées)\b"
)


ENGLISH = ["c02-us-distribution-cuivre.json", "c05-br-licence-agritech.json"]


@pytest.mark.parametrize("name", ENGLISH)
def test_an_english_session_gets_english_notes(name: str) -> None:
    texts = _texts(_scored(name))
    assert len(texts) > 40
    french = [t for t in texts if FRENCH.search(t.lower())]
    assert french == []
    assert "the candidates anchored" in texts or "the counterpart anchored" in texts


def test_a_french_session_keeps_its_notes() -> None:
    texts = _texts(_scored("c01-fr-mobilier-grand-compte.json"))
    for expected in [
        "6 / 8 rubriques",
        "rubriques remplies : objectives, limits, concessions, arguments, batna, clauses",
        "les candidats ont ancré",
        "ancrage des candidats : utilité 0.80 (réserve 0.25, objectif 1)",
        "70 % (références : 43 % meilleurs vendeurs, 65–75 % en moyenne)",
        "non réglé (ou sans chiffre / lieu) : entrée en vigueur, propriété intellectuelle",
        "objection price_vs_incumbent : levée",
        "premier échange d'affaires après 2 tour(s) de prise de contact",
        "accord 0.71 / 0.40 (candidats / contrepartie) ; point de Nash 0.69 / 0.60",
        "délai de livraison réglé",
        "aucun délai de paiement au-delà de 60 jours",
    ]:
        assert expected in texts, expected
