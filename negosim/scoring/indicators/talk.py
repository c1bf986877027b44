"""How the candidates run the conversation: who talks, how much, and whether they set an agenda."""

from __future__ import annotations

from negosim.scoring.indicators.base import (
    Context,
    Measure,
    _pct,
    absence,
    cite,
    conduct_vocabulary,
    say,
)
from negosim.scoring.transcript import Turn


def talk_share_gap(ctx: Context) -> Measure:
    """Distance of the candidates' share of words from 43 % (top sellers, Gong 25,537 calls)."""
    words = sum(t.words for t in ctx.transcript.turns)
    mine = sum(t.words for t in ctx.transcript.candidate_turns())
    if not words or not mine:
        return Measure(None, "—")
    share = mine / words
    longest = max(ctx.transcript.candidate_turns(), key=lambda t: t.words)
    return Measure(
        abs(share - 0.43),
        say(ctx, "share_reference", share=_pct(share)),
        [cite(longest, say(ctx, "longest_turn", n=longest.words))],
    )


def talk_share_band(ctx: Context) -> Measure:
    """How far the candidates' share of words falls outside 30–75 % (silent or monopolising).

    The published figures (43 % for top sellers, 65–75 % on average) are shown as references,
    not used as a norm.
    """
    words = sum(t.words for t in ctx.transcript.turns)
    mine = sum(t.words for t in ctx.transcript.candidate_turns())
    if not words or not mine:
        return Measure(1.0, say(ctx, "no_speech"), [absence(say(ctx, "candidates_said_nothing"))])
    share = mine / words
    gap = max(0.0, 0.30 - share, share - 0.75)
    longest = max(ctx.transcript.candidate_turns(), key=lambda t: t.words)
    return Measure(
        gap,
        say(ctx, "share_references", share=_pct(share)),
        [cite(longest, say(ctx, "longest_turn", n=longest.words))],
    )


def participation_balance(ctx: Context) -> Measure:
    """Smallest candidate's share of candidate words over the largest's (1 = even)."""
    per: dict[str, int] = {}
    for t in ctx.transcript.candidate_turns():
        per[t.speaker] = per.get(t.speaker, 0) + t.words
    if len(per) < 2:
        return Measure(None, say(ctx, "single_candidate"))
    lo, hi = min(per.values()), max(per.values())
    quiet = min(per, key=per.__getitem__)
    turn = next(t for t in ctx.transcript.candidate_turns() if t.speaker == quiet)
    return Measure(
        lo / hi, say(ctx, "words_against", lo=lo, hi=hi), [cite(turn, say(ctx, "least_present"))]
    )


def longest_monologue(ctx: Context) -> Measure:
    """Most words one candidate says in a row (consecutive turns of the same speaker merged)."""
    runs: list[tuple[Turn, int]] = []
    last: str | None = None
    for t in ctx.transcript.turns:
        if t.side == "learner" and (ctx.speaker is None or t.speaker == ctx.speaker):
            if t.speaker == last and runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + t.words)
            else:
                runs.append((t, t.words))
            last = t.speaker
        else:
            last = None
    if not runs:
        return Measure(None, "—")
    turn, words = max(runs, key=lambda r: r[1])
    return Measure(
        float(words),
        say(ctx, "n_words", n=words),
        [cite(turn, say(ctx, "longest_monologue", n=words))],
    )


def agenda_set(ctx: Context) -> Measure:
    """Whether the candidates proposed a structure for the meeting in their first turns."""
    words = conduct_vocabulary()["agenda"].get(ctx.lang, [])
    early = ctx.transcript.candidate_turns()[:4]
    hit = next((t for t in early if any(w in t.text.lower() for w in words)), None)
    if hit is None:
        return Measure(0.0, say(ctx, "no_agenda"), [absence(say(ctx, "no_structure"))])
    return Measure(1.0, say(ctx, "agenda_proposed"), [cite(hit, say(ctx, "structure_proposed"))])
