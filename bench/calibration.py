"""Agreement of the scorer with the independent examiner on the calibration corpus.

Scores every session of ``tests/data/calibration`` (typed transcripts) and compares, leave
one scenario out, the scorer's level per criterion with the examiner's: exact level, within
one, Spearman per criterion and their mean, the profile (within a session, across criteria),
the /20 against the examiner's, and per candidate (the examiner gives each candidate a /20,
not levels, so the candidates' marks are compared). Beside it, the "halo" baseline: the
examiner's overall mark turned into a level and copied onto every criterion.

The scorer's calibration (``negosim/scoring/calibrate.py``: one line per criterion putting
the rules' raw value on the examiners' scale) is fitted, in each fold, on the other
scenarios' sessions only, and judged on the held-out scenario. The plain rules (no
calibration) and the shipped calibration (fitted on the whole corpus, so not a held-out
figure) are printed beside it. ``--fit`` writes the shipped calibration.
Run: ``python -m bench.calibration [--json] [--sessions c01,c02] [--details] [--fit]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scipy.stats import spearmanr

from negosim.analysis import analyze
from negosim.config import PROJECT_DIR
from negosim.scenario import load_scenario_file
from negosim.scoring import calibrate, load_rubric_file, score
from negosim.scoring.calibrate import PLAIN, Line, session_mean
from negosim.scoring.rubric import LEVEL_ORDER
from negosim.scoring.typed import TypedTranscript, to_transcript

CORPUS = PROJECT_DIR / "tests" / "data" / "calibration"
SCENARIOS = PROJECT_DIR / "scenarios"
RANK = {lv: i for i, lv in enumerate(LEVEL_ORDER)}


@dataclass
class Session:
    """A judged session and the rules' raw values (before any calibration)."""

    name: str
    scenario: str
    examiner: dict[str, int]
    examiner_20: float
    examiner_candidates: dict[str, float]
    raw: dict[str, tuple[float, int | None]] = field(default_factory=dict)
    candidates_raw: dict[str, dict[str, tuple[float, int | None]]] = field(default_factory=dict)
    # what a calibration makes of it (``predict``)
    scorer: dict[str, int] = field(default_factory=dict)
    scorer_20: float = 0.0
    scorer_candidates: dict[str, float] = field(default_factory=dict)

    def raw_values(self) -> dict[str, float]:
        return {c: r for c, (r, _) in self.raw.items()}

    def predict(self, lines: dict[str, Line]) -> Session:
        """The session scored with ``lines``, exactly as ``grade.score`` applies them."""
        mean = session_mean(r for r, _ in self.raw.values())
        self.scorer = {
            c: lines.get(c, PLAIN).level(r, mean, cap) for c, (r, cap) in self.raw.items()
        }
        self.scorer_20 = points_of(self.scorer)
        self.scorer_candidates = {
            who: points_of(
                {c: lines.get(c, PLAIN).level(r, mean, cap) for c, (r, cap) in own.items()}
            )
            for who, own in self.candidates_raw.items()
        }
        return self


RUBRIC = load_rubric_file(PROJECT_DIR / "rubrics" / "bloc3.yaml")
POINTS = [lv.points for lv in RUBRIC.rubric.levels]
WEIGHTS = {c.id: c.weight for c in RUBRIC.rubric.criteria}


def points_of(levels: dict[str, int]) -> float:
    """The weighted mean of the levels' points, out of 20, as ``grade`` computes it."""
    weight = sum(WEIGHTS[c] for c in levels) or 1.0
    return round(sum(POINTS[i] * WEIGHTS[c] for c, i in levels.items()) / weight, 2)


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
        result = score(tr, loaded, RUBRIC, lines={})  # the plain rules: raw values
        out.append(
            Session(
                name=name,
                scenario=typed.scenario,
                examiner={c: RANK[j["level"]] for c, j in judged["criteria"].items()},
                examiner_20=float(judged["overall_20"]),
                examiner_candidates={
                    k: float(v["overall_20"]) for k, v in (judged.get("candidates") or {}).items()
                },
                raw={c["id"]: raw_of(c) for c in result["criteria"]},
                candidates_raw={
                    c["speaker"]: {k["id"]: raw_of(k) for k in c["criteria"]}
                    for c in result["candidates"]
                },
            )
        )
    return out


def raw_of(criterion: dict) -> tuple[float, int | None]:
    """The rules' raw value and cap, as the graded criterion reports them."""
    return float(criterion["raw"]), criterion["cap"]


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


def fit(train: list[Session]) -> dict[str, Line]:
    """The calibration the training sessions give (``calibrate.fit``)."""
    return calibrate.fit((s.raw_values(), s.examiner) for s in train)


def loso(all_sessions: list[Session]) -> dict:
    """Leave one scenario out: each scenario's sessions scored by what the others fitted."""
    by_scenario: dict[str, list[Session]] = defaultdict(list)
    for s in all_sessions:
        by_scenario[s.scenario].append(s)
    for scenario_id, held in by_scenario.items():
        lines = fit([s for s in all_sessions if s.scenario != scenario_id])
        for s in held:
            s.predict(lines)
    return figures(all_sessions, by_scenario, fitted=True)


def figures(all_sessions: list[Session], by_scenario: dict, fitted: bool) -> dict:
    """Agreement of the sessions' current predictions with the examiner's."""
    scorer = agreement(all_sessions, lambda s: s.scorer)
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
        "fitted": fitted,
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
        "nothing fitted: the rules as they are"
        if not r["fitted"]
        else "each scenario scored by the calibration fitted on the other scenarios",
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


def digest() -> str:
    """What the shipped calibration was fitted on: the corpus, the rubric, the scoring code."""
    h = hashlib.sha256()
    scoring = PROJECT_DIR / "negosim" / "scoring"
    files = [
        *sorted(CORPUS.glob("c[0-9]*.json")),
        PROJECT_DIR / "rubrics" / "bloc3.yaml",
        *sorted((scoring / "indicators").glob("*.py")),
        scoring / "grade.py",
        scoring / "calibrate.py",
        scoring / "typed.py",
        scoring / "transcript.py",
        *sorted((scoring / "data").glob("*.yaml")),
    ]
    for path in files:
        if path.name != Path(calibrate.PATH).name:
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def summary(name: str, r: dict) -> str:
    sc = r["scorer"]
    return (
        f"{name:34} /20 ρ {_f(r['overall_spearman'])}  exact {sc['exact']:.2f}  "
        f"within1 {sc['within1']:.2f}  criterion ρ {sc['mean_spearman']:+.2f}  "
        f"profile {sc['profile']:+.2f}  candidates ρ {_f(r['candidates']['spearman_20'])}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--sessions", help="comma-separated session prefixes (c01,c02)")
    parser.add_argument("--details", action="store_true", help="list each session's gaps")
    parser.add_argument("--fit", action="store_true", help="write the shipped calibration")
    args = parser.parse_args()
    only = set(args.sessions.split(",")) if args.sessions else None
    corpus = sessions(only)
    scenarios = {s.scenario: [t for t in corpus if t.scenario == s.scenario] for s in corpus}
    plain = figures([s.predict({}) for s in corpus], scenarios, fitted=False)
    lines, fitted_on = calibrate.shipped()
    shipped = figures([s.predict(lines) for s in corpus], scenarios, fitted=False)
    r = loso(corpus)  # last: the sessions keep their held-out predictions for --details
    if args.fit:
        if only:
            parser.error("--fit uses the whole corpus: leave --sessions out")
        path = PROJECT_DIR / "negosim" / "scoring" / calibrate.PATH
        path.write_text(calibrate.dump(fit(corpus), digest(), len(corpus)), "utf-8")
        print(f"wrote {path.relative_to(PROJECT_DIR)} ({len(corpus)} sessions)")
    if args.json:
        print(
            json.dumps(
                {"loso": r, "plain": plain, "shipped": shipped}, ensure_ascii=False, indent=1
            )
        )
        return
    print(report(r))
    print()
    print("side by side (the plain rules and the shipped calibration are not held-out figures:")
    print("the shipped lines were fitted on every session scored here)")
    print(summary("plain rules (no calibration)", plain))
    print(summary("calibrated, leave-one-scenario-out", r))
    state = "current" if fitted_on == digest() else "STALE: run --fit"
    print(summary(f"shipped calibration ({state})", shipped))
    if args.details:
        for s in r["per_session"]:
            off = ", ".join(f"{c} {a}→{b}" for c, (a, b) in s["off"].items())
            print(f"{s['session']:42} {s['examiner_20']:5.1f} {s['scorer_20']:5.1f}  {off}")


if __name__ == "__main__":
    main()
