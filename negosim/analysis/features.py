"""What the act model sees of a turn: its words, and what the rule layer found in it.

Features are plain strings so training and reading share one function; this
file is part of the fitted model's digest (a change here means a new fit).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from spacy.tokens import Doc

VALUE_LABELS = {"MONEY", "PERCENT", "DURATION", "QUANTITY", "INCOTERM"}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents: « délai », « delai » and « DÉLAI » read alike."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c)).replace("’", "'")


def features(doc: Doc, rule_acts: tuple[str, ...], speaker: str | None) -> tuple[str, str]:
    """The turn for the vectorisers: its folded words, and markers of what the rules and
    the entity reader found (with the previous turn's words)."""
    words = [fold(t.text) for t in doc if not t.is_space]
    marks = [f"__rule_{a}" for a in rule_acts]
    marks += [f"__mark_{k}" for k, spans in (doc._.negosim_markers or {}).items()
              for _, _, neg in spans if not neg]  # fmt: skip
    marks += [f"__neg_{k}" for k, spans in (doc._.negosim_markers or {}).items()
              for _, _, neg in spans if neg]  # fmt: skip
    labels = {e["label"] for e in doc._.negosim_entities or ()}
    marks += [f"__ent_{lb}" for lb in labels]
    if labels & VALUE_LABELS:
        marks.append("__value")
    text = doc.text.strip()
    if text.endswith("?"):
        marks.append("__ends_q")
    if "?" in text:
        marks.append("__has_q")
    n = len(words)
    marks.append("__len_" + ("1" if n <= 3 else "2" if n <= 10 else "3" if n <= 25 else "4"))
    if speaker:
        marks.append(f"__speaker_{speaker}")
    previous = doc._.negosim_previous
    if previous is not None:
        marks += [f"__prev_{fold(t.text)}" for t in previous if t.is_alpha and not t.is_stop]
        prev_labels = {e["label"] for e in previous._.negosim_entities or ()}
        marks += [f"__prevent_{lb}" for lb in prev_labels]
        if previous.text.strip().endswith("?"):
            marks.append("__prev_q")
    else:
        marks.append("__first")
    return " ".join(words), " ".join(marks)
