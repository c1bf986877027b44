"""Whether the candidates adapt to the counterpart's culture: rapport, formality, tone, patience."""

from __future__ import annotations

from negosim.analysis.model import BUSINESS_ACTS
from negosim.analysis.register import familiar_forms, has_familiar_forms
from negosim.scoring.indicators.base import (
    Context,
    Measure,
    absence,
    cite,
    say,
)


def rapport_before_business(ctx: Context) -> Measure:
    """Small-talk turns before the first business move, against what the culture expects."""
    needed = round((ctx.loaded.behaviour.rapport or 0.0) * 4)
    small = 0
    first_business = None
    for t in ctx.transcript.candidate_turns():
        if t.has(*BUSINESS_ACTS):
            first_business = t
            break
        if t.has("small_talk"):
            small += 1
    if needed == 0:
        ev = [cite(first_business, say(ctx, "straight_to_business"))] if first_business else []
        return Measure(1.0, say(ctx, "little_rapport_expected"), ev)
    value = min(1.0, small / needed)
    ev = (
        [
            cite(
                first_business,
                say(ctx, "first_business_after", small=small),
            )
        ]
        if first_business
        else [absence(say(ctx, "no_business"))]
    )
    return Measure(value, say(ctx, "rapport_turns", small=small, needed=needed), ev)


def formality(ctx: Context) -> Measure:
    """Familiar forms (tu) used where the culture expects formality (vous, titles).

    The counterpart's own remark on the switch is quoted too: the candidate was told.
    """
    if ctx.loaded.behaviour.formality != "formal" or not has_familiar_forms(ctx.lang):
        return Measure(None, "—")
    hits = [t for t in ctx.mine() if familiar_forms(t.text, ctx.lang)]
    ev = [cite(t, say(ctx, "familiar_in_formal")) for t in hits[:3]]
    remarks = [t for t in ctx.transcript.turns if "formality_remark" in t.intents]
    ev += [cite(t, say(ctx, "familiar_remarked")) for t in remarks[:1] if hits]
    return Measure(
        float(len(hits)),
        say(ctx, "familiar_turns", n=len(hits)),
        ev or [absence(say(ctx, "formal_kept"))],
    )


def directness(ctx: Context) -> Measure:
    """Threats, and flat refusals where the culture says no indirectly."""
    indirect = (ctx.loaded.behaviour.refusal_directness or 0.5) < 0.5
    hits = [
        t
        for t in ctx.mine()
        if t.has("threat") or (indirect and t.has("refusal") and not t.has("acknowledgment"))
    ]
    ev = [cite(t, say(ctx, "abrupt")) for t in hits[:3]]
    return Measure(float(len(hits)), f"{len(hits)}", ev or [absence(say(ctx, "tone_suited"))])


def discovery_before_offer(ctx: Context) -> Measure:
    """Questions asked before the first proposal, against the culture's patience."""
    expected = 1 + round((ctx.loaded.behaviour.patience or 0.5) * 4)
    offers = [seq for seq, by, _ in ctx.transcript.offers if by == "learner"]
    first = next((t for t in ctx.mine() if t.has("offer")), None)
    limit = min([*offers, first.seq if first else 10**9])
    asked = [t for t in ctx.mine() if t.seq < limit and t.analysis.is_question]
    value = min(1.0, len(asked) / expected)
    ev = [cite(t, say(ctx, "question_before_proposal")) for t in asked[:2]]
    if first:
        ev.append(cite(first, say(ctx, "first_proposal_after", n=len(asked))))
    return Measure(value, say(ctx, "questions_before_offer", n=len(asked), expected=expected), ev)
