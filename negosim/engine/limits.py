"""A side's per-issue limits: which values cross them, and how far a package moved.

Utility scores every value past a limit as 0, so it cannot tell $118 from $115
against a $110 limit; these measures can, and the bargaining uses them to see a
candidate moving and to keep its own bids inside its limits.
"""

from __future__ import annotations

from typing import Any

from negosim.engine.utility import Terms, acceptable_on_issue, issue_value
from negosim.scenario.model import Issue, NumericPreference, Scenario, SideName


def breaches(scenario: Scenario, side: SideName, terms: Terms) -> list[tuple[Issue, float]]:
    """The issues on which ``terms`` cross ``side``'s limit, with that limit."""
    out = []
    for issue in scenario.issues:
        value = terms.get(issue.id)
        if value is None or acceptable_on_issue(issue, side, value):
            continue
        pref = issue.preference(side)
        assert isinstance(pref, NumericPreference)
        out.append((issue, pref.reservation))
    return out


def clamp(issue: Issue, side: SideName, value: Any) -> Any:
    """The value brought back to ``side``'s limit if it crosses it."""
    pref = issue.preference(side)
    if not isinstance(pref, NumericPreference) or acceptable_on_issue(issue, side, value):
        return value
    return pref.reservation


def stretched_value(issue: Issue, side: SideName, value: Any) -> float:
    """Like ``issue_value`` but below 0 past the limit, so every step towards it counts."""
    pref = issue.preference(side)
    if not isinstance(pref, NumericPreference):
        return issue_value(issue, side, value)
    return min(1.0, (float(value) - pref.reservation) / (pref.target - pref.reservation))


def stretched_utility(scenario: Scenario, side: SideName, terms: Terms) -> float:
    """Weighted sum of ``stretched_value``: what a move gave, even far past a limit."""
    total = 0.0
    for issue in scenario.issues:
        if terms.get(issue.id) is not None:
            weight = issue.preference(side).weight
            total += weight * stretched_value(issue, side, terms[issue.id])
    return round(total, 6)


def came_closer(scenario: Scenario, side: SideName, before: Terms, after: Terms) -> bool:
    """Whether ``after`` is nearer ``side``'s wishes than ``before`` on some issue."""
    return any(
        stretched_value(i, side, after[i.id]) > stretched_value(i, side, before[i.id]) + 1e-9
        for i in scenario.issues
        if before.get(i.id) is not None and after.get(i.id) is not None
    )
