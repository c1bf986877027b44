"""The one number reader of the product: digits in French and English formats, and words.

Every figure of a turn, an entity's amount or an indicator's count, is read
here, so « 1 200,50 », "1,200.50", « 1.200 », « CHF 3'500 », « 8,5 k »,
« quarante-cinq », « six virgule cinq » and "a hundred and twenty" give the
same numbers wherever they are read.
"""

from __future__ import annotations

import re
from functools import cache

GROUP = " \u00a0\u202f'’"  # thousands separators besides , and .

DIGITS = (
    r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u202f'’.]\d{3})+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
)

_FR_UNITS = {
    "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
    "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
    "huitante": 80, "octante": 80, "nonante": 90,
}  # fmt: skip
_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_HUNDRED = {"cent": 100, "cents": 100, "hundred": 100}
_SCALES = {
    "mille": 1e3, "thousand": 1e3, "million": 1e6, "millions": 1e6, "milliard": 1e9,
    "milliards": 1e9, "billion": 1e9,
}  # fmt: skip
_FILLERS = {"et", "and", "a"}  # « vingt et un », "a hundred and twenty"
_POINT = {"virgule", "point"}
WORDS = {**_FR_UNITS, **_EN_UNITS, **_HUNDRED, **_SCALES}
_APPROX = (
    r"(?:environ|à peu près|a peu pres|près de|pres de|autour de|quelque|dans les|"
    r"around|about|roughly|approximately|some|nearly|almost)\s+"
)
APPROX = re.compile(rf"(?:{_APPROX})$", re.IGNORECASE)


class NotANumber(ValueError):
    """Text that reads as no number."""


def read_digits(raw: str, lang: str | None = None) -> float:
    """``1 200,50``, ``1.200``, ``12,5``, ``1,200.50``, ``3'500``: one separator before exactly
    three digits groups thousands (in both languages: nobody prices to the thousandth), a
    leading zero (``0,125``) or two separators settle the rest."""
    s = re.sub(rf"[{GROUP}]", "", raw.strip())
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", s):
        raise NotANumber(raw)
    if "," in s and "." in s:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
    elif s.count(",") > 1 or s.count(".") > 1:
        decimal = "." if s.count(",") > 1 else ","
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        head, tail = s.split(sep)
        grouped = len(tail) == 3 and head != "0" and len(head) <= 3
        if grouped and lang == "en" and sep == ".":
            grouped = False
        decimal = ("." if sep == "," else ",") if grouped else sep
    else:
        return float(s)
    thousands = "." if decimal == "," else ","
    return float(s.replace(thousands, "").replace(decimal, "."))


def _tokens(raw: str) -> list[str]:
    return [t for t in re.split(r"[\s\u00a0\u202f-]+", raw.strip().lower()) if t]


def read_words(raw: str) -> float:
    """Numbers in words in French or English, decimals after « virgule » / "point"."""
    tokens = _tokens(raw)
    if any(t in _POINT for t in tokens):
        at = next(i for i, t in enumerate(tokens) if t in _POINT)
        whole, frac = _integer(tokens[:at]), tokens[at + 1 :]
        if not frac:
            raise NotANumber(raw)
        digits = "".join(str(int(_integer([t]))) for t in frac) if len(frac) > 1 else None
        decimals = digits if digits is not None else str(int(_integer(frac)))
        return float(f"{int(whole)}.{decimals}")
    return _integer(tokens)


def _integer(tokens: list[str]) -> float:
    total, current, seen = 0.0, 0.0, False
    for i, tok in enumerate(tokens):
        if tok in _FILLERS:
            if tok == "a" and (
                i + 1 >= len(tokens) or tokens[i + 1] not in {"hundred", "thousand", "million"}
            ):
                raise NotANumber(" ".join(tokens))
            if tok == "a":
                current = max(current, 1.0)
            continue
        if tok in _FR_UNITS or tok in _EN_UNITS:
            value = _FR_UNITS.get(tok, _EN_UNITS.get(tok))
            if value == 20 and current % 100 == 4:  # quatre-vingt(s)
                current += 76
            elif 10 <= value < 20 and current % 100 in (60, 80):  # soixante-dix, quatre-vingt-douze
                current += value
            else:
                current += value
        elif tok in _HUNDRED:
            current = (current or 1) * 100
        elif tok in _SCALES:
            total += (current or 1) * _SCALES[tok]
            current = 0.0
        else:
            raise NotANumber(" ".join(tokens))
        seen = True
    if not seen:
        raise NotANumber(" ".join(tokens))
    return total + current


def read_number(raw: str, lang: str | None = None) -> float:
    """Digits or words; raises ``NotANumber``."""
    if re.search(r"\d", raw):
        return read_digits(raw, lang)
    return read_words(raw)


@cache
def words_pattern() -> str:
    """A run of number words of either language (« quarante-cinq », "a hundred and twenty")."""
    words = "|".join(sorted((re.escape(w) for w in WORDS), key=len, reverse=True))
    word = rf"(?:{words})"
    joiner = r"(?:[\s\u00a0-]+(?:(?:et|and)[\s\u00a0-]+)?)"
    point = r"(?:\s+(?:virgule|point)\s+" + word + r"(?:[\s-]+" + word + r")*)?"
    lead = r"(?:\ba\s+(?=hundred|thousand|million))?"
    return rf"(?<![\w'’])(?:{lead}{word}(?:{joiner}{word})*{point})(?!\w)"


def number_pattern() -> str:
    """Digits in any French or English format, or a run of number words."""
    return rf"(?:{DIGITS}|{words_pattern()})"


def is_approximate(before: str) -> bool:
    """Whether the words just before a number make it an estimate (« environ », "around")."""
    return bool(APPROX.search(before[-30:]))
