"""The trained act model: fitted on the corpus at setup, loaded once per process.

The fitted model is a cache, not a source: it lives in ``trained/`` (ignored by
git) under a name made of the digest of the corpus and of the code that makes
features, so a changed corpus or feature means a new fit, never a stale model.
A process that finds no model fits one (seconds) before its first reading.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.sparse import hstack

from negosim.analysis.linear import linear_scores, transform

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
STORE = HERE / "trained"
_LOCK = threading.Lock()


@dataclass
class ActModel:
    """Vectorisers, one classifier per act and each act's decision threshold."""

    acts: tuple[str, ...]
    words: Any
    chars: Any
    marks: Any
    classifier: Any
    thresholds: dict[str, float]
    trusted: tuple[str, ...] = ()  # rule acts precise enough on the corpus to add as they are
    tipping: tuple[str, ...] = ()  # rule acts precise enough to tip the model's close calls
    roles: Any = None  # the mention-role classifier (roles.py), fitted on the same corpus

    def matrix(self, rows: list[tuple[str, str]]):
        texts, marks = [w for w, _ in rows], [m for _, m in rows]
        parts = [transform(self.words, texts), transform(self.chars, texts)]
        return hstack([*parts, transform(self.marks, marks)]).tocsr()

    def scores(self, rows: list[tuple[str, str]]) -> np.ndarray:
        """Each act's probability: the per-act regressions over the stacked tf-idf blocks,
        read straight from the weights (a turn has a few hundred of the many columns)."""
        weights, bias = self._stacked()
        n_words, n_chars = len(self.words.vocabulary_), len(self.chars.vocabulary_)
        blocks = [(self.words, 0), (self.chars, n_words), (self.marks, n_words + n_chars)]
        return linear_scores(blocks, [[w, w, m] for w, m in rows], weights, bias)

    def _stacked(self) -> tuple[Any, np.ndarray]:
        if getattr(self, "_weights", None) is None:
            estimators = self.classifier.estimators_
            self._weights = np.ascontiguousarray(np.vstack([e.coef_ for e in estimators]).T)
            self._bias = np.array([e.intercept_[0] for e in estimators])
        return self._weights, self._bias


def digest() -> str:
    """What the model depends on: the corpus files and the feature and training code."""
    h = hashlib.sha256()
    for path in sorted(CORPUS.glob("*.jsonl")):
        h.update(path.name.encode() + path.read_bytes())
    for name in (
        "features.py",
        "train.py",
        "acts.py",
        "lexicon.py",
        "pipeline.py",
        "roles.py",
        "mentions.py",
        "issues.py",
        "entities.py",
    ):
        h.update(resources.files("negosim.analysis").joinpath(name).read_bytes())
    for path in sorted((HERE / "data").glob("*.yaml")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def model_path() -> Path:
    return STORE / f"acts-{digest()}.joblib"


@cache
def _load() -> ActModel:
    path = model_path()
    if not path.exists():
        from negosim.analysis.train import fit_and_save

        fit_and_save(path)
    return joblib.load(path)


def act_model() -> ActModel:
    """The process's act model, fitted first if no fit of this corpus exists yet."""
    with _LOCK:
        return _load()
