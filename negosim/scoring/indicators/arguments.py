"""Whether the candidates argue: with proof, from the counterpart's needs, citing sources."""

from __future__ import annotations

import re

from negosim.scoring.indicators.base import (
    Context,
    Measure,
    absence,
    cite,
    conduct_vocabulary,
    say,
)
from negosim.scoring.indicators.truth import false_figures


def _invented(ctx: Context) -> set[int]:
    """Turns that state a figure contrary to the facts: an invented figure supports nothing."""
    return {e.seq for e in false_figures(ctx).evidence if e.seq is not None}


def argument_count(ctx: Context) -> Measure:
    invented = _invented(ctx)
    turns = [t for t in ctx.mine() if t.has("argument", "proof") and t.seq not in invented]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, say(ctx, "argument")) for t in turns[:4]] or [absence(say(ctx, "no_argument"))],
    )


def arguments_with_proof(ctx: Context) -> Measure:
    invented = _invented(ctx)
    turns = [t for t in ctx.mine() if t.has("proof") and t.seq not in invented]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, say(ctx, "proof")) for t in turns[:4]] or [absence(say(ctx, "no_proof"))],
    )


STOP = frozenset("avant après notre votre nous vous cette elles leurs comme alors aussi".split())


def _need_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\wéèêàâîôûç]{5,}", text.lower()) if w not in STOP}


def _expressed_needs(ctx: Context) -> list[tuple[int, str, set[str]]]:
    """Needs the counterpart expressed: hidden needs revealed, or its own ``need`` turns."""
    by_id = {n.id: n for n in ctx.loaded.scenario.hidden_needs}
    out = []
    for seq, need_id in ctx.transcript.revealed:
        need = by_id.get(need_id)
        if need:
            words = {k.lower() for k in need.reveal_if} | _need_words(need.fact)
            out.append((seq, need_id, words))
    for t in ctx.transcript.turns:
        if t.side != "learner" and t.has("need"):
            out.append((t.seq, say(ctx, "need_expressed", seq=t.seq), _need_words(t.text)))
    return out


def arguments_tied_to_needs(ctx: Context) -> Measure:
    """Share of the needs the counterpart expressed that a later argument builds on."""
    needs = _expressed_needs(ctx)
    if not needs:
        return Measure(
            0.0,
            say(ctx, "no_need_expressed"),
            [absence(say(ctx, "no_need_to_build_on"))],
        )
    used, evidence = set(), []
    for seq, need_id, words in needs:
        for t in ctx.mine():
            if t.seq > seq and t.has("argument", "proof", "concession.conditional"):
                if words & _need_words(t.text) or any(
                    w in t.text.lower() for w in words if " " in w
                ):
                    used.add(need_id)
                    evidence.append(cite(t, say(ctx, "argument_tied_to_need", need=need_id)))
                    break
    if not used:
        evidence.append(absence(say(ctx, "no_argument_tied")))
    return Measure(len(used) / len(needs), f"{len(used)} / {len(needs)}", evidence[:4])


def sources_cited(ctx: Context) -> Measure:
    """Turns that back a claim: a proof (figure, reference, certification) or a legal rule."""
    legal = conduct_vocabulary()["legal"]
    turns = [t for t in ctx.mine() if t.has("proof") or any(w in t.text.lower() for w in legal)]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, say(ctx, "source_cited")) for t in turns[:3]] or [absence(say(ctx, "no_source"))],
    )
