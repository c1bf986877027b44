"""What the deal is worth: against the reservation, the target and the Nash point."""

from __future__ import annotations

import itertools
import math
from typing import Any

from negosim.engine.utility import grid, issue_value, utility
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.indicators.base import (
    Context,
    Measure,
    _reservation,
    absence,
    cite,
    say,
)


def deal_position(ctx: Context) -> Measure:
    """Where the deal sits for the candidates between their reservation (0) and target (1)."""
    terms = ctx.transcript.final_terms
    scenario = ctx.loaded.scenario
    closing = [t for t in ctx.transcript.candidate_turns() if t.has("closing", "agreement")]
    if not terms:
        outcome = ctx.transcript.outcome or say(ctx, "session_unfinished")
        note = say(ctx, "no_deal_outcome", outcome=outcome)
        return Measure(0.0, note, [cite(closing[-1], note)] if closing else [absence(note)])
    ru = scenario.sides["learner"].reservation_utility
    u = utility(scenario, "learner", terms)
    value = max(0.0, (u - ru) / (1 - ru)) if ru < 1 else 0.0
    ev = [cite(closing[-1], say(ctx, "closing"))] if closing else []
    return Measure(
        value,
        say(ctx, "utility_vs_reservation", u=u, ru=ru),
        ev or [absence(say(ctx, "deal_at_utility", u=u))],
    )


def deal_above_reservation(ctx: Context) -> Measure:
    """Whether the deal is at least worth the candidates' alternative (1) or worse (0)."""
    terms = ctx.transcript.final_terms
    if not terms:
        return Measure(None, say(ctx, "no_deal"), [absence(say(ctx, "no_deal_to_compare"))])
    scenario = ctx.loaded.scenario
    ru = scenario.sides["learner"].reservation_utility
    u = utility(scenario, "learner", terms)
    worth = u >= ru - 0.005  # at the reservation, within rounding, is worth the alternative
    note = say(ctx, "utility_against_reservation", u=u, cmp="≥" if worth else "<", ru=ru)
    return Measure(1.0 if worth else 0.0, note, [absence(note)])


_BEST: dict[str, tuple[dict[str, Any], float, float] | None] = {}


def _best_deal(loaded: LoadedScenario) -> tuple[dict[str, Any], float, float] | None:
    """The Nash point, computed once per scenario version."""
    if loaded.digest not in _BEST:
        _BEST[loaded.digest] = nash_point_fast(loaded.scenario)
    return _BEST[loaded.digest]


def nash_point_fast(scenario: Any) -> tuple[dict[str, Any], float, float] | None:
    """``engine.utility.nash_point`` on the same grid, with per-issue values tabled first.

    The engine's version re-evaluates both utilities for every package (half a second for
    the furniture scenario); tabling each issue's contribution makes the same search ~10×
    faster, and a test checks both give the same point.
    """
    issues = scenario.issues
    grids = [grid(i, 5) if not i.step else grid(i) for i in issues]
    if math.prod(max(1, len(g)) for g in grids) > 200_000:  # as engine.utility.zopa
        grids = [grid(i.model_copy(update={"step": None}), 5) for i in issues]
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
    ru_l = scenario.sides["learner"].reservation_utility
    ru_c = scenario.sides["counterpart"].reservation_utility
    best, best_score = None, -1.0
    for combo in itertools.product(*(range(len(g)) for g in grids)):
        ul = uc = 0.0
        for table, k in zip(tables, combo, strict=True):
            a, b = table[k]
            ul += a
            uc += b
        ul, uc = round(ul, 6), round(uc, 6)
        if ul < ru_l or uc < ru_c:
            continue
        product = (ul - ru_l) * (uc - ru_c)
        if product > best_score:
            best_score = product
            best = (combo, ul, uc)
    if best is None:
        return None
    combo, ul, uc = best
    terms = {i.id: g[k] for i, g, k in zip(issues, grids, combo, strict=True)}
    return terms, ul, uc


def deal_vs_best(ctx: Context) -> Measure:
    """The deal's joint gain over both reservations against the Nash point's (1 = as good)."""
    scenario = ctx.loaded.scenario
    best = _best_deal(ctx.loaded)
    if best is None:
        return Measure(None, say(ctx, "no_zone_of_agreement"))
    _, nl, nc = best
    rl, rc = _reservation(ctx), scenario.sides["counterpart"].reservation_utility
    terms = ctx.transcript.final_terms
    if not terms:
        note = say(ctx, "no_deal_though_nash", nl=nl, nc=nc)
        return Measure(0.0, say(ctx, "no_deal"), [absence(note)])
    ul, uc = utility(scenario, "learner", terms), utility(scenario, "counterpart", terms)
    value = max(0.0, min(1.0, ((ul - rl) + (uc - rc)) / max(1e-6, (nl - rl) + (nc - rc))))
    note = say(ctx, "deal_vs_nash", ul=ul, uc=uc, nl=nl, nc=nc)
    return Measure(value, say(ctx, "nash_share", pct=round(100 * value)), [absence(note)])
