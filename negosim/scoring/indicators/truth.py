"""Whether the figures the candidates state agree with the facts they were given."""

from __future__ import annotations

import re
from functools import cache

from negosim.scenario.loader import LoadedScenario
from negosim.scoring.indicators.base import (
    Context,
    Evidence,
    Measure,
    absence,
    cite,
    conduct_vocabulary,
    say,
)

NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?(?![\d])")


# English writes thousands with a comma and decimals with a point ("7,000", "2.5").
NUMBER_EN = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")


def _number_pattern(lang: str) -> re.Pattern[str]:
    return NUMBER_EN if lang == "en" else NUMBER


def _number(raw: str, lang: str = "fr") -> float:
    raw = raw.replace("\u00a0", "").replace(" ", "")
    return float(raw.replace(",", "") if lang == "en" else raw.replace(",", "."))


def _numbers_near(
    text: str, lowered: str, keyword: str, units: list[str], window: int = 30, lang: str = "fr"
) -> list[float]:
    """Numbers with the fact's unit stated within ``window`` characters of a keyword."""
    out: list[float] = []
    if keyword not in lowered:
        return out
    for k in re.finditer(re.escape(keyword), lowered):
        lo, hi = max(0, k.start() - window), min(len(text), k.end() + window)
        left = max(text.rfind(".", lo, k.start()), text.rfind("?", lo, k.start()))
        lo = left + 1 if left >= 0 else lo
        right = [i for i in (text.find(". ", k.end(), hi), text.find("?", k.end(), hi)) if i >= 0]
        hi = min(right) if right else hi
        number = _number_pattern(lang)
        for m in number.finditer(text, lo, hi):
            after = lowered[m.end() : m.end() + 28]
            nxt = number.search(after)
            after = after[: nxt.start()] if nxt else after
            if re.match(r"\s?(?:%|€|k€|eur)", after):
                continue  # a rate or an amount, not a count of the fact's unit
            if not units or any(u in after for u in units):
                out.append(_number(m.group(), lang))
    return out


def _given_numbers(
    loaded: LoadedScenario, keywords: tuple[str, ...], units: tuple[str, ...]
) -> frozenset[float]:
    """Figures the candidates were given about a fact (public brief, their side's brief).

    Only the briefs' sentences that name the fact, or figures that carry the fact's unit,
    count: "audit dans 2 mois" does not make a Cpk of 2 true.
    """
    sc = loaded.scenario
    text = " ".join([sc.public_brief, sc.sides["learner"].brief])
    sentences = re.split(r"(?<=[.!?])\s+|\n", text)
    about = [s for s in sentences if any(k.lower() in s.lower() for k in keywords)]
    out = set(_numbers_in(" ".join(about), sc.language))
    if units:
        lowered = text.lower()
        for m in _number_pattern(sc.language).finditer(text):
            if any(lowered[m.end() : m.end() + 20].lstrip().startswith(u) for u in units):
                out.add(_number(m.group(), sc.language))
    return frozenset(out)


@cache
def _numbers_in(text: str, lang: str = "fr") -> frozenset[float]:
    return frozenset(_number(m.group(), lang) for m in _number_pattern(lang).finditer(text))


def _bound(text: str) -> str | None:
    """Whether a fact states a ceiling or a floor (any figure on the right side is true)."""
    lowered = text.lower()
    words = conduct_vocabulary()["bound_words"]
    for kind in ("max", "min"):
        if any(w in lowered for w in words[kind]):
            return kind
    return None


def false_figures(ctx: Context) -> Measure:
    """Figures stated next to a fact's keywords, with its unit, that contradict the facts sheet."""
    wrong: list[Evidence] = []
    checked = 0
    units_by = conduct_vocabulary()["fact_units"]
    lang = ctx.loaded.scenario.language
    for turn in ctx.mine():
        lowered = turn.text.lower()
        for fact in ctx.loaded.scenario.facts:
            if fact.value is None:
                continue
            units = units_by.get(fact.unit or "", [])
            numbers = [
                n
                for k in fact.keywords
                for n in _numbers_near(turn.text, lowered, k.lower(), units, lang=lang)
            ]
            if not numbers:
                continue
            given = _given_numbers(ctx.loaded, tuple(fact.keywords), tuple(units))
            checked += 1
            tolerance = fact.tolerance * max(1.0, abs(fact.value))
            bound = _bound(fact.text)
            if not any(
                abs(n - fact.value) <= tolerance
                or n in given
                or (bound == "max" and n <= fact.value)
                or (bound == "min" and n >= fact.value)
                for n in numbers
            ):
                wrong.append(cite(turn, say(ctx, "figure_contrary", fact=fact.text)))
    return Measure(
        float(len(wrong)),
        say(ctx, "false_figures", n=len(wrong)),
        wrong or [absence(say(ctx, "no_false_figure", checked=checked))],
    )
