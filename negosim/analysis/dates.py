"""Dates as the guide normalises them: ``2027``, ``2027-05-10``, ``2027-Q2``, ``XXXX-05-10``.

A year alone is a date, never an amount; a day without a year keeps ``XXXX``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

_QUARTERS = {
    "premier": 1, "1er": 1, "first": 1, "deuxième": 2, "second": 2, "2e": 2, "2ème": 2,
    "troisième": 3, "third": 3, "3e": 3, "3ème": 3, "quatrième": 4, "fourth": 4, "4e": 4,
    "4ème": 4, "dernier": 4, "last": 4,
}  # fmt: skip


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    from negosim.analysis.entities import vocabulary

    months = "|".join(sorted((re.escape(m) for m in vocabulary()["months"]), key=len, reverse=True))
    quarters = "|".join(sorted((re.escape(q) for q in _QUARTERS), key=len, reverse=True))
    year = r"(?P<year>(?:19|20)\d{2})"
    i = re.IGNORECASE
    return {
        "numeric": re.compile(r"(?<![\d/.,])(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})(?![\d/])"),
        "iso": re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)"),
        "day_month": re.compile(
            rf"(?<!\d)(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{months})(?!\w)"
            rf"(?:\s+{year})?",
            i,
        ),
        "month_day": re.compile(
            rf"(?<!\w)(?P<month>{months})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)(?:,?\s+{year})?",
            i,
        ),
        "month_year": re.compile(rf"(?<!\w)(?P<month>{months})\s+{year}(?!\d)", i),
        "quarter": re.compile(
            rf"(?:(?<!\w)[TQ](?P<q>[1-4])\s*|(?<!\w)(?P<word>{quarters})\s+(?:trimestre|quarter)"
            rf"(?:\s+(?:de\s+|of\s+)?)?\s*)(?:{year})",
            i,
        ),
        "year": re.compile(rf"(?<![\w.,\-/]){year}(?![\w.,]\d|\s?(?:€|\$|%|euros?|dollars?))"),
    }


def _entity(text: str, m: re.Match[str], value: str) -> dict[str, Any]:
    return {"label": "DATE", "text": text[m.start() : m.end()], "start": m.start(),
            "end": m.end(), "value": value}  # fmt: skip


def _day(year: str | None, month: int, day: int) -> str | None:
    try:
        dt.date(int(year) if year else 2000, month, day)
    except ValueError:
        return None
    return f"{year or 'XXXX'}-{month:02d}-{day:02d}"


def find(text: str, masked: str) -> list[dict[str, Any]]:
    """Every date in ``text`` (matched on ``masked``, where references are blanked out)."""
    from negosim.analysis.entities import vocabulary

    months = {k.lower(): v for k, v in vocabulary()["months"].items()}
    pats, out = _patterns(), []
    for m in pats["numeric"].finditer(masked):
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (b, a) if a <= 12 < b else (a, b)
        if value := _day(m.group(3), month, day):
            out.append(_entity(text, m, value))
    for m in pats["iso"].finditer(masked):
        if value := _day(m.group(1), int(m.group(2)), int(m.group(3))):
            out.append(_entity(text, m, value))
    for key in ("day_month", "month_day"):
        for m in pats[key].finditer(masked):
            if value := _day(
                m.group("year"), months[m.group("month").lower()], int(m.group("day"))
            ):
                out.append(_entity(text, m, value))
    for m in pats["month_year"].finditer(masked):
        out.append(_entity(text, m, f"{m.group('year')}-{months[m.group('month').lower()]:02d}"))
    for m in pats["quarter"].finditer(masked):
        q = m.group("q") or _QUARTERS[m.group("word").lower()]
        out.append(_entity(text, m, f"{m.group('year')}-Q{q}"))
    for m in pats["year"].finditer(masked):
        out.append(_entity(text, m, m.group("year")))
    return out
