"""Which issue of the scenario a figure is about, and its value in that issue's unit.

A figure goes to the issue whose unit it can express and whose range it fits,
the issue named nearest to it breaking ties; a figure far out of every range
is still tied when its clause names the issue (« 12,50 € l'unité » for a
workstation), so that it can be flagged as implausible rather than ignored.
"""

from __future__ import annotations

import re
from typing import Any

from negosim.analysis.context import IssueSpec
from negosim.analysis.numbers import read_digits

DAYS_PER_UNIT = {"days": 1, "weeks": 7, "months": 30, "years": 365}
CURRENCIES = {"EUR", "USD", "JPY", "CNY", "GBP", "BRL", "MAD", "SAR", "CHF"}
_CLAUSE_END = re.compile(r"[;!?:]|[.,](?!\d)|\s(?:et|and|mais|but|puis|then)\s")


def clause(text: str, position: int) -> tuple[int, int]:
    """Bounds of the clause around ``position``."""
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, position):
        start = m.end()
    m = _CLAUSE_END.search(text, position)
    return start, (m.start() if m else len(text))


def item_label(text: str, start: int) -> str | None:
    """In « label : value » listings, the label right before the value, else None."""
    m = re.search(r"([^.;:!?]{1,80}?)\s*:\s*$", text[max(0, start - 90) : start])
    return m.group(1).strip().lower() if m else None


def _named(issue: IssueSpec, text: str, start: int, end: int, entity: dict[str, Any]) -> float:
    """How near a keyword of the issue is to the entity in its clause (lower is nearer); the
    issue's own label right before the value (« délai de paiement : 45 jours ») wins."""
    label = item_label(text, start)
    if label and issue.label and issue.label.lower() in label:
        return -100.0
    lo, hi = clause(text, entity["start"])
    lowered = text.lower()
    best = 1000.0
    for kw in issue.keywords:
        for m in re.finditer(rf"(?<!\w){re.escape(kw.lower())}", lowered[lo:hi]):
            at = lo + m.start()
            if start <= at < end:
                continue
            best = min(best, start - at if at < start else 1.5 * (at - end))
    return best


def _in_band(issue: IssueSpec, value: float, factor: float) -> bool:
    lo, hi = issue.range  # type: ignore[misc]
    width = max(hi - lo, abs(hi) * 0.1, 1e-9)
    return lo - factor * width <= value <= hi + factor * width


def value_for(issue: IssueSpec, entity: dict[str, Any]) -> Any | None:
    """The value ``entity`` gives ``issue`` in the issue's unit, or None if it cannot."""
    label, unit = entity["label"], (issue.unit or "")
    if not issue.numeric:
        if label == "INCOTERM":
            return next((o for o in issue.options if o.upper().startswith(entity["code"])), None)
        if label == "CURRENCY":
            return next((o for o in issue.options if o.upper().startswith(entity["code"])), None)
        return None
    if label == "MONEY":
        return entity["amount"] if unit == entity["currency"] else None
    if label == "PERCENT":
        return entity["value"] if unit.startswith("percent") else None
    if label == "DURATION":
        per = DAYS_PER_UNIT.get(unit)
        return None if per is None else round(entity["days"] / per, 2)
    if label == "QUANTITY":
        if unit in CURRENCIES or unit in DAYS_PER_UNIT or unit.startswith("percent"):
            return None
        return entity["value"]
    return None


def tie(issues: tuple[IssueSpec, ...], entity: dict[str, Any], text: str) -> tuple[str, Any] | None:
    """The issue ``entity`` is about and its value there, or None."""
    fits = []
    for issue in issues:
        value = value_for(issue, entity)
        if value is None:
            continue
        near = _named(issue, text, entity["start"], entity["end"], entity)
        if issue.numeric and not isinstance(value, str):
            if _in_band(issue, value, 1.0):
                fits.append((0, near, issue, value))
            elif near < 1000 and entity["label"] != "QUANTITY" or _in_band(issue, value, 3.0):
                fits.append((1, near, issue, value))
        else:
            fits.append((0, near, issue, value))
    if not fits:
        return None
    fits.sort(key=lambda f: (f[0], f[1]))
    _, _, issue, value = fits[0]
    return issue.id, value


def options_named(issues: tuple[IssueSpec, ...], text: str):
    """Options of categorical issues written out (« reprise partielle », "Kansai"): where the
    turn names the issue, or the option is a phrase of several words no other talk would
    use. Yields (issue id, option, start, end), the longest option first."""
    lowered = text.lower()
    for issue in issues:
        if issue.numeric:
            continue
        named = any(kw.lower() in lowered for kw in issue.keywords)
        for option in sorted(issue.options, key=len, reverse=True):
            if not named and len(option.split()) < 3:
                continue
            m = re.search(rf"(?<!\w){re.escape(option.lower())}(?!\w)", lowered)
            if m:
                yield issue.id, option, m.start(), m.end()
                break


_COUNT = r"(?<![\w,.])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)(?![\d,.]\d)"


def counts_named(issues: tuple[IssueSpec, ...], text: str, taken: list[tuple[int, int]]):
    """Bare counts written beside a count issue's word: « 250 ppm », « ouvertures : 15 »,
    « 2 nouvelles références »: (issue id, value, start, end)."""
    lowered = text.lower()
    for issue in issues:
        unit = issue.unit or ""
        if not issue.numeric or unit in CURRENCIES or unit in DAYS_PER_UNIT or "percent" in unit:
            continue
        words = [w for w in [unit, *issue.keywords] if w and len(w) > 2]
        for word in sorted(words, key=len, reverse=True):
            w = re.escape(word.lower())
            shapes = (
                rf"{_COUNT}\s*(?:[^\W\d]+\s+)?{w}(?!\w)",
                rf"(?<!\w){w}[^.;?!\d]{{0,30}}?:\s*{_COUNT}",
            )
            for shape in shapes:
                for m in re.finditer(shape, lowered):
                    if any(s <= m.start(1) < e for s, e in taken):
                        continue
                    value = read_digits(m.group(1))
                    if _in_band(issue, value, 1.0):
                        yield issue.id, value, m.start(1), m.end(1)
                        taken.append((m.start(1), m.end(1)))
