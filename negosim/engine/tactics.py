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
