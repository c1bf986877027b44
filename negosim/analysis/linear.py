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


def transform(vectorizer: Any, docs: list[str]) -> csr_matrix:
    """What ``vectorizer.transform(docs)`` gives, for our vectorisers' settings."""
    vocabulary, idf = vectorizer.vocabulary_, vectorizer.idf_
    low, high = vectorizer.ngram_range
    grams = _char_wb_grams if vectorizer.analyzer == "char_wb" else _word_grams
    rows, cols, values = [], [], []
    for r, doc in enumerate(docs):
        text = doc.lower() if vectorizer.lowercase else doc
        counts = Counter(g for g in grams(text, low, high) if g in vocabulary)
        weights = {
            vocabulary[g]: ((1 + math.log(c)) if vectorizer.sublinear_tf else c)
            * idf[vocabulary[g]]
            for g, c in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for col, w in sorted(weights.items()):
            rows.append(r)
            cols.append(col)
            values.append(w / norm)
    shape = (len(docs), len(vocabulary))
    return csr_matrix((np.array(values), (rows, cols)), shape=shape)
