"""How well predicted acts and entities match a labelled set (used by bench and tests)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from negosim.analysis.model import ACTS

NORMALISED = {
    "MONEY": ("amount", "currency"),
    "PERCENT": ("value",),
    "DURATION": ("days", "end_of_month"),
    "QUANTITY": ("value", "unit"),
    "INCOTERM": ("code", "place"),
    "PAYMENT_TECHNIQUE": ("technique",),
    "CURRENCY": ("code",),
    "DATE": ("iso",),
}


def act_scores(
    gold: list[set[str]], predicted: list[set[str]]
) -> dict[str, tuple[float, float, float, int]]:
    """Per act: precision, recall, F1 and the number of gold turns carrying it."""
    out = {}
    for act in ACTS:
        tp = sum(act in g and act in p for g, p in zip(gold, predicted, strict=True))
        fp = sum(act not in g and act in p for g, p in zip(gold, predicted, strict=True))
        fn = sum(act in g and act not in p for g, p in zip(gold, predicted, strict=True))
        p = tp / (tp + fp) if tp + fp else 1.0 if not fn else 0.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[act] = (p, r, f, tp + fn)
    return out


def normalised(entity: dict[str, Any]) -> tuple:
    """The comparable part of an entity: its label and normalised fields."""
    label = entity["label"]
    values = []
    for key in NORMALISED[label]:
        v = entity.get(key)
        values.append(
            round(float(v), 4)
            if isinstance(v, int | float) and v is not True and v is not False
            else v
        )
    return (label, *values)


def entity_accuracy(
    gold: list[list[dict[str, Any]]], predicted: list[list[dict[str, Any]]]
) -> tuple[float, list[int]]:
    """Share of sentences whose entities match exactly (as multisets of normalised values)."""
    misses = [
        i
        for i, (g, p) in enumerate(zip(gold, predicted, strict=True))
        if Counter(map(normalised, g)) != Counter(map(normalised, p))
    ]
    return 1 - len(misses) / len(gold) if gold else 1.0, misses
