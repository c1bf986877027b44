"""Grading: indicators to levels per criterion, for the group and for each candidate.

A pure function of the transcript, the scenario version and the rubric version,
so scoring the same run twice gives the same result.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from negosim.content import load_yaml
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.calibrate import PLAIN, Line, session_mean, shipped
from negosim.scoring.indicators import INDICATORS, Context, Measure
from negosim.scoring.indicators.base import say
from negosim.scoring.rubric import LEVEL_ORDER, Criterion, IndicatorUse, LoadedRubric
from negosim.scoring.transcript import Transcript


@cache
def advice_lines() -> dict[str, dict[str, str]]:
    return load_yaml(
        resources.files("negosim.scoring").joinpath("data/advice.yaml").read_text("utf-8")
    )


def advise(criterion: Criterion, used: list[dict[str, Any]], lang: str) -> str:
    """The criterion's advice, then one concrete line per indicator below S, with its figure."""
    lines = [criterion.advice.get(lang, "")]
    for u in used:
        if u["level"] in ("TI", "I"):
            text = advice_lines().get(u["id"], {}).get(lang)
            if text and text not in lines:
                lines.append(text.replace("{value}", u["display"]))
    return " ".join(line for line in lines if line)


def indicator_level(use: IndicatorUse, value: float) -> int:
    """0 (TI) to 3 (TS): how many of the three thresholds the value reaches."""
    if use.lower_is_better:
        return sum(1 for t in use.thresholds if value <= t)
    return sum(1 for t in use.thresholds if value >= t)


def measure_criterion(
    criterion: Criterion, ctx: Context, cache: dict[str, Measure]
) -> dict[str, Any]:
    """The criterion's indicators and evidence, and what its rules make of them: ``raw``
    (their weighted mean level, 0–3) and ``cap`` (the lowest capping indicator's level)."""
    used, evidence, total, weight = [], [], 0.0, 0.0
    caps: list[int] = []
    for use in criterion.indicators:
        if use.id not in cache:
            cache[use.id] = INDICATORS[use.id](ctx)
        m = cache[use.id]
        if m.value is None:
            used.append({"id": use.id, "value": None, "display": m.display, "level": None})
            continue
        lvl = indicator_level(use, m.value)
        if use.cap:
            caps.append(lvl)
        else:
            total += lvl * use.weight
            weight += use.weight
        used.append(
            {
                "id": use.id,
                "value": round(m.value, 4),
                "display": m.display,
                "level": LEVEL_ORDER[lvl],
            }
        )
        evidence.extend(e.to_dict() for e in m.evidence)
    if not weight and not caps:
        evidence.append(
            {
                "seq": None,
                "time": None,
                "speaker": "",
                "quote": "",
                "note": say(ctx, "no_indicator_applies"),
            }
        )
    raw = total / weight if weight else float(min(caps, default=0))
    return {
        "used": used,
        "evidence": evidence,
        "raw": round(raw, 4),
        "cap": min(caps) if caps else None,
    }


def graded(criterion: Criterion, measured: dict[str, Any], index: int, lang: str) -> dict:
    level = LEVEL_ORDER[index]
    return {
        "id": criterion.id,
        "group": criterion.group,
        "label": criterion.label,
        "weight": criterion.weight,
        "level": level,
        "raw": measured["raw"],
        "cap": measured["cap"],
        "descriptor": criterion.descriptors.get(level, ""),
        "indicators": measured["used"],
        "evidence": measured["evidence"][:8],
        "advice": advise(criterion, measured["used"], lang) if index < 2 else "",
    }


def grade_all(
    criteria: list[Criterion],
    ctx: Context,
    lang: str,
    lines: Mapping[str, Line],
    mean: float | None = None,
) -> tuple[list[dict[str, Any]], float]:
    """Each criterion's level: its rules' raw value on the examiners' scale (``calibrate``),
    with the session's mean raw (``mean``: the team's, for a candidate's criteria)."""
    cache: dict[str, Measure] = {}
    measured = [measure_criterion(c, ctx, cache) for c in criteria]
    if mean is None:
        mean = session_mean(m["raw"] for m in measured)
    out = [
        graded(c, m, lines.get(c.id, PLAIN).level(m["raw"], mean, m["cap"]), lang)
        for c, m in zip(criteria, measured, strict=True)
    ]
    return out, mean


def score(
    transcript: Transcript,
    loaded: LoadedScenario,
    rubric: LoadedRubric,
    lines: Mapping[str, Line] | None = None,
) -> dict[str, Any]:
    """The debrief: each criterion's level with evidence, per group and per candidate.

    ``lines`` put the rules on the examiners' scale; left out, the shipped calibration's
    (``{}``: the plain rules, as the calibration bench fits them)."""
    lang = loaded.scenario.language
    lines = shipped()[0] if lines is None else lines
    ctx = Context(transcript, loaded)
    criteria, team_mean = grade_all(list(rubric.rubric.criteria), ctx, lang, lines)
    points = {lv.id: lv.points for lv in rubric.rubric.levels}
    total_w = sum(c["weight"] for c in criteria) or 1.0
    overall = sum(points[c["level"]] * c["weight"] for c in criteria) / total_w
    overall_level = min(rubric.rubric.levels, key=lambda lv: abs(lv.points - overall)).id

    candidates = []
    speakers: dict[str, str] = {}
    for t in transcript.candidate_turns():
        speakers.setdefault(t.speaker, t.name)
    total_words = sum(t.words for t in transcript.candidate_turns()) or 1
    for speaker, name in speakers.items():
        mine = Context(transcript, loaded, speaker=speaker)
        own_criteria = [c for c in rubric.rubric.criteria if c.per_candidate]
        own, _ = grade_all(own_criteria, mine, lang, lines, team_mean)
        words = sum(t.words for t in transcript.candidate_turns() if t.speaker == speaker)
        asked = sum(
            1
            for t in transcript.candidate_turns()
            if t.speaker == speaker and t.analysis.is_question
        )
        candidates.append(
            {
                "speaker": speaker,
                "name": name,
                "turns": sum(1 for t in transcript.candidate_turns() if t.speaker == speaker),
                "talk_share": round(words / total_words, 3),
                "questions": asked,
                "points": _points(own, points),
                "criteria": own,
            }
        )
    return {
        "rubric": {"id": rubric.rubric.id, "title": rubric.rubric.title, "digest": rubric.digest},
        "scenario": {"id": loaded.id, "digest": loaded.digest},
        "outcome": transcript.outcome,
        "final_terms": transcript.final_terms,
        "overall": {"points": round(overall, 2), "out_of": 20, "level": overall_level},
        "levels": [
            {"id": lv.id, "label": lv.label, "points": lv.points} for lv in rubric.rubric.levels
        ],
        "criteria": criteria,
        "candidates": candidates,
        "references": dict(rubric.rubric.references),
        "figures": figures(transcript, rubric, ctx),
    }


def _points(criteria: list[dict[str, Any]], points: dict[str, float]) -> float:
    """Weighted mean of the criteria's level points (out of 20)."""
    weight = sum(c["weight"] for c in criteria) or 1.0
    return round(sum(points[c["level"]] * c["weight"] for c in criteria) / weight, 2)


def figures(transcript: Transcript, rubric: LoadedRubric, ctx: Context) -> list[dict[str, Any]]:
    """The team's figures shown beside the published references (references, not norms)."""
    words = sum(t.words for t in transcript.turns) or 1
    mine = sum(t.words for t in transcript.candidate_turns())
    asked = sum(1 for t in transcript.candidate_turns() if t.analysis.is_question)
    refs = rubric.rubric.references
    return [
        {
            "id": "talk_share",
            "label": say(ctx, "figure_talk_share"),
            "value": round(mine / words, 3),
            "display": f"{round(100 * mine / words)} %",
            "reference": refs.get("talk_share", ""),
        },
        {
            "id": "questions",
            "label": say(ctx, "figure_questions"),
            "value": asked,
            "display": str(asked),
            "reference": refs.get("questions", ""),
        },
    ]
