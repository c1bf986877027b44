"""Forms of address: whether a turn speaks to the other side familiarly (« tu »)."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from negosim.content import load_yaml


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    data = load_yaml(
        resources.files("negosim.analysis").joinpath("data/register.yaml").read_text("utf-8")
    )
    words = data["familiar"].get(lang) or []
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’])(?:{alternatives})(?!\w)")


def has_familiar_forms(lang: str) -> bool:
    """Whether the language distinguishes a familiar address at all (French tu/vous: yes)."""
    return _pattern(lang) is not None


def familiar_forms(text: str, lang: str) -> list[str]:
    """The familiar forms of address in ``text`` (none for a language without them)."""
    pattern = _pattern(lang)
    if pattern is None:
        return []
    return pattern.findall(text.lower().replace("’", "'"))


_VOUS = re.compile(r"(?<![\w'’])(?:vous|votre|vos|vôtre)(?!\w)", re.IGNORECASE)


def address(text: str, lang: str) -> str | None:
    """How the turn addresses the other side: « tu », « vous », or None (no address, or a
    language without the distinction)."""
    if familiar_forms(text, lang):
        return "tu"
    if lang == "fr" and _VOUS.search(text):
        return "vous"
    return None
