"""How a reading matches a labelled set, by the rules of the annotation guide.

Acts: per-tag precision, recall, F1, macro and micro averages, exact-set
accuracy (an empty gold set is right only when nothing is said). Entities:
strict (label and exact span), lenient (label and overlap), then value
accuracy on matched pairs. Mentions: role accuracy on matched figures.
"""

from __future__ import annotations

import statistics
from typing import Any

from negosim.analysis.model import ACTS

Scores = dict[str, tuple[float, float, float, int]]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def act_scores(gold: list[set[str]], predicted: list[set[str]]) -> Scores:
    """Per act: precision, recall, F1 and the number of gold turns carrying it."""
    out = {}
    for act in ACTS:
        pairs = list(zip(gold, predicted, strict=True))
        tp = sum(act in g and act in p for g, p in pairs)
        fp = sum(act not in g and act in p for g, p in pairs)
        fn = sum(act in g and act not in p for g, p in pairs)
        out[act] = (*_prf(tp, fp, fn), tp + fn)
    return out


def act_summary(gold: list[set[str]], predicted: list[set[str]]) -> dict[str, float]:
    """Macro-F1 (over acts present in gold), micro-F1 and exact-set accuracy."""
    scores = act_scores(gold, predicted)
    present = [a for a in ACTS if scores[a][3]]
    pairs = list(zip(gold, predicted, strict=True))
    tp = sum(len(g & p) for g, p in pairs)
    fp = sum(len(p - g) for g, p in pairs)
    fn = sum(len(g - p) for g, p in pairs)
    return {
        "macro": statistics.mean(scores[a][2] for a in present) if present else 1.0,
        "micro": _prf(tp, fp, fn)[2],
        "exact": sum(g == p for g, p in pairs) / len(pairs) if pairs else 1.0,
        "worst": min((scores[a][2] for a in present), default=1.0),
    }


def same_value(gold: dict[str, Any], got: dict[str, Any]) -> bool:
    """The guide's value comparison for a matched pair of one label."""
    label = gold["label"]
    if label == "MONEY":
        return abs(float(gold["amount"]) - float(got.get("amount", 1e18))) <= 1e-6 and gold.get(
            "currency"
        ) == got.get("currency")
    if label in ("PERCENT",):
        return abs(float(gold["value"]) - float(got.get("value", 1e18))) <= 1e-6
    if label == "QUANTITY":
        return abs(float(gold["value"]) - float(got.get("value", 1e18))) <= 1e-6 and _unit(
            gold.get("unit")
        ) == _unit(got.get("unit"))
    if label == "DURATION":
        return round(float(gold["days"])) == round(float(got.get("days", -1))) and bool(
            gold.get("end_of_month")
        ) == bool(got.get("end_of_month"))
    if label == "INCOTERM":
        return gold.get("code") == got.get("code") and _place(gold.get("place")) == _place(
            got.get("place")
        )
    if label == "PAYMENT_TECHNIQUE":
        return gold.get("technique") == got.get("technique")
    if label == "CURRENCY":
        return gold.get("code") == got.get("code")
    if label == "DATE":
        return str(gold.get("value")) == str(got.get("value"))
    return False


def _unit(unit: Any) -> str:
    u = str(unit or "").lower().strip()
    return u[:-1] if u.endswith("s") and len(u) > 3 else u


def _place(place: Any) -> str:
    return str(place or "").lower().strip()


def _span(text: str, entity: dict[str, Any]) -> tuple[int, int]:
    if "start" in entity:
        return entity["start"], entity["end"]
    at = text.find(entity.get("text", ""))
    return (at, at + len(entity.get("text", ""))) if at >= 0 else (-1, -1)


def match(text: str, gold: list[dict], got: list[dict], strict: bool) -> list[tuple[dict, dict]]:
    """Gold and predicted entities paired one to one: same label, same or overlapping span."""
    pairs, used = [], set()
    for g in gold:
        gs, ge = _span(text, g)
        for i, p in enumerate(got):
            if i in used or p["label"] != g["label"]:
                continue
            ps, pe = _span(text, p)
            ok = (gs, ge) == (ps, pe) if strict else (ps < ge and gs < pe)
            if ok:
                pairs.append((g, p))
                used.add(i)
                break
    return pairs


def entity_scores(turns: list[tuple[str, list[dict], list[dict]]]) -> dict[str, float]:
    """Strict and lenient F1 and value accuracy over (text, gold, predicted) triples."""
    out = {}
    for name, strict in (("strict", True), ("lenient", False)):
        tp = fp = fn = 0
        right = matched = 0
        for text, gold, got in turns:
            pairs = match(text, gold, got, strict)
            tp += len(pairs)
            fp += len(got) - len(pairs)
            fn += len(gold) - len(pairs)
            if not strict:
                matched += len(pairs)
                right += sum(same_value(g, p) for g, p in pairs)
        out[name] = _prf(tp, fp, fn)[2]
        if not strict:
            out["value"] = right / matched if matched else 1.0
    return out


def mention_scores(turns: list[tuple[str, list[dict], list[dict]]]) -> dict[str, float]:
    """Over figures found in both: share with the right role, and the right issue."""
    role = issue = n = 0
    for text, gold, got in turns:
        for g, p in match(text, [dict(m, label="M") for m in gold],
                          [dict(m, label="M") for m in got], strict=False):  # fmt: skip
            n += 1
            role += g.get("role") == p.get("role")
            issue += g.get("issue") == p.get("issue")
    return {"role": role / n if n else 1.0, "issue": issue / n if n else 1.0, "n": n}
