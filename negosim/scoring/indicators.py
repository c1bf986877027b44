"""Indicators measured from a transcript, each with the turns that back it.

Every function takes a ``Context`` and returns a ``Measure``; ``value`` is None
when the indicator does not apply to this run (it is then left out).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from negosim.content import load_yaml
from negosim.engine.utility import utility
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.transcript import Transcript, Turn

BUSINESS_ACTS = (
    "offer",
    "argument",
    "proof",
    "need",
    "objection",
    "concession",
    "concession.conditional",
    "closing",
)


@dataclass(frozen=True)
class Evidence:
    seq: int | None
    elapsed_s: float | None
    speaker: str
    quote: str
    note: str

    def to_dict(self) -> dict[str, Any]:
        t = self.elapsed_s
        return {
            "seq": self.seq,
            "time": f"{int(t // 60):02d}:{int(t % 60):02d}" if t is not None else None,
            "speaker": self.speaker,
            "quote": self.quote,
            "note": self.note,
        }


@dataclass(frozen=True)
class Measure:
    value: float | None
    display: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    transcript: Transcript
    loaded: LoadedScenario
    speaker: str | None = None  # restrict to one candidate's turns

    @property
    def lang(self) -> str:
        return self.loaded.scenario.language

    def mine(self) -> list[Turn]:
        turns = self.transcript.candidate_turns()
        return [t for t in turns if self.speaker is None or t.speaker == self.speaker]


def cite(turn: Turn, note: str, limit: int = 160) -> Evidence:
    quote = turn.text if len(turn.text) <= limit else turn.text[: limit - 1] + "…"
    return Evidence(turn.seq, turn.elapsed_s, turn.name or turn.speaker, quote, note)


def absence(note: str) -> Evidence:
    return Evidence(None, None, "", "", note)


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


@cache
def contract_vocabulary() -> dict[str, Any]:
    return load_yaml(
        resources.files("negosim.scoring").joinpath("data/contract_terms.yaml").read_text("utf-8")
    )


# -- participation -----------------------------------------------------------------


def talk_share_gap(ctx: Context) -> Measure:
    """Distance of the candidates' share of words from 43 % (top sellers, Gong 25,537 calls)."""
    words = sum(t.words for t in ctx.transcript.turns)
    mine = sum(t.words for t in ctx.transcript.candidate_turns())
    if not words or not mine:
        return Measure(None, "—")
    share = mine / words
    longest = max(ctx.transcript.candidate_turns(), key=lambda t: t.words)
    return Measure(
        abs(share - 0.43),
        f"{_pct(share)} (référence 43 %)",
        [cite(longest, f"plus longue intervention ({longest.words} mots)")],
    )


def participation_balance(ctx: Context) -> Measure:
    """Smallest candidate's share of candidate words over the largest's (1 = even)."""
    per: dict[str, int] = {}
    for t in ctx.transcript.candidate_turns():
        per[t.speaker] = per.get(t.speaker, 0) + t.words
    if len(per) < 2:
        return Measure(None, "un seul candidat")
    lo, hi = min(per.values()), max(per.values())
    quiet = min(per, key=per.__getitem__)
    turn = next(t for t in ctx.transcript.candidate_turns() if t.speaker == quiet)
    return Measure(lo / hi, f"{lo} mots contre {hi}", [cite(turn, "membre le moins présent")])


def argument_count(ctx: Context) -> Measure:
    turns = [t for t in ctx.mine() if t.has("argument")]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, "argument") for t in turns[:4]] or [absence("aucun argument relevé")],
    )


def arguments_with_proof(ctx: Context) -> Measure:
    turns = [t for t in ctx.mine() if t.has("proof")]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, "preuve") for t in turns[:4]]
        or [absence("aucune preuve (chiffre, référence, certification)")],
    )


# -- listening ---------------------------------------------------------------------


def _minutes(ctx: Context) -> float:
    turns = ctx.transcript.turns
    end = max((t.elapsed_s for t in turns), default=0.0)
    return max(end / 60.0, 1.0)


def questions_per_10min(ctx: Context) -> Measure:
    qs = [t for t in ctx.mine() if t.analysis.is_question]
    rate = 10 * len(qs) / _minutes(ctx)
    return Measure(
        rate,
        f"{rate:.1f} / 10 min ({len(qs)} questions)",
        [cite(t, "question") for t in qs[:4]] or [absence("aucune question posée")],
    )


def open_question_share(ctx: Context) -> Measure:
    qs = [t for t in ctx.mine() if t.analysis.is_question]
    if not qs:
        return Measure(0.0, "aucune question", [absence("aucune question posée")])
    opens = [t for t in qs if t.has("question.open")]
    return Measure(
        len(opens) / len(qs),
        _pct(len(opens) / len(qs)),
        [cite(t, "question ouverte") for t in opens[:3]] or [cite(qs[0], "question fermée")],
    )


def reformulations(ctx: Context) -> Measure:
    turns = [t for t in ctx.mine() if t.has("reformulation", "acknowledgment")]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, "reformulation / prise en compte") for t in turns[:4]]
        or [absence("aucune reformulation ni prise en compte")],
    )


def needs_discovered(ctx: Context) -> Measure:
    needs = ctx.loaded.scenario.hidden_needs
    if not needs:
        return Measure(None, "—")
    evidence = []
    for seq, need in ctx.transcript.revealed:
        asking = [t for t in ctx.mine() if t.seq < seq]
        if asking:
            evidence.append(cite(asking[-1], f"a fait révéler : {need}"))
    found = len({n for _, n in ctx.transcript.revealed})
    return Measure(
        found / len(needs),
        f"{found} / {len(needs)}",
        evidence or [absence("aucun besoin caché découvert")],
    )


# -- outcome -----------------------------------------------------------------------


def objections_resolved(ctx: Context) -> Measure:
    raised = ctx.transcript.raised
    if not raised:
        return Measure(None, "aucune objection")
    ok = [obj for obj, (_, res) in ctx.transcript.resolved.items() if res]
    evidence = []
    for obj, (seq, res) in ctx.transcript.resolved.items():
        answer = [t for t in ctx.transcript.candidate_turns() if t.seq < seq]
        if answer:
            evidence.append(
                cite(answer[-1], f"objection {obj} : {'levée' if res else 'non traitée'}")
            )
    return Measure(len(ok) / len(raised), f"{len(ok)} / {len(raised)}", evidence)


def deal_position(ctx: Context) -> Measure:
    """Where the deal sits for the candidates between their reservation (0) and target (1)."""
    terms = ctx.transcript.final_terms
    scenario = ctx.loaded.scenario
    closing = [t for t in ctx.transcript.candidate_turns() if t.has("closing", "agreement")]
    if not terms:
        note = f"pas d'accord ({ctx.transcript.outcome or 'séance inachevée'})"
        return Measure(0.0, note, [cite(closing[-1], note)] if closing else [absence(note)])
    ru = scenario.sides["learner"].reservation_utility
    u = utility(scenario, "learner", terms)
    value = max(0.0, (u - ru) / (1 - ru)) if ru < 1 else 0.0
    ev = [cite(closing[-1], "conclusion")] if closing else []
    return Measure(
        value, f"utilité {u:.2f} (réserve {ru:.2f})", ev or [absence(f"accord à l'utilité {u:.2f}")]
    )


def conditional_concessions(ctx: Context) -> Measure:
    cond = [t for t in ctx.mine() if t.has("concession.conditional")]
    uncond = [t for t in ctx.mine() if t.has("concession") and not t.has("concession.conditional")]
    if not cond and not uncond:
        return Measure(None, "aucune concession")
    share = len(cond) / (len(cond) + len(uncond))
    evidence = [cite(t, "concession conditionnelle") for t in cond[:2]]
    evidence += [cite(t, "concession sans contrepartie") for t in uncond[:2]]
    return Measure(share, _pct(share), evidence)


def first_offer_by_candidates(ctx: Context) -> Measure:
    offers = ctx.transcript.offers
    if not offers:
        return Measure(0.0, "aucune offre", [absence("aucune offre chiffrée sur la table")])
    seq, by, _terms = offers[0]
    anchored = by == "learner"
    turns = [t for t in ctx.transcript.turns if t.seq < seq]
    ev = [cite(turns[-1], "première offre (ancrage)")] if turns else []
    return Measure(
        1.0 if anchored else 0.0,
        "les candidats ont ancré" if anchored else "la contrepartie a ancré",
        ev,
    )


def prep_sheet_completeness(ctx: Context) -> Measure:
    sheet = ctx.transcript.sheet
    fields = [
        "objectives",
        "limits",
        "priorities",
        "concessions",
        "arguments",
        "objections",
        "batna",
        "clauses",
    ]
    filled = [f for f in fields if str(sheet.get(f, "")).strip()]
    if not sheet:
        return Measure(0.0, "pas de fiche", [absence("aucune fiche de préparation remplie")])
    return Measure(
        len(filled) / len(fields),
        f"{len(filled)} / {len(fields)} rubriques",
        [absence(f"rubriques remplies : {', '.join(filled) or 'aucune'}")],
    )


# -- truthfulness ------------------------------------------------------------------


def _numbers_near(text: str, lowered: str, keyword: str, window: int = 30) -> list[float]:
    """Numbers stated within ``window`` characters of a keyword, in the same sentence."""
    out: list[float] = []
    for k in re.finditer(re.escape(keyword), lowered):
        lo, hi = max(0, k.start() - window), min(len(text), k.end() + window)
        left = max(text.rfind(".", lo, k.start()), text.rfind("?", lo, k.start()))
        lo = left + 1 if left >= 0 else lo
        right = [i for i in (text.find(". ", k.end(), hi), text.find("?", k.end(), hi)) if i >= 0]
        hi = min(right) if right else hi
        for m in re.finditer(
            r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?(?![\d])", text[lo:hi]
        ):
            out.append(float(m.group().replace("\u00a0", "").replace(" ", "").replace(",", ".")))
    return out


def false_figures(ctx: Context) -> Measure:
    """Figures stated next to a fact's keywords that contradict the facts sheet."""
    wrong: list[Evidence] = []
    checked = 0
    for turn in ctx.mine():
        lowered = turn.text.lower()
        for fact in ctx.loaded.scenario.facts:
            if fact.value is None:
                continue
            numbers = [
                n for k in fact.keywords for n in _numbers_near(turn.text, lowered, k.lower())
            ]
            if not numbers:
                continue
            checked += 1
            tolerance = fact.tolerance * max(1.0, abs(fact.value))
            if not any(abs(n - fact.value) <= tolerance for n in numbers):
                wrong.append(cite(turn, f"chiffre contraire à la fiche : {fact.text}"))
    return Measure(
        float(len(wrong)),
        f"{len(wrong)} chiffre(s) faux",
        wrong or [absence(f"aucun chiffre contraire aux faits ({checked} vérifiés)")],
    )


# -- contract ----------------------------------------------------------------------


def _terms_named(ctx: Context, items: list[str]) -> Measure:
    voc = contract_vocabulary()
    found: dict[str, Turn] = {}
    for turn in ctx.transcript.candidate_turns():
        lowered = turn.text.lower()
        labels = {e["label"] for e in turn.analysis.entities}
        for item in items:
            spec = voc[item]
            if item in found:
                continue
            if labels & set(spec.get("entities", [])) or any(
                k in lowered for k in spec["keywords"]
            ):
                found[item] = turn
    missing = [voc[i]["label"] for i in items if i not in found]
    evidence = [cite(t, voc[i]["label"]) for i, t in found.items()]
    if missing:
        evidence.append(absence("non abordé : " + ", ".join(missing)))
    return Measure(len(found) / len(items), f"{len(found)} / {len(items)}", evidence)


def delivery_terms(ctx: Context) -> Measure:
    return _terms_named(ctx, ["incoterm", "delivery"])


def payment_terms(ctx: Context) -> Measure:
    return _terms_named(ctx, ["currency", "payment_term", "payment_technique"])


def contract_clauses(ctx: Context) -> Measure:
    return _terms_named(ctx, ["entry_into_force", "law", "disputes", "ip", "penalties"])


# -- culture -----------------------------------------------------------------------


def rapport_before_business(ctx: Context) -> Measure:
    """Small-talk turns before the first business move, against what the culture expects."""
    needed = round((ctx.loaded.behaviour.rapport or 0.0) * 4)
    small = 0
    first_business = None
    for t in ctx.transcript.candidate_turns():
        if t.has(*BUSINESS_ACTS):
            first_business = t
            break
        if t.has("small_talk"):
            small += 1
    if needed == 0:
        ev = [cite(first_business, "entrée directe en matière")] if first_business else []
        return Measure(1.0, "peu de prise de contact attendue", ev)
    value = min(1.0, small / needed)
    ev = (
        [
            cite(
                first_business,
                f"premier échange d'affaires après {small} tour(s) de prise de contact",
            )
        ]
        if first_business
        else [absence("aucun échange d'affaires")]
    )
    return Measure(value, f"{small} / {needed} tours de prise de contact", ev)


INDICATORS: dict[str, Callable[[Context], Measure]] = {
    "talk_share_gap": talk_share_gap,
    "participation_balance": participation_balance,
    "argument_count": argument_count,
    "arguments_with_proof": arguments_with_proof,
    "questions_per_10min": questions_per_10min,
    "open_question_share": open_question_share,
    "reformulations": reformulations,
    "needs_discovered": needs_discovered,
    "objections_resolved": objections_resolved,
    "deal_position": deal_position,
    "conditional_concessions": conditional_concessions,
    "first_offer_by_candidates": first_offer_by_candidates,
    "prep_sheet_completeness": prep_sheet_completeness,
    "false_figures": false_figures,
    "delivery_terms": delivery_terms,
    "payment_terms": payment_terms,
    "contract_clauses": contract_clauses,
    "rapport_before_business": rapport_before_business,
}
