"""Fit the act model on the labelled corpus: ``python -m negosim.analysis.train``.

The corpus is ``corpus/*.jsonl`` (see its README); the test split in
``tests/data/nlu/test`` is never read here. Each act's threshold is the one
that maximises its F1 on out-of-fold predictions of the corpus itself.
``--cross-validate`` prints leave-one-writer-out figures (each corpus file is
one writer): how the model does on a writer it never saw.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier

from negosim.analysis.analyzer import TurnText, read_docs
from negosim.analysis.features import features
from negosim.analysis.model import ACTS
from negosim.analysis.trained import CORPUS, ActModel, model_path


def corpus(directory: Path = CORPUS) -> list[dict]:
    """Every labelled turn of the corpus (entity sentences, with acts null, left out)."""
    turns = []
    for path in sorted(directory.glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                turn = json.loads(line)
                if turn.get("acts") is not None:
                    turns.append(dict(turn, file=path.stem))
    return turns


PRECISE = 0.9  # rule acts added as they are
TIPPING = 0.7  # rule acts that tip the model's close calls


def _rule_acts(turns: list[dict]) -> list[tuple[str, ...]]:
    lang = {"fr": "fr", "en": "en"}
    items = [TurnText(t["text"], lang.get(t.get("lang")), t.get("previous")) for t in turns]
    return [d._.negosim_acts for d, _ in read_docs(items)]


def rows_of(turns: list[dict]) -> list[tuple[str, str]]:
    lang = {"fr": "fr", "en": "en"}
    items = [TurnText(t["text"], lang.get(t.get("lang")), t.get("previous")) for t in turns]
    docs = read_docs(items)
    return [
        features(d, d._.negosim_acts, t.get("speaker"))
        for (d, _), t in zip(docs, turns, strict=True)
    ]


def _vectorisers():
    return (
        TfidfVectorizer(token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                        max_features=60000),
        TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True),
    )  # fmt: skip


def fit(
    rows: list[tuple[str, str]], labels: np.ndarray, thresholds: dict | None = None
) -> ActModel:
    words, chars, marks = _vectorisers()
    texts = [w for w, _ in rows]
    words.fit(texts)
    chars.fit(texts)
    marks.fit([m for _, m in rows])
    classifier = OneVsRestClassifier(
        LogisticRegression(C=4.0, solver="liblinear", class_weight="balanced"), n_jobs=1
    )
    model = ActModel(ACTS, words, chars, marks, classifier, thresholds or {})
    classifier.fit(model.matrix(rows), labels)
    return model


def label_matrix(turns: list[dict]) -> np.ndarray:
    return np.array([[a in t["acts"] for a in ACTS] for t in turns], dtype=int)


def tuned_thresholds(rows, labels: np.ndarray, folds: int = 3) -> dict[str, float]:
    """Per act, the threshold that maximises F1 on out-of-fold scores."""
    scores = np.zeros(labels.shape)
    for train, held in KFold(folds, shuffle=True, random_state=7).split(rows):
        model = fit([rows[i] for i in train], labels[train])
        scores[held] = model.scores([rows[i] for i in held])
    out = {}
    for j, act in enumerate(ACTS):
        best, best_f = 0.5, -1.0
        for th in np.arange(0.2, 0.81, 0.05):
            pred = scores[:, j] >= th
            tp = int((pred & (labels[:, j] == 1)).sum())
            fp = int((pred & (labels[:, j] == 0)).sum())
            fn = int((~pred & (labels[:, j] == 1)).sum())
            f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f > best_f:
                best, best_f = float(th), f
        out[act] = round(best, 2)
    return out


def trusted_rules(
    rule_acts: list[tuple[str, ...]], labels: np.ndarray, precise: float
) -> tuple[str, ...]:
    """Acts the rule layer finds with a precision of at least ``precise`` on the corpus (and
    often enough to know it)."""
    out = []
    for j, act in enumerate(ACTS):
        said = [i for i, acts in enumerate(rule_acts) if act in acts]
        if len(said) >= 20 and labels[said, j].mean() >= precise:
            out.append(act)
    return tuple(out)


def fit_and_save(path: Path | None = None) -> Path:
    path = path or model_path()
    turns = corpus()
    rows, labels = rows_of(turns), label_matrix(turns)
    model = fit(rows, labels, tuned_thresholds(rows, labels))
    rule_acts = _rule_acts(turns)
    model.trusted = trusted_rules(rule_acts, labels, PRECISE)
    model.tipping = trusted_rules(rule_acts, labels, TIPPING)
    model.roles = fit_roles(*role_examples(turns)[:2])
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("acts-*.joblib"):
        old.unlink()
    tmp = path.with_suffix(".tmp")
    joblib.dump(model, tmp)
    tmp.replace(path)
    return path


def role_examples(turns: list[dict]) -> tuple[list[str], list[str], list[str]]:
    """Each labelled mention the reader also finds, as (features, gold role, writer)."""
    from negosim.analysis.context import Context
    from negosim.analysis.mentions import read_mentions
    from negosim.analysis.roles import mention_features
    from negosim.analysis.scoring import match
    from negosim.config import PROJECT_DIR
    from negosim.scenario.loader import load_scenario_file

    scenarios: dict[str, Any] = {}
    labelled = [t for t in turns if t.get("mentions")]
    lang = {"fr": "fr", "en": "en"}
    docs = read_docs([TurnText(t["text"], lang.get(t.get("lang"))) for t in labelled])
    rows, roles, files = [], [], []
    for t, (doc, _) in zip(labelled, docs, strict=True):
        name = t.get("scenario")
        if name and name not in scenarios:
            path = PROJECT_DIR / "scenarios" / f"{name}.yaml"
            scenarios[name] = load_scenario_file(path).scenario if path.exists() else None
        speaker = t.get("speaker") or "candidate"
        sc = scenarios.get(name) if name else None
        if sc is not None:
            ctx = Context.of(sc, speaker, previous=t.get("previous"))
        else:
            ctx = Context(speaker=speaker, previous=t.get("previous"))
        got = read_mentions(t["text"], list(doc._.negosim_entities), ctx, learned=False)
        gold = [dict(m, label="M") for m in t["mentions"]]
        for g, p in match(t["text"], gold, [dict(m, label="M") for m in got], strict=False):
            original = next(m for m in got if m["start"] == p["start"])
            rows.append(
                mention_features(t["text"], p["start"], p["end"], original["label"],
                                 p["role"], speaker, t.get("previous"))
            )  # fmt: skip
            roles.append(g["role"])
            files.append(t["file"])
    return rows, roles, files


def fit_roles(rows: list[str], roles: list[str]):
    """A multinomial logistic regression over the mention's tokens."""
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True),
        LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced"),
    )
    model.fit(rows, roles)
    return model


def cross_validate_roles(turns: list[dict]) -> None:
    """Roles, leave one writer out: the model against the rules alone."""
    rows, roles, files = role_examples(turns)
    for held in sorted(set(files)):
        train = [i for i, f in enumerate(files) if f != held]
        test = [i for i, f in enumerate(files) if f == held]
        model = fit_roles([rows[i] for i in train], [roles[i] for i in train])
        got = model.predict([rows[i] for i in test])
        rule = [rows[i].split("rule_")[1].split()[0] for i in test]
        right = sum(g == roles[i] for g, i in zip(got, test, strict=True)) / len(test)
        by_rule = sum(r == roles[i] for r, i in zip(rule, test, strict=True)) / len(test)
        print(f"roles, held out {held:10s} n={len(test):4d} model {right:.3f} rules {by_rule:.3f}")


def cross_validate() -> None:
    """Leave one writer (corpus file) out: fit on the others, score the one left out."""
    from negosim.analysis.classifier import combine, decision
    from negosim.analysis.scoring import act_summary

    turns = corpus()
    rows, labels = rows_of(turns), label_matrix(turns)
    files = sorted({t["file"] for t in turns})
    for held in files:
        train = [i for i, t in enumerate(turns) if t["file"] != held]
        test = [i for i, t in enumerate(turns) if t["file"] == held]
        model = fit([rows[i] for i in train], labels[train])
        model.thresholds = tuned_thresholds([rows[i] for i in train], labels[train], folds=3)
        scores = model.scores([rows[i] for i in test])
        got = [decision(s, model.thresholds, ACTS) for s in scores]
        gold = [set(turns[i]["acts"]) for i in test]
        s = act_summary(gold, got)
        print(
            f"held out {held:12s} n={len(test):4d} macro {s['macro']:.3f} micro {s['micro']:.3f} "
            f"exact {s['exact']:.3f} worst {s['worst']:.3f}"
        )
    del combine
    cross_validate_roles(turns)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cross-validate", action="store_true")
    args = parser.parse_args()
    if args.cross_validate:
        cross_validate()
    else:
        print(fit_and_save())


if __name__ == "__main__":
    main()
