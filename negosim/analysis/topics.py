"""What a turn talks about and what it asks for, in the words of the scenario.

The engine decides from this (a need the question reaches, an objection's topic, the
words that answer it, the issue a question is about) and never searches a turn's text
itself. Cue words match at the start of a word, case and accents aside: « délai » finds
« délais », "iso" is not in « livraison ».
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from negosim.analysis.context import Context, IssueSpec
from negosim.analysis.features import fold
from negosim.content import load_yaml


@lru_cache(maxsize=1)
def ask_cues() -> dict[str, tuple[str, ...]]:
    text = resources.files("negosim.analysis").joinpath("data/asks.yaml").read_text("utf-8")
    return {what: tuple(fold(c) for c in cues) for what, cues in load_yaml(text).items()}


@lru_cache(maxsize=4096)
def _word_start(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(fold(word))}")


def first_at(folded: str, word: str) -> int | None:
    """Where ``word`` first starts a word of the folded text, if it does."""
    m = _word_start(word).search(folded) if word.strip() else None
    return m.start() if m else None


def heard(folded: str, context: Context) -> dict[str, int]:
    """Each of the scenario's cue sets the turn names, with how many of its distinct words."""
    out: dict[str, int] = {}
    for cue_id, words in context.cues:
        n = sum(1 for w in set(words) if first_at(folded, w) is not None)
        if n:
            out[cue_id] = n
    return out


def topics(folded: str, issues: tuple[IssueSpec, ...]) -> tuple[str, ...]:
    """The issues the turn names, by label or keyword, in the order it names them. Where
    names overlap the longest one reads the words: « délai de paiement » is the payment
    term, not also the « délai » of delivery."""
    spans = []
    for issue in issues:
        for word in {fold(w) for w in (issue.label, *issue.keywords) if w.strip()}:
            for m in _word_start(word).finditer(folded):
                spans.append((m.start(), -len(word), m.end(), issue.id))
    taken: list[tuple[int, int]] = []
    order: list[str] = []
    for start, _, end, issue_id in sorted(spans):
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        if issue_id not in order:
            order.append(issue_id)
    return tuple(order)


def asks(folded: str) -> tuple[str, ...]:
    """What the turn asks the other side for: ``proposal``, ``priorities``, ``needs``."""
    return tuple(
        what
        for what, cues in ask_cues().items()
        if any(first_at(folded, c) is not None for c in cues)
    )


def read_topics(text: str, context: Context) -> dict:
    """The three readings together, as ``Analysis`` stores them."""
    folded = fold(text)
    return {
        "heard": heard(folded, context),
        "topics": topics(folded, context.issues),
        "asks": asks(folded),
    }
