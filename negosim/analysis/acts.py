"""Dialogue acts from marker phrases, their negation, question shapes, entities and structure.

Word lists and the conditional shape live in ``data/acts.{lang}.yaml``; the
pipeline component (``negosim_markers``) finds them and flags the negated ones.
This module only combines what was found into acts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from spacy.tokens import Doc

from negosim.analysis.lexicon import CASED, markers_for
from negosim.analysis.model import ACTS

VALUE_LABELS = {"MONEY", "PERCENT", "DURATION", "QUANTITY", "INCOTERM", "PAYMENT_TECHNIQUE"}
CONTENT_POS = {"NOUN", "PROPN", "NUM", "ADJ", "VERB"}
Spans = dict[str, list[tuple[int, int, bool]]]


@cache
def _conditional(lang: str) -> re.Pattern[str]:
    return re.compile(markers_for(lang)["conditional"], re.IGNORECASE)


@cache
def _future(lang: str) -> re.Pattern[str]:
    return re.compile(markers_for(lang)["future"], re.IGNORECASE)


@cache
def _shape(lang: str, key: str) -> re.Pattern[str]:
    """A sentence shape from ``acts.{lang}.yaml`` (conditional, hedge, refusal, future…)."""
    return re.compile(markers_for(lang)[key], 0 if key in CASED else re.IGNORECASE)


def _first_person(lang: str) -> re.Pattern[str]:
    return _shape(lang, "first_person")


def content_lemmas(doc: Doc) -> set[str]:
    """Lemmas that carry meaning; blank pipelines fall back to lower-case forms."""
    out = set()
    for tok in doc:
        if tok.is_stop or tok.is_punct or tok.is_space:
            continue
        if tok.pos_ and tok.pos_ not in CONTENT_POS:
            continue
        out.add((tok.lemma_ or tok.lower_).lower())
    return out


def _figures(doc: Doc) -> set[str]:
    return {re.sub(r"\D", "", t.text) for t in doc if t.like_num and re.search(r"\d", t.text)}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]


def _question_acts(text: str, markers: Spans) -> set[str]:
    acts: set[str] = set()
    offset = 0
    for sentence in _sentences(text):
        start = text.find(sentence, offset)
        offset = start + len(sentence)
        if not sentence.endswith("?"):
            continue
        head = start + min(len(sentence), 40)
        opens = [s for s, _, _ in markers.get("question.open", []) if start <= s < head]
        closed = [s for s, _, _ in markers.get("question.closed", []) if start <= s < head]
        if opens and (not closed or min(opens) < min(closed)):
            acts.add("question.open")
        else:
            acts.add("question.closed")
    return acts


def _live(markers: Spans, key: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, negated in markers.get(key, []) if not negated]


def _negated(markers: Spans, key: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, negated in markers.get(key, []) if negated]


def _is_future(doc: Doc, lang: str) -> bool:
    if _future(lang).search(doc.text):
        return True
    return any("Fut" in t.morph.get("Tense") and "1" in t.morph.get("Person") for t in doc)


def _reformulates(doc: Doc, previous: Doc | None) -> bool:
    """Takes up the other side's key words and figures: a paraphrase without a marker."""
    if previous is None or not len(previous):
        return False
    before, now = content_lemmas(previous), content_lemmas(doc)
    shared = before & now
    figures = _figures(previous) & _figures(doc)
    score = len(shared) + 2 * len(figures)
    return len(before) >= 3 and score >= 3 and score / (len(before) + len(figures)) >= 0.35


def decide(
    doc: Doc,
    lang: str,
    markers: Spans,
    entities: Iterable[dict[str, Any]],
    previous: Doc | None = None,
) -> tuple[str, ...]:
    """Every act the turn performs, in the canonical order of ``ACTS``."""
    text = doc.text
    entities = list(entities)
    questions = _question_acts(text, markers)
    acts = set(questions)
    special = {"objection", "agreement", "refusal", "threat"}
    for act in ACTS:
        if act.startswith("question.") or act in special:
            continue
        if _live(markers, act):
            acts.add(act)
    # « si je comprends bien » reformulates; it does not acknowledge.
    within = markers.get("reformulation", [])
    if acts & {"acknowledgment"} and all(
        any(rs <= s and e <= re_ for rs, re_, _ in within)
        for s, e in _live(markers, "acknowledgment")
    ):
        acts.discard("acknowledgment")

    # Objections: hedged ones (« je ne dis pas que c'est trop cher ») are not,
    # unless the hedge is a question (« vous ne trouvez pas que c'est cher ? »).
    objections = _live(markers, "objection")
    hedges = [end for _, end, _ in markers.get("negators", [])]
    hedges += [m.end() for m in _shape(lang, "hedge").finditer(text)]
    if not questions:
        objections = [o for o in objections if not any(h <= o[0] for h in hedges)]
    if objections or (questions and markers.get("pushback")):
        acts.add("objection")
    # « cela ne nous convient pas » is an objection, not an agreement.
    if (_negated(markers, "agreement") or _negated(markers, "positive_fit")) and not questions:
        acts.add("objection")
    # « je comprends, mais… »: what follows the contrast is the objection.
    if (
        "acknowledgment" in acts
        and markers.get("contrast")
        and not acts & {"offer", "argument", "concession", "concession.conditional", "proof"}
        and min(s for s, _, _ in markers["contrast"])
        > min(s for s, _, _ in markers["acknowledgment"])
    ):
        acts.add("objection")
    if _agrees(text, lang, markers, acts) and not questions:
        acts.add("agreement")

    if _shape(lang, "refusal_shape").search(text) and not questions:
        acts.add("refusal")
    if _shape(lang, "argument_shape").search(text):
        acts.add("argument")
    spans = _live(markers, "refusal")
    if spans:
        bare_no = all(text[s:e].lower() in {"non", "no"} for s, e in spans)
        if not bare_no or re.match(r"^\s*(non|no)\b", text, re.I):
            acts.add("refusal")

    future = _is_future(doc, lang)
    pressing = future or bool(markers.get("deadline"))
    if _live(markers, "threat") or (
        _live(markers, "alternative") and pressing and not questions and "offer" not in acts
    ):
        acts.add("threat")

    values = [e for e in entities if e["label"] in VALUE_LABELS]
    if _conditional(lang).search(text) and "threat" not in acts:
        acts.add("concession.conditional")
    if "threat" in acts and not values:  # « unless you improve, we walk » gives nothing
        acts.discard("concession.conditional")
    if values and acts & {"concession", "concession.conditional"}:
        acts.add("offer")
    # A price put forward by the speaker's side, not as a need or a complaint, is an offer.
    money = any(e["label"] == "MONEY" for e in entities)
    discount = markers.get("discount") and any(e["label"] == "PERCENT" for e in entities)
    if (
        (money or discount)
        and not questions
        and _first_person(lang).search(text)
        and not acts & {"objection", "need", "proof", "closing", "refusal", "threat"}
    ):
        acts.add("offer")
    if "offer" in acts and not values:
        acts.discard("offer")
    if "argument" in acts and any(e["label"] in {"PERCENT", "QUANTITY"} for e in entities):
        acts.add("proof")
    if _references(doc, markers):
        acts.add("proof")
    if _reformulates(doc, previous) or (
        previous is not None
        and _shape(lang, "reformulation_shape").search(text)
        and content_lemmas(doc) & content_lemmas(previous)
    ):
        acts.add("reformulation")
    if _shape(lang, "proof_shape").search(text):
        acts.add("proof")
    if "threat" in acts:  # « nous signerons avec votre concurrent » closes nothing
        acts.discard("closing")
    # A bare question asks; it neither argues nor proves.
    if questions and len(_sentences(text)) == 1 and not values:
        acts -= {"argument", "proof"}
    return tuple(a for a in ACTS if a in acts)


def _agrees(text: str, lang: str, markers: Spans, acts: set[str]) -> bool:
    """Accepts the other side's proposal: not our own concession, a recap, or a bare « ok, … »."""
    spans = _live(markers, "agreement")
    closing = markers.get("closing", [])
    spans = [(s, e) for s, e in spans if not any(cs <= s and e <= ce for cs, ce, _ in closing)]
    if not spans:
        return False
    if acts & {"concession", "concession.conditional"}:
        return False
    interjections = set(markers_for(lang).get("interjections", []))
    if {text[s:e].lower() for s, e in spans} - interjections:
        return True
    # A bare « ok, … » before something else the turn does is a discourse marker,
    # unless that something is itself agreement (« d'accord, c'est entendu »).
    others = [
        (s, e)
        for s, e in _live(markers, "acknowledgment")
        if not any(s < ae and as_ < e for as_, ae in spans)
    ]
    return not (others or "offer" in acts)


def _references(doc: Doc, markers: Spans) -> bool:
    """« 300 entreprises utilisent… », « nos clients, dont Michelin »: references as proof."""
    for start, end, _ in markers.get("clientele", []):
        before = doc.char_span(start, end, alignment_mode="expand")
        if before is None:
            continue
        prev = doc[before.start - 1] if before.start else None
        if prev is not None and (prev.like_num or prev.lower_ in {"nos", "our", "des", "de"}):
            nxt = doc[before.end : before.end + 8]
            if prev.like_num or any(t.is_title and t.i > before.end for t in nxt):
                return True
    return False
