"""What the debrief page shows, built from a run's score: the coach's summary first, then
the grid with each turn cited once, then each candidate's share and own evidence."""

from __future__ import annotations

from typing import Any

from negosim.engine.phrasing import format_value
from negosim.scenario.loader import LoadedScenario
from negosim.scoring import LoadedRubric
from negosim.scoring.coach import deal_chart, highlights, unique_evidence
from negosim.scoring.missed import better_deal
from negosim.scoring.teams import team_view


def _deduped(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c | {"evidence": unique_evidence(c["evidence"])} for c in criteria]


def _missed(loaded: LoadedScenario, terms: dict[str, Any] | None) -> dict[str, Any]:
    found = better_deal(loaded.scenario, terms)
    if found is None:  # the deal is on the frontier, or no package suits both sides
        return {"found": False, "had_deal": bool(terms)}
    lang = loaded.scenario.language
    issues = {i.id: i for i in loaded.scenario.issues}

    def shown(issue_id: str, value: Any) -> str:
        return format_value(issues[issue_id], value, lang) if value is not None else "—"

    moves = [
        {
            "label": issues[m.issue].label,
            "signed": shown(m.issue, m.signed),
            "better": shown(m.issue, m.better),
            "gain": m.gain,
        }
        for m in found.moves
    ]
    return {
        "terms": [{"label": issues[k].label, "value": shown(k, v)} for k, v in found.terms.items()],
        "moves": moves,
        "you": (round(100 * found.learner_signed), round(100 * found.learner)),
        "them": (round(100 * found.counterpart_signed), round(100 * found.counterpart)),
        "had_deal": bool(terms),
        "found": True,
    }


def in_language(result: dict[str, Any], rubric: LoadedRubric, lang: str) -> dict[str, Any]:
    """The score with the rubric's words in ``lang`` where the rubric has them; the
    levels, points and evidence are the score's own."""
    text = rubric.rubric.translations.get(lang)  # type: ignore[call-overload]
    if text is None:
        return result

    def criterion(c: dict[str, Any]) -> dict[str, Any]:
        t = text.criteria.get(c["id"])
        if t is None:
            return c
        return c | {
            "group": t.group or c.get("group"),
            "label": t.label or c["label"],
            "descriptor": t.descriptors.get(c["level"], c.get("descriptor", "")),
        }

    return result | {
        "levels": [
            lv | {"label": text.levels.get(lv["id"], lv["label"])} for lv in result["levels"]
        ],
        "references": result.get("references", {}) | text.references,
        "criteria": [criterion(c) for c in result["criteria"]],
        "candidates": [
            cand | {"criteria": [criterion(c) for c in cand["criteria"]]}
            for cand in result.get("candidates", [])
        ],
        "teams": [
            team | {"criteria": [criterion(c) for c in team["criteria"]]}
            for team in result.get("teams") or []
        ],
    }


def descriptors_in(rubric: LoadedRubric, lang: str) -> dict[str, dict[str, str]]:
    text = rubric.rubric.translations.get(lang)  # type: ignore[call-overload]
    out = {c.id: dict(c.descriptors) for c in rubric.rubric.criteria}
    for cid, t in text.criteria.items() if text else ():
        out[cid] |= t.descriptors
    return out


def debrief_view(
    result: dict[str, Any],
    loaded: LoadedScenario,
    rubric: LoadedRubric,
    side: str | None,
    lang: str = "fr",
) -> dict[str, Any]:
    """The page's sections; ``side``: the team whose debrief it is (team against team);
    ``lang``: the interface's language, for the rubric's words."""
    view = team_view(loaded, side) if side else loaded
    terms = result.get("final_terms")
    result = in_language(result, rubric, lang)
    descriptors = descriptors_in(rubric, lang)
    criteria = _deduped(result["criteria"])
    candidates = [
        cand | {"criteria": _deduped(cand["criteria"]), "quotes": _own_quotes(cand)}
        for cand in result.get("candidates", [])
    ]
    return {
        "result": result,
        "criteria": criteria,
        "candidates": candidates,
        "highlights": highlights(criteria, descriptors),
        "chart": deal_chart(view.scenario, terms, loaded.scenario.language),
        "missed": _missed(view, terms),
    }


def _own_quotes(candidate: dict[str, Any], n: int = 4) -> list[dict[str, Any]]:
    """The candidate's own turns the grid rests on, each once."""
    evidence = [e for c in candidate["criteria"] for e in c["evidence"] if e.get("seq")]
    return unique_evidence(evidence)[:n]
