"""What a speaker does with a figure, learned: a classifier over the words around it.

The cue rules of ``mentions.py`` name the role when a cue stands right before a
figure; most figures have none near them (« à 540 € nous signons aujourd'hui »).
The model reads the words before and after the figure in its clause, the
sentence's shape, who speaks, whether the figure was in the other side's last
turn, and the rules' own verdict, and was fitted on the corpus's labelled
mentions. Where the context says more than words can (the figure is the one the
other side has on the table), ``mentions.role_of`` still decides.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from negosim.analysis.features import fold
from negosim.analysis.issues import clause
from negosim.analysis.linear import row_weights

_WORD = re.compile(r"[\w'’]+")
_YOU = re.compile(r"(?<!\w)(vous|tu|you|votre|vos|ton|ta|tes|your)(?!\w)", re.I)
_WE = re.compile(r"(?<!\w)(nous|on|je|j'|we|i|notre|nos|our|my|mon|ma)(?!\w)", re.I)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")


def mention_features(
    text: str, start: int, end: int, label: str, rule: str, speaker: str, previous: str | None
) -> str:
    """The mention as a document of tokens for the vectoriser."""
    lo, hi = clause(text, start)
    before = _WORD.findall(fold(text[max(0, start - 60) : start]))[-6:]
    inside = _WORD.findall(fold(text[lo:start]))
    after = _WORD.findall(fold(text[end : min(len(text), end + 40)]))[:4]
    sentence_end = text.find("?", end)
    toks = [f"b_{w}" for w in before] + [f"c_{w}" for w in inside] + [f"a_{w}" for w in after]
    toks += [f"b1_{before[-1]}" if before else "b1_none", f"a1_{after[0]}" if after else "a1_none"]
    toks += [f"rule_{rule}", f"label_{label}", f"speaker_{speaker}"]
    if 0 <= sentence_end and "." not in text[end:sentence_end]:
        toks.append("question")
    if _YOU.search(text, lo, start):
        toks.append("you_before")
    if _WE.search(text, lo, start):
        toks.append("we_before")
    figure = _FIGURE.search(text[start:end])
    if previous and figure and figure.group(0) in previous:
        toks.append("in_previous")
    return " ".join(toks)


def learned_role(model: Any, row: str) -> str:
    """The model's role for one mention: its vectoriser, then one product with the weights
    (the same decision as ``model.predict``, without a pipeline's checks per call)."""
    vectoriser, regression = model[0], model[-1]
    weights = row_weights(vectoriser, row)
    cols = list(weights)
    scores = regression.intercept_ + (
        np.asarray([weights[c] for c in cols]) @ regression.coef_[:, cols].T if cols else 0.0
    )
    scores = np.atleast_1d(scores)
    if len(regression.classes_) == 2:  # one column of weights: the second class's side
        return str(regression.classes_[int(scores[0] > 0)])
    return str(regression.classes_[int(np.argmax(scores))])
