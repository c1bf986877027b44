"""The act word lists and sentence shapes of ``data/acts.{lang}.yaml``, read once."""

from __future__ import annotations

from functools import cache
from importlib import resources

from negosim.content import load_yaml

# Keys of acts.{lang}.yaml that are not phrase lists.
SETTINGS = {
    "negation_words",
    "clause_breaks",
    "conditional",
    "future",
    "first_person",
    "hedge",
    "refusal_shape",
    "argument_shape",
    "reformulation_shape",
    "proof_shape",
    "interjections",
}
# Shapes matched case-sensitively (they look for capitalised names).
CASED = {"proof_shape"}


@cache
def markers_for(lang: str) -> dict:
    path = resources.files("negosim.analysis").joinpath(f"data/acts.{lang}.yaml")
    return load_yaml(path.read_text("utf-8"))
