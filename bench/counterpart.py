"""Scripted candidates against the counterpart, now and before: deals, limits, words.

    .venv/bin/python bench/counterpart.py [--baseline REF] [--seed N] [--scenario ID] [--agents]

Every kind of ``negosim.scripted`` candidate plays every shipped scenario against
the counterpart of this tree and against the one at ``--baseline`` (a git ref,
extracted with ``git archive``; by default the commit before issue 17), in the
same run, and the figures are printed side by side with the issue's goals.
``--agents`` adds published automated negotiators (NegMAS) in the candidate's seat,
with the same agents playing each other as the reference (``pip install -e .[bench]``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
BASELINE = "b5fa230"  # the counterpart before issue 17


def worker(tree: Path, seed: int, only: str | None, with_agents: bool = False) -> None:
    """Play everything with the engine of ``tree``; print one JSON line per run."""
    sys.path.insert(0, str(tree))
    import negosim

    negosim.__path__.append(str(HERE / "negosim"))  # the scripts come from this tree
    from negosim.scenario import load_scenario_file
    from negosim.scripted.candidates import KINDS
    from negosim.scripted.match import play
    from negosim.scripted.measures import measure

    for path in sorted((tree / "scenarios").glob("*.yaml")):
        if only and path.stem != only:
            continue
        loaded = load_scenario_file(path)
        for kind in KINDS:
            rec = play(loaded, kind, seed)
            row = measure(loaded.scenario, rec)
            row["deterministic"] = asdict(play(loaded, kind, seed)) == asdict(rec)
            print(json.dumps(row), flush=True)
        if with_agents:  # NegMAS agents: against this counterpart, and against each other
            from negosim.scripted.agents import AGENTS, against_counterpart, agents_alone

            for agent in AGENTS:
                for row in (against_counterpart(loaded, agent, seed), agents_alone(loaded, agent)):
                    print(json.dumps({"kind": "agent", **row}), flush=True)


def _rows(tree: Path, seed: int, only: str | None, agents: bool) -> subprocess.Popen[str]:
    cmd = [sys.executable, __file__, "--worker", str(tree), "--seed", str(seed)]
    if only:
        cmd += ["--scenario", only]
    if agents:
        cmd += ["--agents"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=HERE)


def _pct(n: float, d: float) -> str:
    return f"{100 * n / d:5.1f} %" if d else "    –"


def summary(rows: list[dict]) -> dict[str, str]:
    deals = [r for r in rows if r["deal"]]
    by = {(r["scenario"], r["kind"]): r for r in rows}
    scenarios = sorted({r["scenario"] for r in rows})
    ahead, joint_ahead, ratios, free, hard = 0, 0, [], [], 0
    for s in scenarios:
        lr, sp, hb = by.get((s, "logroll")), by.get((s, "split")), by.get((s, "hardball"))
        if lr and lr["deal"] and (not sp["deal"] or lr["u_l"] > sp["u_l"] + 1e-9):
            ahead += 1
        if lr and lr["deal"] and (not sp["deal"] or lr["joint"] > sp["joint"] + 1e-9):
            joint_ahead += 1
        if lr and lr["deal"] and lr.get("nash_joint"):
            ratios.append(lr["joint"] / lr["nash_joint"])
            free.append(lr["joint"] / lr["free_nash_joint"])
        if hb["deal"] and (not sp["deal"] or hb["u_l"] > sp["u_l"] + 1e-9):
            hard += 1
    need = {k: [r for r in rows if r["kind"] == k] for k in ("never_asks", "split", "asks_well")}
    asked = sum(r["asked"] for r in rows)
    sentences = sum(r["sentences"] for r in rows)
    return {
        "deal rate": _pct(len(deals), len(rows)),
        "deals below reservation": str(sum(r["below_reservation"] for r in rows)),
        "deals past a per-issue limit": str(sum(r["past_limit"] for r in rows)),
        "walk-outs of conceding candidates": str(sum(r["conceding_walkout"] for r in rows)),
        "logroll ahead of split, its own utility": f"{ahead}/{len(scenarios)}",
        "logroll ahead of split, joint utility": f"{joint_ahead}/{len(scenarios)}",
        "logroll joint / Nash joint in limits (mean)": f"{_mean(ratios):.2f}" if ratios else "–",
        "logroll joint / Nash joint, no limits (mean)": f"{_mean(free):.2f}" if free else "–",
        "hardball better off than split": f"{hard}/{len(scenarios)}",
        "needs: never asks / asks generally / asks well": " / ".join(
            _pct(sum(r["needs"] for r in v), sum(r["needs_total"] for r in v)).strip()
            for v in need.values()
        ),
        "questions answered on topic": _pct(sum(r["answered"] for r in rows), asked),
        "repeated sentences (10 turns)": _pct(sum(r["repeated"] for r in rows), sentences),
        "contradictions": str(sum(r["contradictions"] for r in rows)),
        "concessions to off-topic talk": str(sum(r["off_topic_concessions"] for r in rows)),
        "same-seed determinism": _pct(sum(r["deterministic"] for r in rows), len(rows)),
        "counterpart utility in deals (mean)": f"{_mean(r['u_c'] for r in deals):.2f}",
        "candidate utility in deals (mean)": f"{_mean(r['u_l'] for r in deals):.2f}",
    }


GOALS = {
    "deals below reservation": "0",
    "deals past a per-issue limit": "0",
    "walk-outs of conceding candidates": "0",
    "logroll ahead of split, its own utility": "all",
    "logroll ahead of split, joint utility": "all",
    "logroll joint / Nash joint in limits (mean)": "≥ 0.90",
    "logroll joint / Nash joint, no limits (mean)": "≥ 0.90",
    "hardball better off than split": "0",
    "needs: never asks / asks generally / asks well": "0 / some / all",
    "questions answered on topic": "≥ 90 %",
    "repeated sentences (10 turns)": "≤ 5 %",
    "contradictions": "0",
    "concessions to off-topic talk": "0",
    "same-seed determinism": "100 %",
}


def _mean(values) -> float:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else 0.0


def _with_nash(rows: list[dict], tree: Path) -> None:
    sys.path.insert(0, str(tree))
    from negosim.engine.utility import nash_point
    from negosim.scenario import load_scenario_file
    from negosim.scripted.candidates import fair_point

    cache: dict[str, tuple[float | None, float | None]] = {}
    for r in rows:
        if r["scenario"] not in cache:
            s = load_scenario_file(tree / "scenarios" / f"{r['scenario']}.yaml").scenario
            fair, free = fair_point(s), nash_point(s)
            cache[r["scenario"]] = (
                fair[1] + fair[2] if fair else None,
                free[1] + free[2] if free else None,
            )
        r["nash_joint"], r["free_nash_joint"] = cache[r["scenario"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default=BASELINE, help="git ref of the previous counterpart")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--scenario", default=None, help="one scenario id only")
    ap.add_argument("--agents", action="store_true", help="also NegMAS agents (pip .[bench])")
    ap.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args.worker, args.seed, args.scenario, args.agents)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", args.baseline, "negosim", "scenarios"],
            cwd=HERE,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        jobs = {
            "baseline": _rows(base, args.seed, args.scenario, args.agents),
            "now": _rows(HERE, args.seed, args.scenario, args.agents),
        }
        every = {name: [json.loads(line) for line in job.stdout] for name, job in jobs.items()}
        rows = {k: [r for r in v if r["kind"] != "agent"] for k, v in every.items()}
        bots = {k: [r for r in v if r["kind"] == "agent"] for k, v in every.items()}
        for job in jobs.values():
            if job.wait():
                sys.exit("a worker failed")
    _with_nash(rows["now"], HERE)
    _with_nash(rows["baseline"], HERE)
    print(f"{'scenario':32} {'kind':11} {'baseline':>22} {'now':>22}")
    base_by = {(r["scenario"], r["kind"]): r for r in rows["baseline"]}
    for r in rows["now"]:
        b = base_by.get((r["scenario"], r["kind"]))
        print(f"{r['scenario']:32} {r['kind']:11} {_cell(b):>22} {_cell(r):>22}")
    print()
    before, after = summary(rows["baseline"]), summary(rows["now"])
    print(f"{'measure':48} {'baseline':>16} {'now':>16} {'goal':>16}")
    for key in after:
        print(f"{key:48} {before.get(key, '–'):>16} {after[key]:>16} {GOALS.get(key, ''):>16}")
    if args.agents:
        print()
        _agents_table(bots["baseline"], bots["now"])


def _agents_table(before: list[dict], after: list[dict]) -> None:
    """Agents in the candidate's seat vs the counterpart, and the same agents vs each other."""

    def figures(rows: list[dict]) -> dict[str, str]:
        if not rows:
            return {}
        deals = [r for r in rows if r["deal"]]
        joint = [r["u_c"] + r["u_l"] for r in rows]
        return {
            "deal rate": _pct(len(deals), len(rows)),
            "counterpart-side utility (no deal: BATNA)": f"{_mean(r['u_c'] for r in rows):.2f}",
            "joint utility (no deal: both BATNAs)": f"{_mean(joint):.2f}",
            "deals below its reservation": str(sum(r["below_reservation"] for r in rows)),
        }

    seat = {
        "engine before": figures([r for r in before if r["seat"] == "engine"]),
        "engine now": figures([r for r in after if r["seat"] == "engine"]),
        "agents vs agents": figures([r for r in after if r["seat"] == "agents"]),
    }
    n = len([r for r in after if r["seat"] == "engine"])
    print(f"NegMAS agents in the candidate's seat ({n} sessions)")
    print(f"{'measure':44} " + " ".join(f"{k:>17}" for k in seat))
    for key in seat["engine now"]:
        print(f"{key:44} " + " ".join(f"{v.get(key, '–'):>17}" for v in seat.values()))


def _cell(r: dict | None) -> str:
    if r is None:
        return "–"
    if not r["deal"]:
        return f"{r['reason'] or r['outcome']} @{r['turns']}"
    return f"deal @{r['turns']} {r['u_c']:.2f}/{r['u_l']:.2f}"


if __name__ == "__main__":
    main()
