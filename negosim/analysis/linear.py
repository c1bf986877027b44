"""TF-IDF of one turn without scikit-learn's per-call machinery.

``TfidfVectorizer.transform`` validates its parameters and builds its analyser
on every call: for one short turn that costs more than the model itself. This
reads the fitted vocabulary and idf directly, for the two shapes the act and
role models use (whitespace tokens in 1–2-grams, character n-grams within
words), and gives the same matrix (``tests/test_reading.py`` checks it).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix


def _word_grams(text: str, low: int, high: int) -> list[str]:
    tokens = text.split()
    out = []
    for n in range(low, high + 1):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def _char_wb_grams(text: str, low: int, high: int) -> list[str]:
    out = []
    for word in text.split():
        padded = f" {word} "
        for n in range(low, high + 1):
            if n > len(padded):
                break
            out += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return out


def row_weights(vectorizer: Any, doc: str) -> dict[int, float]:
    """One document's normalised tf-idf weights by column: a row of ``transform``."""
    vocabulary, idf = vectorizer.vocabulary_, vectorizer.idf_
    low, high = vectorizer.ngram_range
    grams = _char_wb_grams if vectorizer.analyzer == "char_wb" else _word_grams
    text = doc.lower() if vectorizer.lowercase else doc
    counts = Counter(g for g in grams(text, low, high) if g in vocabulary)
    weights = {
        vocabulary[g]: ((1 + math.log(c)) if vectorizer.sublinear_tf else c) * idf[vocabulary[g]]
        for g, c in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {col: w / norm for col, w in weights.items()}


def transform(vectorizer: Any, docs: list[str]) -> csr_matrix:
    """What ``vectorizer.transform(docs)`` gives, for our vectorisers' settings."""
    rows, cols, values = [], [], []
    for r, doc in enumerate(docs):
        for col, w in sorted(row_weights(vectorizer, doc).items()):
            rows.append(r)
            cols.append(col)
            values.append(w)
    shape = (len(docs), len(vectorizer.vocabulary_))
    return csr_matrix((np.array(values), (rows, cols)), shape=shape)


def linear_scores(
    vectorizers: list[tuple[Any, int]], rows: list[list[str]], weights: np.ndarray, bias: np.ndarray
) -> np.ndarray:
    """Logistic scores of stacked tf-idf blocks, without building a sparse matrix: each row
    gathers the weight rows of its own few columns (``vectorizers``: each with its offset)."""
    out = np.empty((len(rows), weights.shape[1]))
    for r, docs in enumerate(rows):
        cols: list[int] = []
        vals: list[float] = []
        for (vectorizer, offset), doc in zip(vectorizers, docs, strict=True):
            for col, w in row_weights(vectorizer, doc).items():
                cols.append(offset + col)
                vals.append(w)
        z = np.asarray(vals) @ weights[cols] if cols else np.zeros(weights.shape[1])
        out[r] = z + bias
    return 1.0 / (1.0 + np.exp(-out))
