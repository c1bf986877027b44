"""What the counterpart says: line variants chosen reproducibly, values in the scenario's locale."""

from __future__ import annotations

import random
from functools import cache
from importlib import resources
from typing import Any

from babel.numbers import format_currency, format_decimal

from negosim.analysis.issues import CURRENCIES
from negosim.content import load_yaml
from negosim.engine.utility import Terms
from negosim.scenario.model import Issue, Scenario

LOCALES = {"fr": "fr_FR", "en": "en_GB"}
MEMORY = 10  # turns before a line may be said again
UNIT_WORDS = {
    "fr": {
        "days": "jours",
        "weeks": "semaines",
        "months": "mois",
        "years": "ans",
        "percent": "%",
        "count": "",
        "ppm": "ppm",
        "percent/week": "% par semaine",
    },
    "en": {
        "days": "days",
        "weeks": "weeks",
        "months": "months",
        "years": "years",
        "percent": "%",
        "count": "",
        "ppm": "ppm",
        "percent/week": "% per week",
    },
}


@cache
def default_lines(lang: str) -> dict[str, list[str]]:
    return load_yaml(
        resources.files("negosim.engine").joinpath(f"lines/{lang}.yaml").read_text("utf-8")
    )


def format_value(issue: Issue, value: Any, lang: str) -> str:
    """``640 €``, ``45 jours``, ``3,5 %``: a value the way people of that language write it."""
    if not issue.numeric:
        return str(value)
    locale = LOCALES[lang]
    x = float(value)
    unit = issue.unit or ""
    if unit in CURRENCIES:
        fmt = "#,##0 ¤" if lang == "fr" else "¤#,##0"
        if x != int(x):
            fmt = "#,##0.00 ¤" if lang == "fr" else "¤#,##0.00"
        return format_currency(x, unit, format=fmt, locale=locale, currency_digits=False)
    number = format_decimal(x, format="#,##0.##", locale=locale)
    word = UNIT_WORDS[lang].get(unit, unit)
    if word == "%":
        return f"{number}\u00a0%" if lang == "fr" else f"{number}%"
    return f"{number} {word}".strip()


def describe_terms(scenario: Scenario, terms: Terms, lang: str | None = None) -> str:
    """A package in words, in the scenario's issue order."""
    lang = lang or scenario.language
    sep = " ; " if lang == "fr" else "; "
    colon = " : " if lang == "fr" else ": "
    parts = [
        f"{issue.label}{colon}{format_value(issue, terms[issue.id], lang)}"
        for issue in scenario.issues
        if terms.get(issue.id) is not None
    ]
    return sep.join(parts)


class Phrasebook:
    """Picks a line for an intent, reproducibly from the seed, never one said in the last turns.

    The same seed and the same run always give the same lines (a replay rebuilds them).
    """

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.scenario = scenario
        self.seed = seed
        self.defaults = default_lines(scenario.language)
        self.last_said: dict[str, int] = {}

    def variants(self, intent: str) -> list[str]:
        return list(self.scenario.lines.get(intent) or self.defaults.get(intent) or [])

    def fresh(self, intent: str, turn_no: int) -> bool:
        """Whether ``intent`` has a line not said in the last ``MEMORY`` turns."""
        return any(
            turn_no - self.last_said.get(o, -MEMORY) >= MEMORY for o in self.variants(intent)
        )

    def pick(self, options: list[str], turn_no: int, intent: str) -> str:
        if not options:
            return ""
        fresh = [o for o in options if turn_no - self.last_said.get(o, -MEMORY) >= MEMORY]
        if not fresh:  # every variant said lately: the one said longest ago
            oldest = min(self.last_said.get(o, -MEMORY) for o in options)
            fresh = [o for o in options if self.last_said.get(o, -MEMORY) == oldest]
        rng = random.Random(f"{self.seed}:{turn_no}:{intent}")
        line = rng.choice(fresh)
        self.last_said[line] = turn_no
        return line

    def say(self, intent: str, turn_no: int, terms: Terms | None = None, **slots: str) -> str:
        line = self.pick(self.variants(intent), turn_no, intent)
        if terms is not None and "{terms}" in line:
            line = line.replace("{terms}", describe_terms(self.scenario, terms))
        for name, value in slots.items():
            line = line.replace("{" + name + "}", value)
        return line
