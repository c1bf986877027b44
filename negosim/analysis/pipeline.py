"""spaCy pipelines per language, each built once per process with negosim's components."""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from negosim.analysis.entities import find_entities
from negosim.content import load_yaml

_LOCK = threading.Lock()

if not Doc.has_extension("negosim_entities"):
    Doc.set_extension("negosim_entities", default=None)
    Doc.set_extension("negosim_markers", default=None)


@cache
def markers_for(lang: str) -> dict[str, list[str]]:
    path = resources.files("negosim.analysis").joinpath(f"data/acts.{lang}.yaml")
    return load_yaml(path.read_text("utf-8"))


@Language.factory("negosim_markers", default_config={"lang": "fr"})
def _markers_factory(nlp: Language, name: str, lang: str):
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for act, phrases in markers_for(lang).items():
        matcher.add(act, [nlp.make_doc(p) for p in phrases])

    def component(doc: Doc) -> Doc:
        found: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in matcher(doc):
            span = doc[start:end]
            found.setdefault(nlp.vocab.strings[match_id], []).append(
                (span.start_char, span.end_char)
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
    return nlp


def pipeline(lang: str) -> Language:
    """The process-wide pipeline for ``lang``, loaded on first use."""
    with _LOCK:
        return _build(lang)
