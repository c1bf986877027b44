"""Dialogue acts by a trained multi-label model, corrected where a rule is certain.

Markers alone reached their ceiling: they fit the sentences they were written
from. The model (one logistic regression per act over word and character
n-grams of the turn, words of the previous turn, and the rule layer's marker
hits, acts, entity labels and shape: ``features.py``) learns how the labelled
corpus says each act; the rules stay where they are precise.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc

from negosim.analysis.features import VALUE_LABELS
from negosim.analysis.model import ACTS

CONFIDENT = 0.8
TIP = 0.5
_GREETING = re.compile(
    r"^\W*(bonjour|bonsoir|salut|hello|hi|good (morning|afternoon|evening)|merci|thanks?|"
    r"thank you|enchanté|ravi|pleased|nice to meet|welcome|bienvenue)\b",
    re.I,
)


def combine(predicted: set[str], doc: Doc, rule_acts: tuple[str, ...]) -> tuple[str, ...]:
    """The model's acts, corrected where a rule of the guide is certain: an offer carries a
    value; a greeting or a thank-you alone is never an argument or a proof."""
    acts = set(predicted)
    labels = {e["label"] for e in doc._.negosim_entities or ()}
    if "offer" in acts and not labels & VALUE_LABELS:
        acts.discard("offer")
    if greeting_only(doc.text):
        acts -= {"argument", "proof", "offer", "need", "objection"}
        if not acts and len(doc.text.split()) <= 6:  # « Bonjour Madame. »: rapport, nothing else
            acts.add("small_talk")
    return tuple(a for a in ACTS if a in acts)


def greeting_only(text: str) -> bool:
    """A short turn that greets or thanks and puts nothing of the deal forward."""
    return bool(_GREETING.match(text)) and len(text.split()) <= 14 and not re.search(r"\d", text)


def decision(
    scores: Any,
    thresholds: dict[str, float],
    acts: tuple[str, ...],
    rule_acts: tuple[str, ...] = (),
) -> set[str]:
    """Acts whose probability passes their own threshold (each tuned by cross-validation).

    Where the rules found the act, a close call (half the threshold) is enough: the rules
    tip it. Small talk the rules did not hear needs a confident model: talk about the season or
    the trip is often business (« la saison des fêtes » for a retailer)."""
    out = {
        a
        for a, s in zip(acts, scores, strict=True)
        if s >= thresholds.get(a, 0.5) or (a in rule_acts and s >= TIP * thresholds.get(a, 0.5))
    }
    if "small_talk" in out and "small_talk" not in rule_acts:
        if scores[acts.index("small_talk")] < CONFIDENT:
            out.discard("small_talk")
    return out
