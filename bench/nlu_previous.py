"""Measure a previous release's analyser on today's test split: ``bench/nlu_previous.json``.

Run from this checkout with the previous release checked out elsewhere:
``git worktree add --detach /tmp/prev <commit> && python bench/nlu_previous.py /tmp/prev``.
The previous release had no term mentions and named a date's field ``iso``; both are
mapped so that the comparison is about reading, not field names.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST = HERE.parent / "tests" / "data" / "nlu" / "test"

PROBE = r"""
import json, sys
from negosim.analysis import TurnText, analyze_batch
turns = [json.loads(l) for l in sys.stdin if l.strip()]
lang = {"fr": "fr", "en": "en"}
got = analyze_batch(TurnText(t["text"], lang.get(t["lang"]), t.get("previous")) for t in turns)
for g in got:
    ents = [dict(e, value=e.get("iso", e.get("value"))) if e["label"] == "DATE" else e
            for e in g.entities]
    print(json.dumps({"acts": list(g.acts), "entities": ents, "lang": g.lang}))
"""


def main(previous: Path) -> None:
    from negosim.analysis.scoring import act_scores, act_summary, entity_scores

    turns = [json.loads(line) for name in ("test-fr.jsonl", "test-en.jsonl", "test-ent.jsonl")
             for line in (TEST / name).read_text("utf-8").splitlines() if line.strip()]  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", PROBE], input="\n".join(json.dumps(t) for t in turns),
        capture_output=True, text=True, check=True, cwd=previous,
        env={"PYTHONPATH": str(previous), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    got = [json.loads(line) for line in out.stdout.splitlines()]
    dialogue = [i for i, t in enumerate(turns) if t.get("acts") is not None]
    gold = [set(turns[i]["acts"]) for i in dialogue]
    pred = [set(got[i]["acts"]) for i in dialogue]
    figures = {f"acts_{k}": v for k, v in act_summary(gold, pred).items()}
    figures["acts"] = {a: s[2] for a, s in act_scores(gold, pred).items()}
    triples = [
        (t["text"], t["entities"] or [], g["entities"]) for t, g in zip(turns, got, strict=True)
    ]
    figures |= {f"entities_{k}": v for k, v in entity_scores(triples).items()}
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=previous,
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    figures["how"] = f"bench/nlu_previous.py on release {commit}, same test split"
    (HERE / "nlu_previous.json").write_text(json.dumps(figures, indent=1) + "\n", "utf-8")
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
