"""The language of one turn, whatever the scenario's: French, English, or a mixed turn."""

from __future__ import annotations

import re
from functools import cache

_FR_HINTS = re.compile(
    r"\b(le|la|les|des|du|nous|vous|est|une|pour|avec|pas|que|qui|sur|dans|prix|délai|je|ce|"
    r"on|mais|et|c'est|ça|tu|jours|semaines|merci|bonjour|oui|non|d'accord|très|votre|notre)\b",
    re.I,
)
_EN_HINTS = re.compile(
    r"\b(the|we|you|is|are|for|with|not|that|which|on|in|price|delivery|this|of|it|our|your|"
    r"and|but|can|will|would|days|weeks|thanks|hello|yes|no|deal|what|how|it's|we're|i'm)\b",
    re.I,
)


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH).build()


def _hints(text: str) -> tuple[int, int]:
    fr = len(_FR_HINTS.findall(text)) + (2 if re.search(r"[éèêàçù]", text) else 0)
    return fr, len(_EN_HINTS.findall(text))


def detect_language(text: str) -> str:
    """French or English, the turn's main language: function words settle clear cases,
    lingua the close ones."""
    fr, en = _hints(text)
    if abs(fr - en) >= 2:
        return "en" if en > fr else "fr"
    found = _detector().detect_language_of(text[:500])
    return "en" if found is not None and found.name == "ENGLISH" else "fr"


def turn_language(text: str, main: str) -> str:
    """``main``, or ``mixed`` when whole stretches of the other language are in the turn
    (a sentence or clause each), not a borrowed word such as « deadline »."""
    parts = [p for p in re.split(r"[.!?;:,()\n]+|\s[-–]\s", text) if len(p.split()) >= 3]
    if len(parts) < 2:
        return main
    langs = set()
    for part in parts:
        fr, en = _hints(part)
        if fr >= 2 and en == 0:
            langs.add("fr")
        elif en >= 2 and fr == 0:
            langs.add("en")
    return "mixed" if len(langs) == 2 else main
