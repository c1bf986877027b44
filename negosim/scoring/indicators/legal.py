"""Whether the payment terms the candidates propose stay within the law and their own limit."""

from __future__ import annotations

from negosim.scoring.indicators.base import (
    Context,
    Evidence,
    Measure,
    absence,
    cite,
    conduct_vocabulary,
    say,
)
from negosim.scoring.transcript import Turn


def _payment_cap(ctx: Context) -> int | None:
    sides = ctx.loaded.scenario.sides
    if sides["learner"].country != sides["counterpart"].country:
        return None
    return conduct_vocabulary()["payment_cap_days"].get(ctx.loaded.scenario.setting)


def _stands_on(turn: Turn, entity: dict) -> bool:
    """Whether the turn proposes, accepts or requires this figure (the reading's mention of
    it), rather than quoting, citing or stating it as a rule; read alone, a figure counts."""
    roles = [m["role"] for m in turn.analysis.mentions if m.get("start") == entity.get("start")]
    return not roles or any(r in ("propose", "accept", "require") for r in roles)


def _over_payment_cap(ctx: Context) -> list[Evidence]:
    """Candidate turns proposing or accepting a payment term over the legal cap."""
    cap = _payment_cap(ctx)
    if cap is None:
        return []
    voc = conduct_vocabulary()
    out = []
    for t in ctx.mine():
        lowered = t.text.lower()
        if not any(w in lowered for w in voc["payment_words"]):
            continue
        if any(w in lowered for w in voc["legal"]) or t.has(
            "refusal", "question.open", "question.closed"
        ):
            continue
        days = [
            (e.get("days") or 0) + (30 if e.get("end_of_month") else 0)
            for e in t.analysis.of("DURATION")
            if _stands_on(t, e)
            and any(
                w in lowered[max(0, e["start"] - 40) : e["start"]] for w in voc["payment_words"]
            )
        ]
        if any(d > cap + (15 if "fin de mois" in lowered else 0) for d in days):
            out.append(cite(t, say(ctx, "over_legal_cap", cap=cap)))
    terms = ctx.transcript.final_terms or {}
    if ctx.speaker is None and float(terms.get("payment_days") or 0) > cap:
        out.append(absence(say(ctx, "deal_over_cap", days=terms["payment_days"], cap=cap)))
    return out


def _over_own_payment_limit(ctx: Context) -> list[Evidence]:
    """A deal whose payment term is beyond the candidates' own limit (their reservation)."""
    terms = ctx.transcript.final_terms or {}
    if ctx.speaker is not None:
        return []
    out = []
    for issue in ctx.loaded.scenario.issues:
        pref = issue.learner
        if issue.unit != "days" or issue.id not in terms or pref is None:
            continue
        limit = getattr(pref, "reservation", None)
        if limit is None or getattr(pref, "direction", None) != "down":
            continue
        if float(terms[issue.id]) > limit:
            out.append(absence(say(ctx, "deal_over_limit", days=terms[issue.id], limit=limit)))
    return out


def legal_errors(ctx: Context) -> Measure:
    wrong = _over_payment_cap(ctx)
    cap = _payment_cap(ctx)
    if cap is None:
        return Measure(None, say(ctx, "no_legal_cap"))
    invoked = [
        t
        for t in ctx.mine()
        if any(w in t.text.lower() for w in conduct_vocabulary()["legal"])
        and any(w in t.text.lower() for w in conduct_vocabulary()["payment_words"])
    ]
    ev = (
        wrong
        or [cite(t, say(ctx, "legal_rule_invoked")) for t in invoked[:2]]
        or [absence(say(ctx, "no_term_over_cap", cap=cap))]
    )
    return Measure(float(len(wrong)), say(ctx, "legal_errors", n=len(wrong)), ev)
