"""The better deal a team missed: a package both sides prefer to the one they signed.

On the scenario's own grid (as ``engine.utility.zopa``), the package that most raises
the product of both sides' gains over the signed deal lies on the Pareto frontier: no
package gives one side more without giving the other less. Without a deal, the
benchmark is the Nash point (the most balanced gain over both reservations).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from negosim.engine.utility import acceptable_on_issue, grid, issue_value, utility
from negosim.scenario.model import Scenario

EPSILON = 0.005  # a gain smaller than this is rounding, not a better deal


@dataclass(frozen=True)
class Move:
    """One issue of the trade: from the signed value to the better one, for the team."""

    issue: str
    signed: Any
    better: Any
    gain: bool  # True: the team gets more on this issue; False: it gives


@dataclass(frozen=True)
class BetterDeal:
    terms: dict[str, Any]
    learner: float  # both sides' utility (0–1) of the better package
    counterpart: float
    learner_signed: float
    counterpart_signed: float
    moves: list[Move]


def _grids(scenario: Scenario) -> list[list[Any]]:
    issues = scenario.issues
    grids = [grid(i, 5) if not i.step else grid(i) for i in issues]
    if math.prod(max(1, len(g)) for g in grids) > 200_000:
        grids = [grid(i.model_copy(update={"step": None}), 5) for i in issues]
    return grids


def better_deal(scenario: Scenario, signed: dict[str, Any] | None) -> BetterDeal | None:
    """The package both sides prefer to ``signed``, within both sides' reservations on every
    issue (None: no such package on the grid)."""
    issues = scenario.issues
    if signed:
        base_l = utility(scenario, "learner", signed)
        base_c = utility(scenario, "counterpart", signed)
    else:
        base_l = scenario.sides["learner"].reservation_utility
        base_c = scenario.sides["counterpart"].reservation_utility
    # only values each side could sign: none past either side's reservation on any issue
    grids = [
        [
            v
            for v in g
            if all(acceptable_on_issue(i, side, v) for side in ("learner", "counterpart"))
        ]
        for i, g in zip(issues, _grids(scenario), strict=True)
    ]
    if not all(grids):
        return None
    tables = [
        [
            (
                i.preference("learner").weight * issue_value(i, "learner", v),
                i.preference("counterpart").weight * issue_value(i, "counterpart", v),
            )
            for v in g
        ]
        for i, g in zip(issues, grids, strict=True)
    ]
    best, best_score = None, 0.0
    for combo in itertools.product(*(range(len(g)) for g in grids)):
        ul = sum(tables[n][k][0] for n, k in enumerate(combo))
        uc = sum(tables[n][k][1] for n, k in enumerate(combo))
        gain_l, gain_c = ul - base_l, uc - base_c
        if gain_l < 0 or gain_c < 0 or max(gain_l, gain_c) < EPSILON:
            continue
        score = (gain_l + 1e-9) * (gain_c + 1e-9)
        if score > best_score:
            best, best_score = combo, score
    if best is None:
        return None
    terms = {i.id: g[k] for i, g, k in zip(issues, grids, best, strict=True)}
    return BetterDeal(
        terms=terms,
        learner=round(utility(scenario, "learner", terms), 3),
        counterpart=round(utility(scenario, "counterpart", terms), 3),
        learner_signed=round(base_l, 3),
        counterpart_signed=round(base_c, 3),
        moves=_moves(scenario, signed or {}, terms),
    )


def _moves(scenario: Scenario, signed: dict[str, Any], better: dict[str, Any]) -> list[Move]:
    """What changes between the two packages, issue by issue, as the team gains or gives."""
    moves = []
    for issue in scenario.issues:
        was, now = signed.get(issue.id), better[issue.id]
        if was is not None and _same(was, now):
            continue
        before = issue_value(issue, "learner", was) if was is not None else 0.0
        after = issue_value(issue, "learner", now)
        moves.append(Move(issue.id, was, now, gain=after >= before))
    return moves


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-9
    return str(a) == str(b)
