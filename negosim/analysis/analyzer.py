"""The analysis API: one turn or a batch in, ``Analysis`` out."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc

from negosim.analysis.classifier import combine, decision
from negosim.analysis.context import NO_CONTEXT, Context
from negosim.analysis.features import features
from negosim.analysis.language import detect_language, turn_language
from negosim.analysis.mentions import read_mentions
from negosim.analysis.model import Analysis
from negosim.analysis.pipeline import pipeline
from negosim.analysis.register import address
from negosim.analysis.topics import read_topics
from negosim.analysis.trained import act_model

MAX_CHARS = 10_000


class AnalysisError(ValueError):
    """A turn that cannot be analysed, with a message fit for the user."""


@dataclass(frozen=True)
class TurnText:
    """A turn to read: its text, its language if known, and what it is read against."""

    text: str
    lang: str | None = None
    previous: str | None = None
    context: Context | None = None


def _check(item: TurnText) -> tuple[str, str]:
    if not isinstance(item.text, str) or not item.text.strip():
        raise AnalysisError("empty text")
    if len(item.text) > MAX_CHARS:
        raise AnalysisError(f"text longer than {MAX_CHARS} characters")
    lang = item.lang or detect_language(item.text)
    if lang not in ("fr", "en"):
        raise AnalysisError(f"unsupported language {lang!r}: expected 'fr' or 'en'")
    return item.text, lang


def analyze(
    text: str,
    lang: str | None = None,
    previous: str | None = None,
    context: Context | None = None,
) -> Analysis:
    """Analyse one turn. Raises ``AnalysisError`` for empty, oversized or unknown-language input.

    ``lang`` forces the pipeline's language; left out, each turn's own is detected."""
    return analyze_batch([TurnText(text, lang, previous, context)])[0]


def analyze_batch(items: Iterable[TurnText]) -> list[Analysis]:
    """Analyse many turns with ``nlp.pipe``; the fast path for the CLI and benchmarks."""
    items = list(items)
    docs = read_docs(items)
    contexts = [item.context or NO_CONTEXT for item in items]
    rows = [
        features(doc, doc._.negosim_acts, c.speaker)
        for (doc, _), c in zip(docs, contexts, strict=True)
    ]
    model = act_model()
    scores = model.scores(rows) if rows else []
    readings = [
        _reading(
            doc,
            lang,
            context,
            combine(
                decision(s, model.thresholds, model.acts, _tips(doc._.negosim_acts, model))
                | (set(doc._.negosim_acts) & set(model.trusted)),
                doc,
                doc._.negosim_acts,
            ),
        )
        for (doc, lang), context, s in zip(docs, contexts, scores, strict=True)
    ]
    for doc, lang in docs:  # the next turn's previous one, in a dialogue
        _remember(lang, doc)
    return readings


def read_docs(items: list[TurnText]) -> list[tuple[Doc, str]]:
    """Each turn through its language's pipeline, with the previous turn beside it: the
    rule layer's acts, markers and entities, before any model or context."""
    checked = [_check(i) for i in items]
    results: list[tuple[Doc, str] | None] = [None] * len(items)
    for lang in {lang for _, lang in checked}:
        nlp = pipeline(lang)
        idx = [i for i, (_, lg) in enumerate(checked) if lg == lang]
        prev_docs = {
            i: _recall(lang, str(p)[:MAX_CHARS]) for i in idx if (p := _previous(items[i]))
        }
        unread = [i for i, d in prev_docs.items() if d is None]
        for i, doc in zip(
            unread, nlp.pipe(str(_previous(items[i]))[:MAX_CHARS] for i in unread), strict=True
        ):
            prev_docs[i] = _remember(lang, doc)
        made = []
        for i in idx:
            doc = nlp.make_doc(checked[i][0])
            doc._.negosim_previous = prev_docs.get(i)
            made.append(doc)
        for i, doc in zip(idx, nlp.pipe(made), strict=True):
            results[i] = (doc, lang)
    return [r for r in results if r is not None]


# Docs read lately, by language and text: in a dialogue each turn is the next one's
# previous turn, and the counterpart's stock lines come back; reading them again would
# double the cost of a turn. A kept doc forgets its own previous turn (no chain of docs).
_KEPT: OrderedDict[tuple[str, str], Doc] = OrderedDict()
_KEPT_MAX = 512
_KEPT_LOCK = threading.Lock()


def _remember(lang: str, doc: Doc) -> Doc:
    doc._.negosim_previous = None
    with _KEPT_LOCK:
        _KEPT[(lang, doc.text)] = doc
        _KEPT.move_to_end((lang, doc.text))
        while len(_KEPT) > _KEPT_MAX:
            _KEPT.popitem(last=False)
    return doc


def _recall(lang: str, text: str) -> Doc | None:
    with _KEPT_LOCK:
        return _KEPT.get((lang, text))


def _tips(rule_acts: tuple[str, ...], model) -> tuple[str, ...]:
    """The rule acts allowed to tip a close call: those precise enough on the corpus."""
    return tuple(a for a in rule_acts if a in model.tipping or a == "small_talk")


def _previous(item: TurnText) -> str | None:
    return item.previous or (item.context.previous if item.context else None)


def _reading(doc: Doc, lang: str, context: Context, acts: tuple[str, ...]) -> Analysis:
    """The turn's whole reading: acts and entities from the pipeline, then, against the
    context, the term mentions, the language of the turn and its form of address."""
    entities = list(doc._.negosim_entities)
    mentions = read_mentions(doc.text, entities, context)
    if "offer" in acts and mentions and not any(m["role"] == "propose" for m in mentions):
        # the guide: quoting, citing or stating a figure is not offering it
        acts = tuple(a for a in acts if a != "offer")
    return Analysis(
        lang=lang,
        acts=acts,
        entities=tuple(entities),
        mentions=tuple(mentions),
        language=turn_language(doc.text, lang),
        address=address(doc.text, lang),
        **read_topics(doc.text, context),
    )
