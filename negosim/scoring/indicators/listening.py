"""Whether the candidates listen: questions, reformulations, needs found, objections handled."""

from __future__ import annotations

from negosim.scoring.indicators.base import (
    Context,
    Measure,
    _pct,
    absence,
    cite,
    say,
)


def _minutes(ctx: Context) -> float:
    turns = ctx.transcript.turns
    end = max((t.elapsed_s for t in turns), default=0.0)
    return max(end / 60.0, 1.0)


def questions_per_10min(ctx: Context) -> Measure:
    qs = [t for t in ctx.mine() if t.analysis.is_question]
    rate = 10 * len(qs) / _minutes(ctx)
    return Measure(
        rate,
        say(ctx, "questions_rate", rate=rate, n=len(qs)),
        [cite(t, say(ctx, "question")) for t in qs[:4]] or [absence(say(ctx, "no_question_asked"))],
    )


def open_question_share(ctx: Context) -> Measure:
    qs = [t for t in ctx.mine() if t.analysis.is_question]
    if not qs:
        return Measure(0.0, say(ctx, "no_question"), [absence(say(ctx, "no_question_asked"))])
    opens = [t for t in qs if t.has("question.open")]
    return Measure(
        len(opens) / len(qs),
        _pct(len(opens) / len(qs)),
        [cite(t, say(ctx, "open_question")) for t in opens[:3]]
        or [cite(qs[0], say(ctx, "closed_question"))],
    )


def reformulations(ctx: Context) -> Measure:
    turns = [t for t in ctx.mine() if t.has("reformulation", "acknowledgment")]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, say(ctx, "reformulation")) for t in turns[:4]]
        or [absence(say(ctx, "no_reformulation"))],
    )


def needs_discovered(ctx: Context) -> Measure:
    needs = ctx.loaded.scenario.hidden_needs
    if not needs:
        return Measure(None, "—")
    evidence = []
    for seq, need in ctx.transcript.revealed:
        asking = [t for t in ctx.mine() if t.seq < seq]
        if asking:
            evidence.append(cite(asking[-1], say(ctx, "need_revealed", need=need)))
    found = len({n for _, n in ctx.transcript.revealed})
    return Measure(
        found / len(needs),
        f"{found} / {len(needs)}",
        evidence or [absence(say(ctx, "no_hidden_need"))],
    )


def objections_resolved(ctx: Context) -> Measure:
    raised = ctx.transcript.raised
    if not raised:
        return Measure(None, say(ctx, "no_objection"))
    ok = [obj for obj, (_, res) in ctx.transcript.resolved.items() if res]
    evidence = []
    for obj, (seq, res) in ctx.transcript.resolved.items():
        answer = [t for t in ctx.transcript.candidate_turns() if t.seq < seq]
        if answer:
            evidence.append(
                cite(
                    answer[-1],
                    say(ctx, "objection_resolved" if res else "objection_unresolved", obj=obj),
                )
            )
    return Measure(len(ok) / len(raised), f"{len(ok)} / {len(raised)}", evidence)


def _objection_points(ctx: Context) -> list[int]:
    """Seqs where the counterpart objected: recorded objections and objection turns."""
    seqs = {seq for seq, _ in ctx.transcript.raised}
    for t in ctx.transcript.turns:
        if (
            t.side != "learner"
            and t.has("objection")
            and not any(abs(t.seq - s) <= 2 for s in seqs)
        ):
            seqs.add(t.seq)
    return sorted(seqs)


def objections_acknowledged(ctx: Context) -> Measure:
    """Share of objections whose first answer acknowledges, restates or asks before arguing."""
    points = _objection_points(ctx)
    if not points:
        return Measure(None, say(ctx, "no_objection"))
    ok, answered, evidence = 0, 0, []
    for seq in points:
        answer = next(
            (t for t in ctx.transcript.turns if t.seq > seq and t.side == "learner"), None
        )
        if answer is None or (ctx.speaker and answer.speaker != ctx.speaker):
            continue
        answered += 1
        acked = answer.has("acknowledgment", "reformulation", "question.open", "question.closed")
        ok += acked
        note = say(ctx, "objection_acknowledged" if acked else "direct_answer")
        evidence.append(cite(answer, note))
    if ctx.speaker and not answered:
        return Measure(None, say(ctx, "answered_no_objection"))
    total = answered if ctx.speaker else len(points)
    return Measure(ok / total, f"{ok} / {total}", evidence[:4])
