"""Whether the candidates listen: questions, reformulations, needs found, objections handled."""

from __future__ import annotations

from negosim.scoring.indicators.base import (
    Context,
    Measure,
    _pct,
    absence,
    cite,
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
        f"{rate:.1f} / 10 min ({len(qs)} questions)",
        [cite(t, "question") for t in qs[:4]] or [absence("aucune question posée")],
    )


def open_question_share(ctx: Context) -> Measure:
    qs = [t for t in ctx.mine() if t.analysis.is_question]
    if not qs:
        return Measure(0.0, "aucune question", [absence("aucune question posée")])
    opens = [t for t in qs if t.has("question.open")]
    return Measure(
        len(opens) / len(qs),
        _pct(len(opens) / len(qs)),
        [cite(t, "question ouverte") for t in opens[:3]] or [cite(qs[0], "question fermée")],
    )


def reformulations(ctx: Context) -> Measure:
    turns = [t for t in ctx.mine() if t.has("reformulation", "acknowledgment")]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, "reformulation / prise en compte") for t in turns[:4]]
        or [absence("aucune reformulation ni prise en compte")],
    )


def needs_discovered(ctx: Context) -> Measure:
    needs = ctx.loaded.scenario.hidden_needs
    if not needs:
        return Measure(None, "—")
    evidence = []
    for seq, need in ctx.transcript.revealed:
        asking = [t for t in ctx.mine() if t.seq < seq]
        if asking:
            evidence.append(cite(asking[-1], f"a fait révéler : {need}"))
    found = len({n for _, n in ctx.transcript.revealed})
    return Measure(
        found / len(needs),
        f"{found} / {len(needs)}",
        evidence or [absence("aucun besoin caché découvert")],
    )


def objections_resolved(ctx: Context) -> Measure:
    raised = ctx.transcript.raised
    if not raised:
        return Measure(None, "aucune objection")
    ok = [obj for obj, (_, res) in ctx.transcript.resolved.items() if res]
    evidence = []
    for obj, (seq, res) in ctx.transcript.resolved.items():
        answer = [t for t in ctx.transcript.candidate_turns() if t.seq < seq]
        if answer:
            evidence.append(
                cite(answer[-1], f"objection {obj} : {'levée' if res else 'non traitée'}")
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
        return Measure(None, "aucune objection")
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
        note = (
            "objection prise en compte avant d'y répondre"
            if acked
            else "réponse directe, sans prise en compte"
        )
        evidence.append(cite(answer, note))
    if ctx.speaker and not answered:
        return Measure(None, "n'a répondu à aucune objection")
    total = answered if ctx.speaker else len(points)
    return Measure(ok / total, f"{ok} / {total}", evidence[:4])
