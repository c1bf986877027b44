"""How the counterpart concedes: time-dependent tactics, reciprocity, and trade-off bids.

Time-dependent target (Faratin, Sierra & Jennings 1998, utility-space form):
``u(t) = u_floor + (u_open - u_floor) * (1 - t^(1/e))`` — ``e < 1`` Boulware, ``e > 1`` Conceder.
"""

from __future__ import annotations

from typing import Any

from negosim.engine.utility import Terms, grid, utility
from negosim.scenario.model import Issue, Scenario, SideName, Tactic


def time_target(t: float, tactic: Tactic, u_max: float, u_floor: float) -> float:
    """The utility the side asks for at normalised time ``t`` in [0, 1]."""
    t = min(1.0, max(0.0, t))
    u_open = u_floor + tactic.opening_extremity * (u_max - u_floor)
    return u_floor + (u_open - u_floor) * (1.0 - t ** (1.0 / tactic.e))


# How far a culture's taste for bargaining moves the tactic; 0.5 is neutral.
HAGGLING_OPENING = 0.4  # extra opening extremity per unit of haggling above 0.5
HAGGLING_PACE = 0.6  # share of ``e`` taken off per unit of haggling above 0.5
HAGGLING_BIDS = 2  # the opening bid and the first concession


def with_haggling(tactic: Tactic, haggling: float | None) -> Tactic:
    """A culture that likes to bargain opens further from its limit and gives less early.

    Where bargaining is part of the courtesy (a haggling score above 0.5) the
    first ask is higher and the time curve more Boulware, so the early moves are
    small. At 0.5 and below, or unset, the tactic is unchanged: a culture that
    dislikes haggling is not softer for it (it opens near a fair figure and then
    barely moves), and the scenario's own tactic already says how firm it is.
    The engine applies this to the opening bid and the first concession only
    (``HAGGLING_BIDS``); the hagglers then catch up with the written tactic.
    """
    if haggling is None or haggling <= 0.5:
        return tactic
    shift = haggling - 0.5
    opening = tactic.opening_extremity + HAGGLING_OPENING * shift
    return tactic.model_copy(
        update={
            "opening_extremity": min(1.0, max(0.0, opening)),
            "e": min(10.0, max(0.05, tactic.e * (1 - HAGGLING_PACE * shift))),
        }
    )


def mixed_target(
    t: float,
    tactic: Tactic,
    u_max: float,
    u_floor: float,
    last_own: float | None,
    their_gain: float,
) -> float:
    """Blend the clock with reciprocity: mirror what the other side just gave (tit-for-tat)."""
    by_time = time_target(t, tactic, u_max, u_floor)
    if tactic.kind == "time_dependent" or last_own is None:
        target = by_time
    else:
        mirrored = last_own - max(0.0, their_gain)
        w = 1.0 if tactic.kind == "tit_for_tat" else tactic.tft_weight
        target = (1 - w) * by_time + w * mirrored
    if last_own is not None:
        target = min(target, last_own)  # never ask for more than last time
    return max(u_floor, target)


def _step_towards(issue: Issue, current: Any, goal: Any) -> Any:
    if not issue.numeric:
        return goal
    values = grid(issue)
    cur, tgt = float(current), float(goal)
    if cur < tgt:
        ahead = [v for v in values if cur < v <= tgt]
        return min(ahead) if ahead else tgt
    behind = [v for v in values if tgt <= v < cur]
    return max(behind) if behind else tgt


def _distance(issue: Issue, a: Any, b: Any) -> float:
    if not issue.numeric:
        return 0.0 if a == b else 1.0
    lo, hi = issue.range  # type: ignore[misc]
    return abs(float(a) - float(b)) / (hi - lo)


def trade_off_bid(
    scenario: Scenario, side: SideName, start: Terms, reference: Terms, target: float
) -> Terms:
    """Move from ``start`` towards ``reference`` while utility stays at or above ``target``.

    Each step concedes where it costs ``side`` least for the ground it gives, so
    the side gives on issues it cares little about first: logrolling emerges.
    """
    current = dict(start)
    for _ in range(200):
        base = utility(scenario, side, current)
        best: tuple[float, str, Any] | None = None
        for issue in scenario.issues:
            goal = reference.get(issue.id)
            if goal is None or current.get(issue.id) == goal:
                continue
            moved = _step_towards(issue, current[issue.id], goal)
            trial = {**current, issue.id: moved}
            u = utility(scenario, side, trial)
            if u < target - 1e-9:
                continue
            gained = _distance(issue, current[issue.id], goal) - _distance(issue, moved, goal)
            if gained <= 0:
                continue
            cost = (base - u) / gained
            if best is None or cost < best[0]:
                best = (cost, issue.id, moved)
        if best is None:
            return current
        current[best[1]] = best[2]
    return current
