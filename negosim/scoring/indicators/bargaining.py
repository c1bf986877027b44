"""How the candidates bargain: who anchors, how high, how long they hold it, how they concede."""

from __future__ import annotations

from typing import Any

from negosim.engine.utility import best_terms, utility
from negosim.scoring.indicators.base import (
    Context,
    Measure,
    _at,
    _pct,
    _reservation,
    absence,
    cite,
    say,
)


def conditional_concessions(ctx: Context) -> Measure:
    cond = [t for t in ctx.mine() if t.has("concession.conditional")]
    uncond = [t for t in ctx.mine() if t.has("concession") and not t.has("concession.conditional")]
    if not cond and not uncond:
        return Measure(None, say(ctx, "no_concession"))
    share = len(cond) / (len(cond) + len(uncond))
    evidence = [cite(t, say(ctx, "conditional_concession")) for t in cond[:2]]
    evidence += [cite(t, say(ctx, "unconditional_concession")) for t in uncond[:2]]
    return Measure(share, _pct(share), evidence)


def first_offer_by_candidates(ctx: Context) -> Measure:
    offers = ctx.transcript.offers
    if not offers:
        return Measure(0.0, say(ctx, "no_offer"), [absence(say(ctx, "no_offer_on_table"))])
    seq, by, _terms = offers[0]
    anchored = by == "learner"
    turns = [t for t in ctx.transcript.turns if t.seq <= seq and (t.side == "learner") == anchored]
    ev = [cite(turns[-1], say(ctx, "first_offer_anchor"))] if turns else []
    return Measure(
        1.0 if anchored else 0.0,
        say(ctx, "candidates_anchored" if anchored else "counterpart_anchored"),
        ev,
    )


def _learner_offers(ctx: Context, unstated_at_target: bool = False) -> list[tuple[int, float]]:
    """The candidates' standing package after each of their offers, in their own utility.

    An offer naming only some issues leaves the others where the candidates last put them.
    For concessions, an issue not yet stated counts at the candidates' target (they have
    given nothing on it yet), so naming a new issue at a cost shows as a concession; for the
    anchor, unstated issues count as nothing, so a complete opening package ranks higher.
    """
    scenario = ctx.loaded.scenario
    standing: dict[str, Any] = best_terms(scenario, "learner") if unstated_at_target else {}
    out = []
    for seq, by, terms in ctx.transcript.offers:
        if by == "learner":
            standing = {**standing, **terms}
            out.append((seq, utility(scenario, "learner", standing)))
    return out


def anchor_ambition(ctx: Context) -> Measure:
    """The candidates' first offer between their reservation (0) and target (1)."""
    offers = _learner_offers(ctx)
    if not offers:
        return Measure(
            0.0,
            say(ctx, "no_candidate_offer"),
            [absence(say(ctx, "candidates_put_no_figure"))],
        )
    seq, u = offers[0]
    ru = _reservation(ctx)
    value = min(1.0, max(0.0, (u - ru) / (1 - ru)))
    first = ctx.transcript.offers[0][1]
    who = say(ctx, "anchor_by_candidates" if first == "learner" else "counter_after_anchor")
    turn = _at(ctx, seq)
    ev = [cite(turn, say(ctx, "anchor_utility", who=who, u=u, ru=ru))] if turn else []
    return Measure(value, say(ctx, "utility_vs_reservation", u=u, ru=ru), ev)


def anchor_held(ctx: Context) -> Measure:
    """Minutes the candidates held their first offer before conceding (to the end if never).

    A move traded for something in return ("if you ..., then ...") keeps the anchor: only
    ground given for nothing counts as letting it go.
    """
    offers = _learner_offers(ctx, unstated_at_target=True)
    if not offers:
        return Measure(None, say(ctx, "no_offer"))
    seq, u = offers[0]
    start = _at(ctx, seq)
    t0 = start.elapsed_s if start else 0.0

    def given(s: int) -> bool:
        turn = _at(ctx, s)
        return turn is None or not turn.has("concession.conditional")

    drop = next(((s, v) for s, v in offers[1:] if v < u - 1e-6 and given(s)), None)
    if drop is None:
        end = max((t.elapsed_s for t in ctx.transcript.turns), default=t0)
        minutes = (end - t0) / 60
        return Measure(
            minutes,
            say(ctx, "held_without_concession", minutes=minutes),
            [cite(start, say(ctx, "offer_held"))] if start else [],
        )
    turn = _at(ctx, drop[0])
    minutes = ((turn.elapsed_s if turn else t0) - t0) / 60
    ev = [cite(turn, say(ctx, "first_concession_after", minutes=minutes))] if turn else []
    return Measure(minutes, f"{minutes:.1f} min", ev)


def concession_pattern(ctx: Context) -> Measure:
    """Concession sizes in the candidates' utility: small and decreasing is good, growing bad."""
    offers = _learner_offers(ctx, unstated_at_target=True)
    steps = []
    for (_, a), (seq, b) in zip(offers, offers[1:], strict=False):
        if b < a - 1e-6:
            steps.append((seq, a - b))
    if not steps:
        return Measure(None, say(ctx, "no_figured_concession"))
    sizes = [round(d, 3) for _, d in steps]
    if len(steps) == 1:
        value = 1.0 if sizes[0] <= 0.15 else 0.5 if sizes[0] <= 0.3 else 0.0
    else:
        pairs = list(zip(sizes, sizes[1:], strict=False))
        value = sum(1 for a, b in pairs if b <= a + 0.01) / len(pairs)
        if sum(sizes) > 0.6:
            value = min(value, 0.5)
    ev = []
    for seq, d in steps[:4]:
        turn = _at(ctx, seq)
        if turn:
            ev.append(cite(turn, say(ctx, "concession_size", d=d)))
    trend = " → ".join(f"{d:.2f}" for d in sizes)
    return Measure(value, say(ctx, "concession_sizes", trend=trend), ev)
