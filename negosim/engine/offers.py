"""Reading the terms a turn proposes: entities mapped onto the scenario's issues."""

from __future__ import annotations

import re
from typing import Any

from negosim.analysis.model import Analysis
from negosim.engine.utility import Terms
from negosim.scenario.model import Issue, Scenario

DAYS_PER_UNIT = {"days": 1, "weeks": 7, "months": 30, "years": 365}
CURRENCIES = {"EUR", "USD", "JPY", "CNY", "GBP", "BRL", "MAD", "SAR", "CHF"}


def _fits(issue: Issue, entity: dict[str, Any]) -> Any | None:
    """The issue's value this entity expresses, or None if it cannot be about this issue."""
    label, unit = entity["label"], (issue.unit or "")
    if not issue.numeric:
        if label == "INCOTERM":
            for option in issue.options or ():
                if option.upper().startswith(entity["code"]):
                    return option
        return None
    if label == "MONEY" and unit in CURRENCIES:
        amount = entity["amount"]
        # Far above the range it is another figure (a total, a turnover), not this issue.
        if issue.range and amount > issue.range[1] * 2:
            return None
        return amount
    if label == "PERCENT" and unit.startswith("percent"):
        return entity["value"]
    if label == "DURATION" and unit in DAYS_PER_UNIT:
        return round(entity["days"] / DAYS_PER_UNIT[unit], 2)
    if label == "QUANTITY" and unit not in CURRENCIES and unit not in DAYS_PER_UNIT:
        return entity["value"] if _plausible(issue, entity["value"]) else None
    return None


def _plausible(issue: Issue, value: float) -> bool:
    """Within the issue's range, give or take its width: 30 000 pieces are not a ppm rate."""
    lo, hi = issue.range  # type: ignore[misc]
    return lo - (hi - lo) <= value <= hi + (hi - lo)


_NUMBER = r"(?<![\w,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)"


def _bare_numbers(issue: Issue, text: str, taken: list[tuple[int, int]]) -> Any | None:
    """A number written right before the issue's unit or keyword (``250 ppm``, ``2 nouvelles
    références``): units the entity patterns do not know, for counts and rates."""
    words = [w for w in [issue.unit or "", *issue.keywords] if w and not w.startswith("percent")]
    for word in sorted(words, key=len, reverse=True):
        pattern = _NUMBER + r"\s*(?:\w+\s+)?" + re.escape(word.lower()) + r"(?!\w)"
        for m in re.finditer(pattern, text.lower()):
            if any(s <= m.start(1) < e for s, e in taken):
                continue
            raw = re.sub(r"[ \u00a0\u202f]", "", m.group(1)).replace(",", ".")
            value = float(raw)
            if _plausible(issue, value):
                return value
    return None


_CLAUSE_END = re.compile(r"[;!?]|[.,](?!\d)|\s(?:et|and|avec|with|mais|but)\s")


def _clause(text: str, position: int) -> tuple[int, int]:
    """Bounds of the clause around ``position``: keywords outside it talk about something else."""
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, position):
        start = m.end()
    m = _CLAUSE_END.search(text, position)
    return start, (m.start() if m else len(text))


def _closeness(issue: Issue, entity: dict[str, Any], text: str) -> float:
    """Lower is closer: a keyword of the issue in the entity's clause, the unit the person used."""
    lowered = text.lower()
    start, end = _clause(lowered, entity["start"])
    best = 1000.0
    for kw in issue.keywords:
        for m in re.finditer(rf"(?<!\w){re.escape(kw.lower())}(?!\w)", lowered[start:end]):
            at = start + m.start()
            if entity["start"] <= at < entity["end"]:
                continue  # the entity's own unit word is scored below
            gap = entity["start"] - at if at < entity["start"] else 1.5 * (at - entity["end"])
            best = min(best, gap)
    if entity.get("unit") and entity["unit"] == issue.unit:
        best -= 20
    return best


def read_offer(scenario: Scenario, analysis: Analysis, text: str) -> Terms:
    """The terms proposed in ``text``: one value per issue it names, by unit and nearby words."""
    terms: Terms = {}
    for entity in analysis.entities:
        fits = [(issue, v) for issue in scenario.issues if (v := _fits(issue, entity)) is not None]
        fits = [(i, v) for i, v in fits if i.id not in terms]
        if not fits:
            continue
        if len(fits) > 1:
            fits.sort(key=lambda iv: _closeness(iv[0], entity, text))
        issue, value = fits[0]
        terms[issue.id] = value
    taken = [(e["start"], e["end"]) for e in analysis.entities]
    for issue in scenario.issues:
        if issue.numeric and issue.id not in terms and (issue.unit or "") not in CURRENCIES:
            if (issue.unit or "") not in DAYS_PER_UNIT and not (issue.unit or "").startswith(
                "percent"
            ):
                value = _bare_numbers(issue, text, taken)
                if value is not None:
                    terms[issue.id] = value
    lowered = text.lower()
    for issue in scenario.issues:
        if issue.numeric or issue.id in terms:
            continue
        if not any(kw.lower() in lowered for kw in issue.keywords):
            continue
        for option in sorted(issue.options or (), key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(option.lower())}(?!\w)", lowered):
                terms[issue.id] = option
                break
    return terms
