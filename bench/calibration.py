"""Agreement of the scorer with the independent examiner on the calibration corpus.

Scores every session of ``tests/data/calibration`` (typed transcripts) and compares, leave
one scenario out, the scorer's level per criterion with the examiner's: exact level, within
one, Spearman per criterion and their mean, the profile (within a session, across criteria),
the /20 against the examiner's, and per candidate (the examiner gives each candidate a /20,
not levels, so the candidates' marks are compared). Beside it, the "halo" baseline: the
examiner's overall mark turned into a level and copied onto every criterion.

Nothing in the scorer is fitted on the corpus today: every fold scores its held-out scenario
with the same rules, so leave-one-scenario-out equals plain agreement (printed as such).
Run: ``python bench/calibration.py [--json] [--sessions c01,c02]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from scipy.stats import spearmanr

from negosim.analysis import analyze
from negosim.config import PROJECT_DIR
from negosim.scenario import load_scenario_file
from negosim.scoring import load_rubric_file, score
from negosim.scoring.rubric import LEVEL_ORDER
from negosim.scoring.typed import TypedTranscript, to_transcript

CORPUS = PROJECT_DIR / "tests" / "data" / "calibration"
SCENARIOS = PROJECT_DIR / "scenarios"
RANK = {lv: i for i, lv in enumerate(LEVEL_ORDER)}


@dataclass
class Session:
    name: str
    scenario: str
    examiner: dict[str, int]
    examiner_20: float
    examiner_candidates: dict[str, float]
    scorer: dict[str, int] = field(default_factory=dict)
    scorer_20: float = 0.0
    scorer_candidates: dict[str, float] = field(default_factory=dict)


RUBRIC = load_rubric_file(PROJECT_DIR / "rubrics" / "bloc3.yaml")


def sessions(only: set[str] | None = None) -> list[Session]:
    out = []
    for path in sorted(CORPUS.glob("c[0-9]*-*.judgment.json")):
        judged = json.loads(path.read_text("utf-8"))
        name = judged["session"]
        if only and name.split("-")[0] not in only:
            continue
        typed = TypedTranscript.model_validate_json((CORPUS / name).read_text("utf-8"))
        loaded = load_scenario_file(SCENARIOS / f"{typed.scenario}.yaml")
        tr = to_transcript(typed, loaded, lambda text, context: analyze(text, context=context))
        result = score(tr, loaded, RUBRIC)
        out.append(
            Session(
                name=name,
                scenario=typed.scenario,
                examiner={c: RANK[j["level"]] for c, j in judged["criteria"].items()},
                examiner_20=float(judged["overall_20"]),
                examiner_candidates={
                    k: float(v["overall_20"]) for k, v in (judged.get("candidates") or {}).items()
                },
                scorer={c["id"]: RANK[c["level"]] for c in result["criteria"]},
                scorer_20=float(result["overall"]["points"]),
                scorer_candidates={c["speaker"]: float(c["points"]) for c in result["candidates"]},
            )
        )
    return out


def halo_level(points: float) -> int:
    """The examiner's /20 as the rubric's level whose points are nearest."""
    nearest = min(RUBRIC.rubric.levels, key=lambda level: abs(level.points - points))
    return RANK[nearest.id]


def rho(a: list[float], b: list[float]) -> float | None:
    """Spearman's rho, or None when either side is constant (no order to agree with)."""
    if len(a) < 3 or len(set(a)) < 2 or len(set(b)) < 2:
        return None
    return float(spearmanr(a, b).statistic)


def agreement(held_out: list[Session], predict) -> dict:
    """Figures of ``predict(session) -> {criterion: level}`` against the examiner's."""
    criteria = sorted(held_out[0].examiner)
    predicted = {s.name: predict(s) for s in held_out}
    per: dict[str, dict] = {}
    exact = within = n = 0
    for cid in criteria:
        ex = [s.examiner[cid] for s in held_out]
        mine = [predicted[s.name][cid] for s in held_out]
        e = sum(a == b for a, b in zip(ex, mine, strict=True))
        w = sum(abs(a - b) <= 1 for a, b in zip(ex, mine, strict=True))
        exact, within, n = exact + e, within + w, n + len(ex)
        per[cid] = {"exact": e / len(ex), "within1": w / len(ex), "spearman": rho(ex, mine)}
    profiles = []
    for s in held_out:
        p = predicted[s.name]
        r = rho([s.examiner[c] for c in criteria], [p[c] for c in criteria])
        profiles.append(0.0 if r is None else r)
    spearmans = [v["spearman"] if v["spearman"] is not None else 0.0 for v in per.values()]
    return {
        "exact": exact / n,
        "within1": within / n,
        "mean_spearman": statistics.fmean(spearmans),
        "profile": statistics.fmean(profiles),
        "criteria": per,
    }


def fit(train: list[Session]) -> None:
    """What the scorer would learn from the training scenarios: nothing, today."""
    return None


def loso(all_sessions: list[Session]) -> dict:
    """Leave one scenario out: each scenario's sessions scored by what the others fitted."""
    by_scenario: dict[str, list[Session]] = defaultdict(list)
    for s in all_sessions:
        by_scenario[s.scenario].append(s)
    predictions: dict[str, dict[str, int]] = {}
    for scenario_id, held in by_scenario.items():
        fit([s for s in all_sessions if s.scenario != scenario_id])
        for s in held:
            predictions[s.name] = s.scorer
    scorer = agreement(all_sessions, lambda s: predictions[s.name])
    halo = agreement(all_sessions, lambda s: dict.fromkeys(s.examiner, halo_level(s.examiner_20)))
    marks = [s.scorer_20 for s in all_sessions]
    examiner_marks = [s.examiner_20 for s in all_sessions]
    cand_mine, cand_ex, pairs_ok, pairs = [], [], 0, 0
    for s in all_sessions:
        common = [k for k in s.examiner_candidates if k in s.scorer_candidates]
        for k in common:
            cand_mine.append(s.scorer_candidates[k])
            cand_ex.append(s.examiner_candidates[k])
        for i, a in enumerate(common):
            for b in common[i + 1 :]:
                d_ex = s.examiner_candidates[a] - s.examiner_candidates[b]
                if d_ex:
                    pairs += 1
                    pairs_ok += (s.scorer_candidates[a] - s.scorer_candidates[b]) * d_ex > 0
    return {
        "sessions": len(all_sessions),
        "scenarios": len(by_scenario),
        "fitted": False,
        "scorer": scorer,
        "halo": halo,
        "overall_spearman": rho(examiner_marks, marks),
        "scorer_20_range": [min(marks), max(marks)],
        "examiner_20_range": [min(examiner_marks), max(examiner_marks)],
        "candidates": {
            "n": len(cand_mine),
            "spearman_20": rho(cand_ex, cand_mine),
            "pairs_ordered": pairs_ok / pairs if pairs else None,
            "pairs": pairs,
        },
        "per_session": [
            {
                "session": s.name,
                "examiner_20": s.examiner_20,
                "scorer_20": s.scorer_20,
                "off": {
                    c: [LEVEL_ORDER[s.examiner[c]], LEVEL_ORDER[s.scorer[c]]]
                    for c in s.examiner
                    if s.examiner[c] != s.scorer[c]
                },
            }
            for s in all_sessions
        ],
    }


def _f(x: float | None) -> str:
    return "  —  " if x is None else f"{x:+.2f}"


def report(r: dict) -> str:
    sc, halo = r["scorer"], r["halo"]
    lines = [
        f"calibration corpus: {r['sessions']} sessions, {r['scenarios']} scenarios, "
        "leave-one-scenario-out",
        "nothing in the scorer is fitted on the corpus: LOSO agreement equals plain agreement"
        if not r["fitted"]
        else "thresholds fitted on the training scenarios of each fold",
        "",
        f"{'figure':32} {'negosim':>8} {'halo':>8}",
        f"{'overall /20 vs examiner Spearman':32} {_f(r['overall_spearman']):>8} {'—':>8}",
        f"{'exact level':32} {sc['exact']:8.2f} {halo['exact']:8.2f}",
        f"{'within one level':32} {sc['within1']:8.2f} {halo['within1']:8.2f}",
        f"{'mean per-criterion Spearman':32} {sc['mean_spearman']:+8.2f} "
        f"{halo['mean_spearman']:+8.2f}",
        f"{'profile Spearman (in a session)':32} {sc['profile']:+8.2f} {halo['profile']:+8.2f}",
        f"/20 range: negosim {r['scorer_20_range'][0]:.1f}–{r['scorer_20_range'][1]:.1f}, "
        f"examiner {r['examiner_20_range'][0]:.1f}–{r['examiner_20_range'][1]:.1f}",
        f"per candidate (examiner gives a /20 each, no levels): n={r['candidates']['n']}, "
        f"Spearman of the /20 {_f(r['candidates']['spearman_20'])}, "
        f"pairs in a session ordered as the examiner "
        + (
            f"{r['candidates']['pairs_ordered']:.2f} of {r['candidates']['pairs']}"
            if r["candidates"]["pairs"]
            else "—"
        ),
        "",
        f"{'criterion':22} {'exact':>6} {'within1':>8} {'Spearman':>9} {'halo ρ':>8}",
    ]
    for cid, v in sc["criteria"].items():
        h = halo["criteria"][cid]
        lines.append(
            f"{cid:22} {v['exact']:6.2f} {v['within1']:8.2f} {_f(v['spearman']):>9} "
            f"{_f(h['spearman']):>8}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--sessions", help="comma-separated session prefixes (c01,c02)")
    parser.add_argument("--details", action="store_true", help="list each session's gaps")
    args = parser.parse_args()
    only = set(args.sessions.split(",")) if args.sessions else None
    r = loso(sessions(only))
    if args.json:
        print(json.dumps(r, ensure_ascii=False, indent=1))
        return
    print(report(r))
    if args.details:
        for s in r["per_session"]:
            off = ", ".join(f"{c} {a}→{b}" for c, (a, b) in s["off"].items())
            print(f"{s['session']:42} {s['examiner_20']:5.1f} {s['scorer_20']:5.1f}  {off}")


if __name__ == "__main__":
    main()
