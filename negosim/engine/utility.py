"""Linear additive utility over a scenario's issues (Keeney & Raiffa; GENIUS, NegMAS).

Terms are ``{issue_id: value}``: a number for numeric issues, an option for the others.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from negosim.scenario.model import (
    CategoricalPreference,
    Issue,
    NumericPreference,
    Scenario,
    SideName,
)

Terms = dict[str, Any]


def issue_value(issue: Issue, side: SideName, value: Any) -> float:
    """How much ``side`` likes ``value`` on ``issue``, in [0, 1] (1 at its target)."""
    pref = issue.preference(side)
    if isinstance(pref, CategoricalPreference):
        return float(pref.utilities.get(str(value), 0.0))
    assert isinstance(pref, NumericPreference)
    x = float(value)
    span = pref.target - pref.reservation
    v = (x - pref.reservation) / span
    return min(1.0, max(0.0, v))


def acceptable_on_issue(issue: Issue, side: SideName, value: Any) -> bool:
    """Whether a numeric value stays on the right side of the reservation."""
    pref = issue.preference(side)
    if isinstance(pref, CategoricalPreference):
        return True
    x = float(value)
    return x >= pref.reservation if pref.direction == "up" else x <= pref.reservation


def utility(scenario: Scenario, side: SideName, terms: Mapping[str, Any]) -> float:
    """Weighted sum over the issues present in ``terms`` (absent issues count as 0)."""
    total = 0.0
    for issue in scenario.issues:
        if issue.id in terms and terms[issue.id] is not None:
            total += issue.preference(side).weight * issue_value(issue, side, terms[issue.id])
    return round(total, 6)


def best_terms(scenario: Scenario, side: SideName) -> Terms:
    """The package ``side`` would like most: its target everywhere."""
    out: Terms = {}
    for issue in scenario.issues:
        pref = issue.preference(side)
        if isinstance(pref, NumericPreference):
            out[issue.id] = pref.target
        else:
            out[issue.id] = max(pref.utilities, key=lambda o, p=pref: p.utilities[o])
    return out


def grid(issue: Issue, points: int = 9) -> list[Any]:
    """Candidate values for an issue: its options, or evenly spaced steps in its range."""
    if not issue.numeric:
        return list(issue.options or [])
    lo, hi = issue.range  # type: ignore[misc]
    step = issue.step or (hi - lo) / (points - 1)
    values, x = [], lo
    while x <= hi + 1e-9:
        values.append(round(x, 6))
        x += step
    return values


def snap(issue: Issue, value: float) -> float:
    """Round a numeric value to the issue's step (offers read nicely: 635 €, not 634.72 €)."""
    if not issue.numeric or not issue.step:
        return round(value, 2)
    lo = issue.range[0]  # type: ignore[index]
    return round(lo + round((value - lo) / issue.step) * issue.step, 6)


def zopa(scenario: Scenario, points: int = 5) -> list[Terms]:
    """Packages on a coarse grid that both sides prefer to their reservation utility."""
    return list(_zopa(scenario, points))


def has_zopa(scenario: Scenario, points: int = 5) -> bool:
    """Whether any package is in the zone of agreement (stops at the first one found)."""
    return next(_zopa(scenario, points), None) is not None


def _zopa(scenario: Scenario, points: int) -> Iterator[Terms]:
    grids = [grid(i, points) if not i.step else grid(i) for i in scenario.issues]
    if _size(grids) > 200_000:
        grids = [grid(i.model_copy(update={"step": None}), points) for i in scenario.issues]
    ru_l = scenario.sides["learner"].reservation_utility
    ru_c = scenario.sides["counterpart"].reservation_utility
    for combo in itertools.product(*grids):
        terms = {i.id: v for i, v in zip(scenario.issues, combo, strict=True)}
        if (
            utility(scenario, "learner", terms) >= ru_l
            and utility(scenario, "counterpart", terms) >= ru_c
        ):
            yield terms


def nash_point(scenario: Scenario, points: int = 5) -> tuple[Terms, float, float] | None:
    """The deal maximising the product of both sides' gains over reservation (a fair benchmark)."""
    ru_l = scenario.sides["learner"].reservation_utility
    ru_c = scenario.sides["counterpart"].reservation_utility
    best, best_score = None, -1.0
    for terms in zopa(scenario, points):
        ul, uc = utility(scenario, "learner", terms), utility(scenario, "counterpart", terms)
        score = (ul - ru_l) * (uc - ru_c)
        if score > best_score:
            best, best_score = (terms, ul, uc), score
    return best


def _size(grids: list[list[Any]]) -> int:
    n = 1
    for g in grids:
        n *= max(1, len(g))
    return n
