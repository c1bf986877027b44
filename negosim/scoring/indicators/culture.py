"""Whether the candidates adapt to the counterpart's culture: rapport, formality, tone, patience."""

from __future__ import annotations

from negosim.analysis.model import BUSINESS_ACTS
from negosim.analysis.register import familiar_forms, has_familiar_forms
from negosim.scoring.indicators.base import (
    Context,
    Measure,
    absence,
    cite,
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
        ev = [cite(first_business, "entrée directe en matière")] if first_business else []
        return Measure(1.0, "peu de prise de contact attendue", ev)
    value = min(1.0, small / needed)
    ev = (
        [
            cite(
                first_business,
                f"premier échange d'affaires après {small} tour(s) de prise de contact",
            )
        ]
        if first_business
        else [absence("aucun échange d'affaires")]
    )
    return Measure(value, f"{small} / {needed} tours de prise de contact", ev)


def formality(ctx: Context) -> Measure:
    """Familiar forms (tu) used where the culture expects formality (vous, titles).

    The counterpart's own remark on the switch is quoted too: the candidate was told.
    """
    if ctx.loaded.behaviour.formality != "formal" or not has_familiar_forms(ctx.lang):
        return Measure(None, "—")
    hits = [t for t in ctx.mine() if familiar_forms(t.text, ctx.lang)]
    ev = [cite(t, "tutoiement dans une culture formelle") for t in hits[:3]]
    remarks = [t for t in ctx.transcript.turns if "formality_remark" in t.intents]
    ev += [cite(t, "l'interlocuteur relève le tutoiement") for t in remarks[:1] if hits]
    return Measure(
        float(len(hits)),
        f"{len(hits)} tour(s) familiers",
        ev or [absence("vouvoiement tenu")],
    )


def directness(ctx: Context) -> Measure:
    """Threats, and flat refusals where the culture says no indirectly."""
    indirect = (ctx.loaded.behaviour.refusal_directness or 0.5) < 0.5
    hits = [
        t
        for t in ctx.mine()
        if t.has("threat") or (indirect and t.has("refusal") and not t.has("acknowledgment"))
    ]
    ev = [cite(t, "ultimatum ou refus abrupt") for t in hits[:3]]
    return Measure(float(len(hits)), f"{len(hits)}", ev or [absence("ton ajusté à la culture")])


def discovery_before_offer(ctx: Context) -> Measure:
    """Questions asked before the first proposal, against the culture's patience."""
    expected = 1 + round((ctx.loaded.behaviour.patience or 0.5) * 4)
    offers = [seq for seq, by, _ in ctx.transcript.offers if by == "learner"]
    first = next((t for t in ctx.mine() if t.has("offer")), None)
    limit = min([*offers, first.seq if first else 10**9])
    asked = [t for t in ctx.mine() if t.seq < limit and t.analysis.is_question]
    value = min(1.0, len(asked) / expected)
    ev = [cite(t, "question avant toute proposition") for t in asked[:2]]
    if first:
        ev.append(cite(first, f"première proposition après {len(asked)} question(s)"))
    return Measure(value, f"{len(asked)} / {expected} questions avant l'offre", ev)
