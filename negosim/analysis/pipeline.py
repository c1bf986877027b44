"""spaCy pipelines per language, each built once per process with negosim's components."""

from __future__ import annotations

import threading
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from negosim.analysis.acts import decide
from negosim.analysis.entities import find_entities
from negosim.analysis.lexicon import SETTINGS, markers_for

_LOCK = threading.Lock()

if not Doc.has_extension("negosim_entities"):
    Doc.set_extension("negosim_entities", default=None)
    Doc.set_extension("negosim_markers", default=None)
    Doc.set_extension("negosim_previous", default=None)
    Doc.set_extension("negosim_acts", default=None)


def _negated(doc: Doc, start: int, end: int, negations: set[str], breaks: set[str]) -> bool:
    """Whether a negation word governs the span: in the span's clause, up to 4 tokens before.

    A phrase that carries its own negation (« pas possible ») is not negated again.
    """
    if any(t.lower_ in negations for t in doc[start:end]):
        return False
    for tok in reversed(doc[max(0, start - 4) : start]):
        if tok.lower_ in breaks:
            return False
        if tok.lower_ in negations:
            return True
    return False


@Language.factory("negosim_markers", default_config={"lang": "fr"})
def _markers_factory(nlp: Language, name: str, lang: str):
    """Marker phrases per act, matched on lower-case forms and, where there are lemmas, on lemmas.

    Lemma matching lets « nous accepterons » or « signions » find « nous acceptons »
    or « signer » without listing every inflection.
    """
    data = markers_for(lang)
    lists = {k: v for k, v in data.items() if k not in SETTINGS}
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    for act, phrases in lists.items():
        lower.add(act, [nlp.make_doc(p) for p in phrases])
    lemma = None
    if "lemmatizer" in nlp.pipe_names:
        lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for act, phrases in lists.items():
            # Phrases, and single base forms (« signer » finds « signions »); a
            # single inflected form (« entendu ») would widen to its lemma (« entendre »).
            docs = [d for d in nlp.pipe(phrases) if len(d) > 1 or d[0].lemma_ == d[0].lower_]
            if docs:
                lemma.add(act, docs)
    negations = set(data.get("negation_words", []))
    breaks = set(data.get("clause_breaks", []))

    def component(doc: Doc) -> Doc:
        found: dict[str, list[tuple[int, int, bool]]] = {}
        seen: set[tuple[int, int, int]] = set()
        hits = list(lower(doc)) + (list(lemma(doc)) if lemma is not None else [])
        for match_id, start, end in hits:
            if (match_id, start, end) in seen:
                continue
            seen.add((match_id, start, end))
            span = doc[start:end]
            found.setdefault(nlp.vocab.strings[match_id], []).append(
                (span.start_char, span.end_char, _negated(doc, start, end, negations, breaks))
            )
        doc._.negosim_markers = found
        return doc

    return component


@Language.factory("negosim_entities", default_config={"lang": "fr"})
def _entities_factory(nlp: Language, name: str, lang: str):
    def component(doc: Doc) -> Doc:
        doc._.negosim_entities = find_entities(doc.text, lang)
        return doc

    return component


@Language.factory("negosim_acts", default_config={"lang": "fr"})
def _acts_factory(nlp: Language, name: str, lang: str):
    """Acts from markers, entities and, when set on the doc, the other side's previous turn."""

    def component(doc: Doc) -> Doc:
        doc._.negosim_acts = decide(
            doc, lang, doc._.negosim_markers, doc._.negosim_entities, doc._.negosim_previous
        )
        return doc

    return component


@cache
def _build(lang: str) -> Language:
    if lang == "fr":
        nlp = spacy.load("fr_core_news_sm", exclude=["parser", "ner"])
    elif lang == "en":
        nlp = spacy.blank("en")
    else:
        raise ValueError(f"unsupported language: {lang!r} (expected 'fr' or 'en')")
    nlp.add_pipe("negosim_markers", config={"lang": lang})
    nlp.add_pipe("negosim_entities", config={"lang": lang})
    nlp.add_pipe("negosim_acts", config={"lang": lang})
    return nlp


def pipeline(lang: str) -> Language:
    """The process-wide pipeline for ``lang``, loaded on first use."""
    with _LOCK:
        return _build(lang)
