"""Negotiation entities: amounts, percents, durations, quantities, Incoterms, dates…

Patterns are built from ``data/entities.yaml`` and read both languages'
formats whatever the turn's language (« €300,000 » in a French turn is three
hundred thousand euros); numbers are read by ``numbers``. Codes that only
look like figures (phone numbers, references, standards, container sizes)
are masked before anything is matched.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from negosim.analysis import dates
from negosim.analysis.numbers import DIGITS, NotANumber, number_pattern, read_number, words_pattern
from negosim.content import load_yaml

Entity = dict[str, Any]

_MULT = (
    r"(?:\s?(?P<mult>k|K|M|Md|Mds|millions?|mille|milliers?|thousand|million|billion"
    r"|milliards?)(?![\w€$]))?"
)
_SCALE = {"k": 1e3, "mille": 1e3, "millier": 1e3, "milliers": 1e3, "thousand": 1e3}
_SCALE |= {"m": 1e6, "million": 1e6, "millions": 1e6}
_SCALE |= {"md": 1e9, "mds": 1e9, "milliard": 1e9, "milliards": 1e9, "billion": 1e9}
_SIGN = r"(?P<sign>(?<![\w])[+\-−](?=\d))?"


@cache
def vocabulary() -> dict[str, Any]:
    text = resources.files("negosim.analysis").joinpath("data/entities.yaml").read_text("utf-8")
    return load_yaml(text)


def _alt(words) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))


def _plural(word: str, lang: str) -> list[str]:
    """A unit's forms: « pièce(s) », « bureau(x) », "box(es)", with or without accents."""
    forms = {word, word + "s"}
    if lang == "fr" and word.endswith(("eau", "au")):
        forms.add(word + "x")
    if lang == "en" and word.endswith(("x", "s", "ch", "sh")):
        forms.add(word + "es")
    if " " in word:  # « point de vente » → « points de vente »
        head, rest = word.split(" ", 1)
        forms |= {f"{head}s {rest}", f"{head}x {rest}"}
    return sorted(forms | {_unaccent(f) for f in forms})


def _unaccent(text: str) -> str:
    return text.translate(str.maketrans("éèêëàâîïôûùüç", "eeeeaaiiouuuc"))


@cache
def _units(lang: str | None = None) -> dict[str, str]:
    """Every written form of a counted unit → its singular lemma, the turn's language first."""
    voc = vocabulary()
    table = {k.lower(): v for k, v in voc["quantity_abbreviations"].items()}
    order = sorted(voc["quantity_units"], key=lambda lg: lg != lang)
    for lg in order:
        for word in voc["quantity_units"][lg]:
            for form in _plural(word, lg):
                table.setdefault(form.lower(), word)
    return table


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    voc = vocabulary()
    num = number_pattern()
    i = re.IGNORECASE
    cur_after = _alt(voc["currency_after"])
    cur_before = _alt(voc["currency_before"])
    units = _alt(voc["duration_units"])
    eom = _alt(voc["end_of_month"])
    after = _alt(voc["payment_terms_after"])
    percent = r"%|pour ?cents?\b|pourcents?\b|percent\b|per cent\b|pct\b|points?\b(?!\s+de\s+vente)"
    cents = rf"(?:\s+(?P<cents>\d{{1,2}}|{words_pattern()})(?!\s*(?:%|\w)))?"
    return {
        "money_after": re.compile(
            rf"{_SIGN}(?P<num>{num}){_MULT}\s?(?P<cur>{cur_after})(?![\w$€])(?:{cents})?", i
        ),
        "money_before": re.compile(
            rf"(?<![\w$€])(?P<cur>{cur_before})\s?(?P<num>{DIGITS}){_MULT}", i
        ),
        "percent": re.compile(rf"{_SIGN}(?P<num>{num})\s?(?:{percent})", i),
        "duration": re.compile(
            rf"(?P<num>{num})[\s-]?(?P<unit>{units})(?![\w])"
            rf"(?P<eom>\s+(?:{eom}))?(?P<after>\s+(?:{after})(?!\w))?",
            i,
        ),
        "net": re.compile(rf"(?<!\w)net\s+(?P<num>{DIGITS})(?!\s*(?:%|€|\w))", i),
        "quantity": re.compile(
            rf"(?P<num>{num}){_MULT}\s?(?:(?:de|d'|of)\s?)?(?P<unit>{_alt(_units())})(?![\w])", i
        ),
        "range_head": re.compile(rf"(?P<num>{num})\s*(?:{_alt(voc['range_joiners'])})\s*$", i),
        "incoterm": re.compile(
            r"\b(?P<code>EXW|FCA|CPT|CIP|DAP|DPU|DDP|FAS|FOB|CFR|CIF)\b"
            r"(?:\s+(?:à\s+|a\s+|at\s+|(?:du\s+|au\s+)?port\s+(?:de\s+|d')?|port\s+of\s+)?"
            r"(?P<place>[A-ZÉÈ][\w'’-]+(?:[ -][A-ZÉÈ][\w'’-]+)?))?"
        ),
        "currency": re.compile(rf"(?<![\w$€])(?:{_alt(voc['currency_words'])})(?!\w)", i),
        "incoterm_words": re.compile(rf"(?<!\w)(?:{_alt(voc['incoterm_words'])})(?!\w)", i),
        "technique": re.compile(rf"(?<!\w)(?:{_alt(voc['payment_techniques'])})(?!\w)", i),
        "masks": re.compile(
            r"(?:\+\d{2}\s?\(?0?\)?\s?|\b0)\d(?:[\s.]\d{2}){4}"  # phone numbers
            # references and article codes: REF-2027-118, L441-10
            r"|\b(?=[\w/-]*\d)[A-Za-z][\w]*(?:[-/]\w+)+"
            rf"|\b(?:{_alt(voc['standards'])})\s?\d[\d:.-]*"  # ISO 14001, IATF 16949
            rf"|(?<!\w)(?:{_alt(voc['not_entity_before'])})\s*[A-Z]?\d[\w-]*"
            rf"|\d+\s?(?:{_alt(voc['not_entity_after'])})(?!\w)"
        ),
    }


def _masked(text: str) -> str:
    """The text with codes that only look like figures blanked out, offsets kept."""
    pats = _patterns()
    return pats["masks"].sub(lambda m: " " * len(m.group(0)), text)


def _value(m: re.Match[str], lang: str | None) -> float | None:
    try:
        value = read_number(m.group("num"), lang)
    except (NotANumber, ValueError):
        return None
    if "mult" in m.re.groupindex and m.group("mult"):
        value *= _SCALE.get(m.group("mult").lower(), 1.0)
    if "sign" in m.re.groupindex and m.group("sign") and m.group("sign") in "-−":
        value = -value
    return value


def _entity(label: str, text: str, start: int, end: int, **fields: Any) -> Entity:
    return {"label": label, "text": text[start:end], "start": start, "end": end, **fields}


def find_entities(text: str, lang: str | None = "fr") -> list[Entity]:
    """All entities in ``text``, earliest first, without overlaps."""
    voc, pats, masked = vocabulary(), _patterns(), _masked(text)
    found = _money(text, masked, voc, pats, lang)
    for m in pats["percent"].finditer(masked):
        if (value := _value(m, lang)) is not None:
            found.append(_entity("PERCENT", text, m.start(), m.end(), value=value))
    found += _durations(text, masked, voc, pats, lang)
    for m in pats["quantity"].finditer(masked):
        if (value := _value(m, lang)) is not None:
            unit = _units(lang)[m.group("unit").lower()]
            found.append(_entity("QUANTITY", text, m.start(), m.end(), value=value, unit=unit))
    found += _terms(text, masked, voc, pats)
    found += dates.find(text, masked)
    kept = _without_overlaps(found)
    kept = _without_overlaps(kept + _range_heads(text, masked, kept, pats, lang))
    return _elliptic(text, masked, kept, lang)


def _money(text, masked, voc, pats, lang) -> list[Entity]:
    out = []
    for key, table in (("money_after", "currency_after"), ("money_before", "currency_before")):
        for m in pats[key].finditer(masked):
            amount = _value(m, lang)
            if amount is None:
                continue
            cur = m.group("cur")
            code = next(v for k, v in voc[table].items() if k.lower() == cur.lower())
            if re.match(r"k[€$]", cur, re.I):
                amount *= 1e3
            elif re.match(r"Mds?[€$]|Md€", cur):
                amount *= 1e9
            elif re.match(r"M[€$]", cur):
                amount *= 1e6
            elif cur.lower().startswith("millions"):
                amount *= 1e6
            end = m.end()
            if key == "money_after" and m.group("cents"):
                try:
                    amount += read_number(m.group("cents"), lang) / 100
                except (NotANumber, ValueError):
                    end = m.start("cents")
            elif key == "money_after":
                end = m.end("cur")
            out.append(_entity("MONEY", text, m.start(), end, amount=amount, currency=code))
    return out


def _durations(text, masked, voc, pats, lang) -> list[Entity]:
    out = []
    for m in pats["duration"].finditer(masked):
        value = _value(m, lang)
        if value is None:
            continue
        per = voc["duration_units"][
            next(k for k in voc["duration_units"] if str(k).lower() == m.group("unit").lower())
        ]
        days = value * float(per)
        out.append(
            _entity(
                "DURATION",
                text,
                m.start(),
                m.end(),
                days=round(days, 4) if days % 1 else int(days),
                end_of_month=bool(m.group("eom")),
            )
        )
    for m in pats["net"].finditer(masked):
        if (value := _value(m, lang)) is not None:
            out.append(
                _entity("DURATION", text, m.start(), m.end(), days=int(value), end_of_month=False)
            )
    return out


def _terms(text, masked, voc, pats) -> list[Entity]:
    out = []
    for m in pats["incoterm"].finditer(masked):
        place = m.group("place")
        out.append(_entity("INCOTERM", text, m.start(), m.end(), code=m.group("code"), place=place))
    lookups = (
        ("incoterm_words", "INCOTERM", "incoterm_words", "code"),
        ("technique", "PAYMENT_TECHNIQUE", "payment_techniques", "technique"),
        ("currency", "CURRENCY", "currency_words", "code"),
    )
    for key, label, table, field in lookups:
        lowered = {str(k).lower(): v for k, v in voc[table].items()}
        for m in pats[key].finditer(masked):
            if label == "CURRENCY" and m.group(0).isupper() is False and m.group(0) in {"real"}:
                continue
            extra = {"place": None} if label == "INCOTERM" else {}
            out.append(
                _entity(
                    label, text, m.start(), m.end(), **{field: lowered[m.group(0).lower()]}, **extra
                )
            )
    return out


_RANGED = {"MONEY": "amount", "PERCENT": "value", "DURATION": "days", "QUANTITY": "value"}


def _range_heads(text, masked, kept, pats, lang) -> list[Entity]:
    """The first bound of « entre 9 et 11 € » / "8 to 10 weeks" takes the second's unit."""
    heads = []
    for ent in kept:
        key = _RANGED.get(ent["label"])
        if key is None:
            continue
        window = max(0, ent["start"] - 40)
        m = pats["range_head"].search(masked[window : ent["start"]])
        if not m:
            continue
        try:
            first = read_number(m.group("num"), lang)
            second_raw = re.match(rf"[^\d\w]*({number_pattern()})", ent["text"], re.I)
            second = read_number(second_raw.group(1), lang) if second_raw else None
        except (NotANumber, ValueError):
            continue
        if not second:
            continue
        start = window + m.start("num")
        head = {**ent, "text": m.group("num"), "start": start, "end": start + len(m.group("num"))}
        head[key] = first * ent[key] / second
        if ent["label"] == "DURATION":
            head["days"] = round(head["days"]) if float(head["days"]).is_integer() else head["days"]
            head["end_of_month"] = False
        heads.append(head)
    return heads


_BARE = re.compile(rf"(?P<num>{DIGITS})")


def _elliptic(text, masked, kept, lang) -> list[Entity]:
    """« 10 000 flacons, puis 8 000 la seconde année »: a bare number after a quantity of a
    counted unit, in the same turn and near it, is a quantity of that unit."""
    quantities = [e for e in kept if e["label"] == "QUANTITY"]
    if not quantities:
        return kept
    out = list(kept)
    for m in _BARE.finditer(masked):
        if any(e["start"] <= m.start() < e["end"] for e in kept):
            continue
        before = [q for q in quantities if q["end"] <= m.start() and m.start() - q["end"] < 60]
        tail = masked[m.end() : m.end() + 3]
        if (
            not before
            or re.match(r"\s?[%€$\w]", tail)
            and not re.match(
                r"\s(?:la|le|l'|en|the|in|for|pour|par|per|a|an)\b", masked[m.end() : m.end() + 6]
            )
        ):
            continue
        try:
            value = read_number(m.group("num"), lang)
        except (NotANumber, ValueError):
            continue
        if 1900 <= value <= 2100 and "." not in m.group(0):
            continue
        unit = before[-1]["unit"]
        out.append(_entity("QUANTITY", text, m.start(), m.end(), value=value, unit=unit))
    return sorted(out, key=lambda e: e["start"])


_PRIORITY = {
    "MONEY": 0, "PERCENT": 1, "DURATION": 2, "QUANTITY": 3, "INCOTERM": 4,
    "PAYMENT_TECHNIQUE": 5, "CURRENCY": 6, "DATE": 7,
}  # fmt: skip


def _without_overlaps(found: list[Entity]) -> list[Entity]:
    """Keep the longest match where two overlap; a bare currency never beats an amount."""
    found.sort(key=lambda e: (-(e["end"] - e["start"]), _PRIORITY[e["label"]]))
    kept: list[Entity] = []
    for ent in found:
        if all(ent["end"] <= k["start"] or ent["start"] >= k["end"] for k in kept):
            kept.append(ent)
    return sorted(kept, key=lambda e: e["start"])
