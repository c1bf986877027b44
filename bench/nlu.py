"""Quality and speed of the turn reader on the test split, beside the previous release.

Quality, on ``tests/data/nlu/test`` (never seen by any rule, threshold or
training): per-act precision, recall and F1, macro and micro F1, exact-set
accuracy, entity strict/lenient F1 and value accuracy, mention role and issue
accuracy, and the turn's language. The previous release's figures on the same
split are in ``bench/nlu_previous.json`` (measured once with that release's
code, see its ``how``) and printed alongside.

Speed: the time to read one ~40-word French turn, warm, beside the full
``fr_core_news_sm`` pipeline on the same turns, interleaved in the same run so
both see the same machine load. Run: ``python bench/nlu.py [--rounds N]``.
The last line is machine-readable.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import spacy

from negosim.analysis import ACTS, TurnText, analyze, analyze_batch
from negosim.analysis.context import Context
from negosim.analysis.scoring import act_scores, act_summary, entity_scores, mention_scores
from negosim.config import PROJECT_DIR
from negosim.scenario.loader import load_scenario_file

TEST = PROJECT_DIR / "tests" / "data" / "nlu" / "test"
PREVIOUS = Path(__file__).with_name("nlu_previous.json")


def load(name: str) -> list[dict]:
    path = TEST / name
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def contexts(turns: list[dict]) -> list[Context | None]:
    """Each turn's context: its scenario and speaker (the tables are not labelled)."""
    loaded: dict[str, object] = {}
    out = []
    for t in turns:
        name = t.get("scenario")
        if not name:
            out.append(Context(speaker=t.get("speaker") or "candidate", previous=t.get("previous")))
            continue
        if name not in loaded:
            loaded[name] = load_scenario_file(PROJECT_DIR / "scenarios" / f"{name}.yaml").scenario
        speaker = t.get("speaker") or "candidate"
        out.append(Context.of(loaded[name], speaker, previous=t.get("previous")))
    return out


def quality() -> dict[str, float]:
    turns = load("test-fr.jsonl") + load("test-en.jsonl")
    got = analyze_batch(
        TurnText(t["text"], context=c) for t, c in zip(turns, contexts(turns), strict=True)
    )
    gold = [set(t["acts"]) for t in turns]
    pred = [set(g.acts) for g in got]
    scores = act_scores(gold, pred)
    previous = json.loads(PREVIOUS.read_text("utf-8")) if PREVIOUS.exists() else {}
    before = previous.get("acts", {})
    print(f"{'act':24s} {'P':>5s} {'R':>5s} {'F1':>5s} {'n':>4s}   previous F1")
    for act in ACTS:
        p, r, f, n = scores[act]
        print(f"{act:24s} {p:5.2f} {r:5.2f} {f:5.2f} {n:4d}   {before.get(act, float('nan')):5.2f}")
    summary = act_summary(gold, pred)
    figures = {f"acts_{k}": v for k, v in summary.items()}
    for lang in ("fr", "en"):
        idx = [i for i, t in enumerate(turns) if (t["lang"] == lang) or (t["lang"] == "mixed"
               and t["id"].startswith("tfr" if lang == "fr" else "ten"))]  # fmt: skip
        figures[f"acts_macro_{lang}"] = act_summary([gold[i] for i in idx], [pred[i] for i in idx])[
            "macro"
        ]
    right = sum(g.language == t["lang"] for g, t in zip(got, turns, strict=True))
    figures["language"] = right / len(turns)
    sentences = load("test-ent.jsonl")
    ent_got = analyze_batch(TurnText(s["text"]) for s in sentences)
    triples = [
        (t["text"], t["entities"] or [], list(g.entities)) for t, g in zip(turns, got, strict=True)
    ]
    triples += [(s["text"], s["entities"] or [], list(g.entities))
                for s, g in zip(sentences, ent_got, strict=True)]  # fmt: skip
    figures |= {f"entities_{k}": v for k, v in entity_scores(triples).items()}
    labelled = [(t, g) for t, g in zip(turns, got, strict=True) if t.get("mentions")]
    mentions = mention_scores([(t["text"], t["mentions"], list(g.mentions)) for t, g in labelled])
    figures |= {"mention_role": mentions["role"], "mention_issue": mentions["issue"]}
    print(f"\n{'figure':22s} {'now':>6s} {'previous':>9s}")
    for key, value in figures.items():
        was = previous.get(key)
        print(f"{key:22s} {value:6.3f} {was if was is None else f'{was:9.3f}'}")
    print(f"({len(turns)} turns, {len(sentences)} entity sentences)")
    return figures


def forty_word_turns(turns: list[dict]) -> list[str]:
    """Glue consecutive French turns until each is about 40 words."""
    out, words = [], []
    for t in turns:
        words += t["text"].split()
        if len(words) >= 40:
            out.append(" ".join(words[:40]))
            words = []
    return out


def speed(rounds: int) -> dict[str, float]:
    texts = forty_word_turns(load("test-fr.jsonl"))[:120]
    full = spacy.load("fr_core_news_sm")
    context = Context.of(
        load_scenario_file(PROJECT_DIR / "scenarios" / "fr-mobilier-grand-compte.yaml").scenario
    )
    analyze(texts[0], context=context)
    full(texts[0])
    ours, theirs = [], []
    for _ in range(rounds):
        for text in texts:  # interleaved: both see the same load
            start = time.perf_counter()
            analyze(text, context=context)
            ours.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            full(text)
            theirs.append((time.perf_counter() - start) * 1000)
    med_ours, med_full = statistics.median(ours), statistics.median(theirs)
    print(f"\none ~40-word turn, warm: negosim {med_ours:.2f} ms (p95 "
          f"{sorted(ours)[int(0.95 * len(ours))]:.2f}), full fr_core_news_sm {med_full:.2f} ms, "
          f"ratio {med_ours / med_full:.2f} (goal <= 0.60)")  # fmt: skip
    return {"ms_per_turn": med_ours, "ms_full_pipeline": med_full, "ratio": med_ours / med_full}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    figures = quality() | speed(args.rounds)
    print(json.dumps({k: round(v, 4) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
