"""Figures the counterpart would say outside the issues' ranges (« 90 jours » where 30–60).

A line names a figure by its unit; where only one issue is counted in that unit, the
figure is about that issue and must fall inside its range, or the counterpart would
ask for what the scenario (and often the law it encodes) rules out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from negosim.engine.phrasing import UNIT_WORDS
from negosim.scenario.model import Issue, Scenario

_NUMBER = r"(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)"
# Unit words as written after a number, beyond the ones the counterpart's own lines use.
EXTRA = {"days": ("jour", "day"), "weeks": ("semaine", "week"), "months": ("mois", "month")}


def _words(issue: Issue, lang: str) -> list[str]:
    unit = issue.unit or ""
    words = [UNIT_WORDS[lang].get(unit, "")] + list(EXTRA.get(unit, ()))
    return [w for w in words if w and w != "%" and unit not in ("count", "")]


def _texts(scenario: Scenario) -> Iterator[tuple[tuple[object, ...], str]]:
    for n, obj in enumerate(scenario.objections):
        for k, line in enumerate(obj.lines):
            yield ("objections", n, "lines", k), line
        if obj.resolved_line:
            yield ("objections", n, "resolved_line"), obj.resolved_line
    for intent, lines in scenario.lines.items():
        for k, line in enumerate(lines):
            yield ("lines", intent, k), line


def outside_ranges(scenario: Scenario) -> list[tuple[tuple[object, ...], str]]:
    """Each line naming a figure outside the range of the one issue counted in its unit."""
    by_unit: dict[str, list[Issue]] = {}
    for issue in scenario.issues:
        if issue.numeric and issue.unit:
            by_unit.setdefault(issue.unit, []).append(issue)
    found = []
    for path, text in _texts(scenario):
        lowered, seen = text.lower(), set()
        for issues in by_unit.values():
            if len(issues) != 1:
                continue
            issue = issues[0]
            lo, hi = issue.range  # type: ignore[misc]
            for word in _words(issue, scenario.language):
                pattern = _NUMBER + r"\s*" + re.escape(word)
                for m in re.finditer(pattern, lowered):
                    value = float(re.sub(r"[ \u00a0\u202f]", "", m.group(1)).replace(",", "."))
                    if m.start() in seen:
                        continue
                    seen.add(m.start())
                    if not lo <= value <= hi:
                        found.append(
                            (
                                path,
                                f"says {m.group(0)!r}, outside {issue.id} range [{lo:g}, {hi:g}]",
                            )
                        )
    return found
