"""The analysis API: one turn or a batch in, ``Analysis`` out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from negosim.analysis.model import Analysis
from negosim.analysis.pipeline import pipeline

MAX_CHARS = 10_000
_FR_HINTS = re.compile(
    r"\b(le|la|les|des|nous|vous|est|une|pour|avec|pas|que|qui|sur|dans|prix|délai|je|ce)\b", re.I
)
_EN_HINTS = re.compile(
    r"\b(the|we|you|is|are|a|for|with|not|that|which|on|in|price|delivery|i|this|of)\b", re.I
)


class AnalysisError(ValueError):
    """A turn that cannot be analysed, with a message fit for the user."""


@dataclass(frozen=True)
class TurnText:
    text: str
    lang: str | None = None
    previous: str | None = None


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


def detect_language(text: str) -> str:
    """French or English: function words settle clear cases, lingua the close ones."""
    fr = len(_FR_HINTS.findall(text)) + (2 if re.search(r"[éèêàçù]", text) else 0)
    en = len(_EN_HINTS.findall(text))
    if abs(fr - en) >= 2:
        return "en" if en > fr else "fr"
    found = _detector().detect_language_of(text[:500])
    return "en" if found is not None and found.name == "ENGLISH" else "fr"


def _check(item: TurnText) -> tuple[str, str]:
    if not isinstance(item.text, str) or not item.text.strip():
        raise AnalysisError("empty text")
    if len(item.text) > MAX_CHARS:
        raise AnalysisError(f"text longer than {MAX_CHARS} characters")
    lang = item.lang or detect_language(item.text)
    if lang not in ("fr", "en"):
        raise AnalysisError(f"unsupported language {lang!r}: expected 'fr' or 'en'")
    return item.text, lang


def analyze(text: str, lang: str | None = None, previous: str | None = None) -> Analysis:
    """Analyse one turn. Raises ``AnalysisError`` for empty, oversized or unknown-language input."""
    return analyze_batch([TurnText(text, lang, previous)])[0]


def analyze_batch(items: Iterable[TurnText]) -> list[Analysis]:
    """Analyse many turns with ``nlp.pipe``; the fast path for the CLI and benchmarks."""
    items = list(items)
    checked = [_check(i) for i in items]
    results: list[Analysis | None] = [None] * len(items)
    for lang in {lang for _, lang in checked}:
        nlp = pipeline(lang)
        idx = [i for i, (_, lg) in enumerate(checked) if lg == lang]
        prev_idx = [i for i in idx if items[i].previous]
        prev_docs = dict(
            zip(
                prev_idx,
                nlp.pipe(str(items[i].previous)[:MAX_CHARS] for i in prev_idx),
                strict=True,
            )
        )
        made = []
        for i in idx:
            doc = nlp.make_doc(checked[i][0])
            doc._.negosim_previous = prev_docs.get(i)
            made.append(doc)
        for i, doc in zip(idx, nlp.pipe(made), strict=True):
            results[i] = Analysis(
                lang=lang, acts=doc._.negosim_acts, entities=tuple(doc._.negosim_entities)
            )
    return [r for r in results if r is not None]
