"""Dialogue acts from marker phrases, question shapes, entities and the previous turn."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from spacy.tokens import Doc

VALUE_LABELS = {"MONEY", "PERCENT", "DURATION", "QUANTITY", "INCOTERM", "PAYMENT_TECHNIQUE"}
CONTENT_POS = {"NOUN", "PROPN", "NUM", "ADJ", "VERB"}
_CONDITIONAL = {
    "fr": re.compile(
        r"\bsi (?:vous|tu)\b(?! ne\b| n')[^.?!]*?(?:,|alors)\s*(?:alors\s+)?(?:nous|on|je|j')", re.I
    ),
    "en": re.compile(
        r"\bif you\b(?! don't| do not| can't| cannot)[^.?!]*?(?:,|then)\s*(?:then\s+)?(?:we|i)\b",
        re.I,
    ),
}


def content_lemmas(doc: Doc) -> set[str]:
    """Lemmas that carry meaning; blank pipelines fall back to lower-case forms."""
    out = set()
    for tok in doc:
        if tok.is_stop or tok.is_punct or tok.is_space:
            continue
        if tok.pos_ and tok.pos_ not in CONTENT_POS:
            continue
        out.add((tok.lemma_ or tok.lower_).lower())
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _question_acts(text: str, markers: dict[str, list[tuple[int, int]]]) -> set[str]:
    acts: set[str] = set()
    offset = 0
    for sentence in _sentences(text):
        start = text.find(sentence, offset)
        offset = start + len(sentence)
        if not sentence.endswith("?"):
            continue
        head = start + min(len(sentence), 40)
        opens = [s for s, _ in markers.get("question.open", []) if start <= s < head]
        closed = [s for s, _ in markers.get("question.closed", []) if start <= s < head]
        if opens and (not closed or min(opens) < min(closed)):
            acts.add("question.open")
        else:
            acts.add("question.closed")
    return acts


def decide(
    doc: Doc,
    lang: str,
    markers: dict[str, list[tuple[int, int]]],
    entities: Iterable[dict[str, Any]],
    previous: Doc | None = None,
) -> tuple[str, ...]:
    """Every act the turn performs, in the canonical order of ``ACTS``."""
    from negosim.analysis.model import ACTS

    text = doc.text
    acts = _question_acts(text, markers)
    for act in ACTS:
        if act.startswith("question.") or act == "refusal":
            continue
        if markers.get(act):
            acts.add(act)
    if markers.get("refusal"):
        spans = markers["refusal"]
        bare_no = all(text[s:e].lower() in {"non", "no"} for s, e in spans)
        if not bare_no or re.match(r"^\s*(non|no)\b", text, re.I):
            acts.add("refusal")
    if markers.get("pushback") and acts & {"question.open", "question.closed"}:
        acts.add("objection")
    for _, neg_end in markers.get("negators", []):
        if any(s >= neg_end for s, _ in markers.get("objection", [])):
            acts.discard("objection")
    values = [e for e in entities if e["label"] in VALUE_LABELS]
    if _CONDITIONAL[lang].search(text):
        acts.add("concession.conditional")
    if values and acts & {"concession", "concession.conditional"}:
        acts.add("offer")
    if "offer" in acts and not values:
        acts.discard("offer")
    if any(e["label"] in {"PERCENT", "QUANTITY"} for e in entities) and "argument" in acts:
        acts.add("proof")
    if previous is not None and len(previous):
        before, now = content_lemmas(previous), content_lemmas(doc)
        shared = before & now
        if len(before) >= 3 and len(shared) >= 3 and len(shared) / len(before) >= 0.4:
            acts.add("reformulation")
    return tuple(a for a in ACTS if a in acts)
