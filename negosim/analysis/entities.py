"""Negotiation entities found by patterns: amounts, percents, durations, Incoterms…

Patterns and vocabularies live in ``data/entities.yaml``; this module only
compiles them and normalises what they match.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from text_to_num import text2num

from negosim.content import load_yaml

_NUMBER = (
    r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?![\d])"
)
_MULT = (
    r"(?:\s?(?P<mult>k|K|M|Md|millions?|mille|milliers?|thousand|million|billion|milliards?)\b)?"
)

# "120 points de vente" counts shops, not percentage points.
_NOT_A_SHOP = r"(?!\s+(?:de\s+vente|of\s+sale)\b)"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return load_yaml(
        resources.files("negosim.analysis").joinpath("data/entities.yaml").read_text("utf-8")
    )


def parse_number(raw: str, lang: str = "fr") -> float:
    """Read ``1 200,50``, ``1.200``, ``12,5``, ``1,200.50``, ``douze``; ``lang`` settles ``1,200``.

    Number words go to text2num."""
    if re.search(r"[^\W\d_]", raw):
        return float(text2num(re.sub(r"[\s-]+", " ", raw.strip().lower()), lang))
    s = re.sub(r"[ \u00a0\u202f]", "", raw.strip())
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
    elif s.count(",") > 1 or s.count(".") > 1:
        decimal = "." if s.count(",") > 1 else ","
    elif "," in s:
        three = len(s.split(",")[1]) == 3
        decimal = "." if (lang == "en" and three) else ","
    elif "." in s:
        three = len(s.split(".")[1]) == 3
        decimal = "," if (lang == "fr" and three) else "."
    else:
        return float(s)
    thousands = "." if decimal == "," else ","
    return float(s.replace(thousands, "").replace(decimal, "."))


def _multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower()
    if w in {"k", "mille", "millier", "milliers", "thousand"}:
        return 1e3
    if w in {"m", "million", "millions"}:
        return 1e6
    if w in {"md", "milliard", "milliards", "billion"}:
        return 1e9
    return 1.0


def number_pattern(lang: str) -> str:
    """Digits in any French or English format, or a run of number words."""
    words = "|".join(
        sorted((re.escape(w) for w in vocabulary()["number_words"][lang]), key=len, reverse=True)
    )
    joiner = (
        r"(?:[\s-]+(?:et[\s-]+)?|[\s-]+and[\s-]+)" if lang == "fr" else r"(?:[\s-]+(?:and\s+)?)"
    )
    spelled = rf"(?<![\w'’])(?:{words})(?:{joiner}(?:{words}))*(?!\w)"
    return rf"(?:{_NUMBER}|{spelled})"


@lru_cache(maxsize=2)
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    voc = vocabulary()
    num = number_pattern(lang)
    months = "|".join(sorted((re.escape(m) for m in voc["months"]), key=len, reverse=True))
    joiners = "|".join(re.escape(j) for j in voc["range_joiners"])
    cur_after = "|".join(
        sorted((re.escape(k) for k in voc["currency_after"]), key=len, reverse=True)
    )
    cur_before = "|".join(
        sorted((re.escape(k) for k in voc["currency_before"]), key=len, reverse=True)
    )
    units = "|".join(sorted((re.escape(k) for k in voc["duration_units"]), key=len, reverse=True))
    qty = "|".join(sorted((re.escape(k) for k in voc["quantity_units"]), key=len, reverse=True))
    eom = "|".join(re.escape(k) for k in voc["end_of_month"])
    return {
        "money_after": re.compile(
            rf"(?P<num>{num}){_MULT}\s?(?P<cur>{cur_after})(?!\w)", re.IGNORECASE
        ),
        "money_before": re.compile(
            rf"(?<!\w)(?P<cur>{cur_before})\s?(?P<num>{_NUMBER}){_MULT}", re.IGNORECASE
        ),
        "percent": re.compile(
            rf"(?P<num>{num})\s?(?:%|pour ?cents?\b|percent\b|per cent\b|points?\b{_NOT_A_SHOP})",
            re.IGNORECASE,
        ),
        "duration": re.compile(
            rf"(?P<num>{num})[\s-]?(?P<unit>{units})(?!\w)(?P<eom>\s+(?:{eom}))?", re.IGNORECASE
        ),
        "quantity": re.compile(rf"(?P<num>{num}){_MULT}\s?(?P<unit>{qty})(?!\w)", re.IGNORECASE),
        "range_head": re.compile(rf"(?P<num>{num})\s*(?:{joiners})\s*$", re.IGNORECASE),
        "date_numeric": re.compile(r"(?<![\d/])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/])"),
        "date_iso": re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)"),
        "date_day_month": re.compile(
            rf"(?<!\d)(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{months})(?!\w)"
            r"(?:\s+(?P<year>\d{4}))?",
            re.IGNORECASE,
        ),
        "date_month_day": re.compile(
            rf"(?<!\w)(?P<month>{months})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
            r"(?:,?\s+(?P<year>\d{4}))?",
            re.IGNORECASE,
        ),
        "incoterm": re.compile(
            r"\b(?P<code>EXW|FCA|CPT|CIP|DAP|DPU|DDP|FAS|FOB|CFR|CIF)\b"
            r"(?:\s+(?:à\s+|at\s+|port de\s+)?(?P<place>[A-ZÉÈ][\w'’-]+(?:[ -][A-ZÉÈ][\w'’-]+)?))?"
        ),
    }


def _entity(label: str, m: re.Match[str], **fields: Any) -> dict[str, Any]:
    return {"label": label, "text": m.group(0), "start": m.start(), "end": m.end(), **fields}


def find_entities(text: str, lang: str = "fr") -> list[dict[str, Any]]:
    """All entities in ``text``, earliest first, without overlaps."""
    voc = vocabulary()
    pats = _patterns(lang)
    found: list[dict[str, Any]] = []
    for key in ("money_after", "money_before"):
        for m in _readable(pats[key].finditer(text), lang):
            cur = voc["currency_after" if key == "money_after" else "currency_before"][
                _canon(m.group("cur"), voc)
            ]
            amount = parse_number(m.group("num"), lang) * _multiplier(m.group("mult"))
            if m.group("cur").lower().startswith(("k€", "k$")):
                amount *= 1e3
            elif m.group("cur").startswith(("M€", "M$")):
                amount *= 1e6
            found.append(_entity("MONEY", m, amount=amount, currency=cur))
    for m in _readable(pats["percent"].finditer(text), lang):
        found.append(_entity("PERCENT", m, value=parse_number(m.group("num"), lang)))
    for m in _readable(pats["duration"].finditer(text), lang):
        per = voc["duration_units"][m.group("unit").lower()]
        days = parse_number(m.group("num"), lang) * per
        unit = {1: "days", 7: "weeks", 30: "months", 365: "years"}[per]
        found.append(
            _entity("DURATION", m, days=days, end_of_month=bool(m.group("eom")), unit=unit)
        )
    for m in _readable(pats["quantity"].finditer(text), lang):
        unit = voc["quantity_units"][m.group("unit").lower()]
        value = parse_number(m.group("num"), lang) * _multiplier(m.group("mult"))
        found.append(_entity("QUANTITY", m, value=value, unit=unit))
    for m in pats["incoterm"].finditer(text):
        place = m.group("place")
        found.append(_entity("INCOTERM", m, code=m.group("code"), place=place))
    lowered = text.lower()
    for phrase, code in voc["incoterm_words"].items():
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            found.append(
                {
                    "label": "INCOTERM",
                    "text": text[m.start() : m.end()],
                    "start": m.start(),
                    "end": m.end(),
                    "code": code,
                    "place": None,
                }
            )
    for phrase, technique in voc["payment_techniques"].items():
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            found.append(
                {
                    "label": "PAYMENT_TECHNIQUE",
                    "text": text[m.start() : m.end()],
                    "start": m.start(),
                    "end": m.end(),
                    "technique": technique,
                }
            )
    for phrase, code in voc["currency_words"].items():
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", lowered):
            found.append(
                {
                    "label": "CURRENCY",
                    "text": text[m.start() : m.end()],
                    "start": m.start(),
                    "end": m.end(),
                    "code": code,
                }
            )
    found += _dates(text, pats, voc, lang)
    kept = _without_overlaps(found)
    return _without_overlaps(kept + _range_heads(text, kept, pats, lang))


def _readable(matches, lang: str):
    """Matches whose number parses; a stray word run such as « un » alone is dropped."""
    for m in matches:
        try:
            parse_number(m.group("num"), lang)
        except ValueError:
            continue
        yield m


_RANGED = {"MONEY": "amount", "PERCENT": "value", "DURATION": "days", "QUANTITY": "value"}


def _range_heads(
    text: str, kept: list[dict[str, Any]], pats: dict[str, re.Pattern[str]], lang: str
) -> list[dict[str, Any]]:
    """The first value of « entre 10 et 12 € » / « 8 to 10 weeks » takes the second's unit."""
    heads = []
    for ent in kept:
        key = _RANGED.get(ent["label"])
        if key is None:
            continue
        window_start = max(0, ent["start"] - 40)
        m = pats["range_head"].search(text[window_start : ent["start"]])
        if not m:
            continue
        try:
            first = parse_number(m.group("num"), lang)
            second = parse_number(
                re.match(r"\D*([\d\s.,\u00a0\u202f]+)", ent["text"]).group(1)
                if re.search(r"\d", ent["text"])
                else ent["text"],
                lang,
            )
        except (ValueError, AttributeError):
            continue
        ratio = ent[key] / second if second else 1.0
        start = window_start + m.start("num")
        head = {**ent, "text": m.group("num"), "start": start, "end": start + len(m.group("num"))}
        head[key] = first * ratio
        heads.append(head)
    return heads


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _dates(
    text: str, pats: dict[str, re.Pattern[str]], voc: dict[str, Any], lang: str
) -> list[dict[str, Any]]:
    out = []
    for m in pats["date_numeric"].finditer(text):
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        day, month = (b, a) if lang == "en" and a <= 12 and b > 12 else (a, b)
        out.append(_entity("DATE", m, iso=_iso(year, month, day)))
    for m in pats["date_iso"].finditer(text):
        out.append(_entity("DATE", m, iso=_iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))))
    for key in ("date_day_month", "date_month_day"):
        for m in pats[key].finditer(text):
            year = int(m.group("year")) if m.group("year") else None
            month = voc["months"][m.group("month").lower()]
            out.append(_entity("DATE", m, iso=_iso(year, month, int(m.group("day")))))
    return out


def _canon(raw: str, voc: dict[str, Any]) -> str:
    for table in (voc["currency_after"], voc["currency_before"]):
        for key in table:
            if key.lower() == raw.lower():
                return key
    return raw


_PRIORITY = {
    "MONEY": 0,
    "PERCENT": 1,
    "DURATION": 2,
    "QUANTITY": 3,
    "INCOTERM": 4,
    "PAYMENT_TECHNIQUE": 5,
    "CURRENCY": 6,
    "DATE": 7,
}


def _without_overlaps(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the longest match where two overlap; a bare currency never beats an amount."""
    found.sort(key=lambda e: (-(e["end"] - e["start"]), _PRIORITY[e["label"]]))
    kept: list[dict[str, Any]] = []
    for ent in found:
        if all(ent["end"] <= k["start"] or ent["start"] >= k["end"] for k in kept):
            kept.append(ent)
    return sorted(kept, key=lambda e: e["start"])
