"""Indicators measured from a transcript, each with the turns that back it.

Every function takes a ``Context`` and returns a ``Measure``; ``value`` is None
when the indicator does not apply to this run (it is then left out).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from negosim.analysis.model import BUSINESS_ACTS
from negosim.analysis.register import familiar_forms, has_familiar_forms
from negosim.content import load_yaml
from negosim.engine.utility import acceptable_on_issue, best_terms, grid, issue_value, utility
from negosim.events import SHEET_FIELDS
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.transcript import Transcript, Turn


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


def talk_share_band(ctx: Context) -> Measure:
    """How far the candidates' share of words falls outside 30–75 % (silent or monopolising).

    The published figures (43 % for top sellers, 65–75 % on average) are shown as references,
    not used as a norm.
    """
    words = sum(t.words for t in ctx.transcript.turns)
    mine = sum(t.words for t in ctx.transcript.candidate_turns())
    if not words or not mine:
        return Measure(1.0, "aucune parole", [absence("les candidats n'ont rien dit")])
    share = mine / words
    gap = max(0.0, 0.30 - share, share - 0.75)
    longest = max(ctx.transcript.candidate_turns(), key=lambda t: t.words)
    return Measure(
        gap,
        f"{_pct(share)} (références : 43 % meilleurs vendeurs, 65–75 % en moyenne)",
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


def _invented(ctx: Context) -> set[int]:
    """Turns that state a figure contrary to the facts: an invented figure supports nothing."""
    return {e.seq for e in false_figures(ctx).evidence if e.seq is not None}


def argument_count(ctx: Context) -> Measure:
    invented = _invented(ctx)
    turns = [t for t in ctx.mine() if t.has("argument", "proof") and t.seq not in invented]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, "argument") for t in turns[:4]] or [absence("aucun argument relevé")],
    )


def arguments_with_proof(ctx: Context) -> Measure:
    invented = _invented(ctx)
    turns = [t for t in ctx.mine() if t.has("proof") and t.seq not in invented]
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


def deal_above_reservation(ctx: Context) -> Measure:
    """Whether the deal is at least worth the candidates' alternative (1) or worse (0)."""
    terms = ctx.transcript.final_terms
    if not terms:
        return Measure(None, "pas d'accord", [absence("pas d'accord à comparer à l'alternative")])
    scenario = ctx.loaded.scenario
    ru = scenario.sides["learner"].reservation_utility
    u = utility(scenario, "learner", terms)
    worth = u >= ru - 0.005  # at the reservation, within rounding, is worth the alternative
    note = f"utilité {u:.2f} {'≥' if worth else '<'} réserve {ru:.2f}"
    return Measure(1.0 if worth else 0.0, note, [absence(note)])


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
    turns = [t for t in ctx.transcript.turns if t.seq <= seq and (t.side == "learner") == anchored]
    ev = [cite(turns[-1], "première offre (ancrage)")] if turns else []
    return Measure(
        1.0 if anchored else 0.0,
        "les candidats ont ancré" if anchored else "la contrepartie a ancré",
        ev,
    )


def prep_sheet_completeness(ctx: Context) -> Measure:
    sheet = ctx.transcript.sheet
    fields = SHEET_FIELDS
    filled = [f for f in fields if str(sheet.get(f, "")).strip()]
    if not sheet:
        return Measure(0.0, "pas de fiche", [absence("aucune fiche de préparation remplie")])
    return Measure(
        len(filled) / len(fields),
        f"{len(filled)} / {len(fields)} rubriques",
        [absence(f"rubriques remplies : {', '.join(filled) or 'aucune'}")],
    )


# -- truthfulness ------------------------------------------------------------------


NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0]\d{3})*(?:,\d+)?(?![\d])")
# English writes thousands with a comma and decimals with a point ("7,000", "2.5").
NUMBER_EN = re.compile(r"(?<![\d,.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])")


def _number_pattern(lang: str) -> re.Pattern[str]:
    return NUMBER_EN if lang == "en" else NUMBER


def _number(raw: str, lang: str = "fr") -> float:
    raw = raw.replace("\u00a0", "").replace(" ", "")
    return float(raw.replace(",", "") if lang == "en" else raw.replace(",", "."))


def _numbers_near(
    text: str, lowered: str, keyword: str, units: list[str], window: int = 30, lang: str = "fr"
) -> list[float]:
    """Numbers with the fact's unit stated within ``window`` characters of a keyword."""
    out: list[float] = []
    if keyword not in lowered:
        return out
    for k in re.finditer(re.escape(keyword), lowered):
        lo, hi = max(0, k.start() - window), min(len(text), k.end() + window)
        left = max(text.rfind(".", lo, k.start()), text.rfind("?", lo, k.start()))
        lo = left + 1 if left >= 0 else lo
        right = [i for i in (text.find(". ", k.end(), hi), text.find("?", k.end(), hi)) if i >= 0]
        hi = min(right) if right else hi
        number = _number_pattern(lang)
        for m in number.finditer(text, lo, hi):
            after = lowered[m.end() : m.end() + 28]
            nxt = number.search(after)
            after = after[: nxt.start()] if nxt else after
            if re.match(r"\s?(?:%|€|k€|eur)", after):
                continue  # a rate or an amount, not a count of the fact's unit
            if not units or any(u in after for u in units):
                out.append(_number(m.group(), lang))
    return out


def _given_numbers(
    loaded: LoadedScenario, keywords: tuple[str, ...], units: tuple[str, ...]
) -> frozenset[float]:
    """Figures the candidates were given about a fact (public brief, their side's brief).

    Only the briefs' sentences that name the fact, or figures that carry the fact's unit,
    count: "audit dans 2 mois" does not make a Cpk of 2 true.
    """
    sc = loaded.scenario
    text = " ".join([sc.public_brief, sc.sides["learner"].brief])
    sentences = re.split(r"(?<=[.!?])\s+|\n", text)
    about = [s for s in sentences if any(k.lower() in s.lower() for k in keywords)]
    out = set(_numbers_in(" ".join(about), sc.language))
    if units:
        lowered = text.lower()
        for m in _number_pattern(sc.language).finditer(text):
            if any(lowered[m.end() : m.end() + 20].lstrip().startswith(u) for u in units):
                out.add(_number(m.group(), sc.language))
    return frozenset(out)


@cache
def _numbers_in(text: str, lang: str = "fr") -> frozenset[float]:
    return frozenset(_number(m.group(), lang) for m in _number_pattern(lang).finditer(text))


def _bound(text: str) -> str | None:
    """Whether a fact states a ceiling or a floor (any figure on the right side is true)."""
    lowered = text.lower()
    words = conduct_vocabulary()["bound_words"]
    for kind in ("max", "min"):
        if any(w in lowered for w in words[kind]):
            return kind
    return None


def false_figures(ctx: Context) -> Measure:
    """Figures stated next to a fact's keywords, with its unit, that contradict the facts sheet."""
    wrong: list[Evidence] = []
    checked = 0
    units_by = conduct_vocabulary()["fact_units"]
    lang = ctx.loaded.scenario.language
    for turn in ctx.mine():
        lowered = turn.text.lower()
        for fact in ctx.loaded.scenario.facts:
            if fact.value is None:
                continue
            units = units_by.get(fact.unit or "", [])
            numbers = [
                n
                for k in fact.keywords
                for n in _numbers_near(turn.text, lowered, k.lower(), units, lang=lang)
            ]
            if not numbers:
                continue
            given = _given_numbers(ctx.loaded, tuple(fact.keywords), tuple(units))
            checked += 1
            tolerance = fact.tolerance * max(1.0, abs(fact.value))
            bound = _bound(fact.text)
            if not any(
                abs(n - fact.value) <= tolerance
                or n in given
                or (bound == "max" and n <= fact.value)
                or (bound == "min" and n >= fact.value)
                for n in numbers
            ):
                wrong.append(cite(turn, f"chiffre contraire à la fiche : {fact.text}"))
    return Measure(
        float(len(wrong)),
        f"{len(wrong)} chiffre(s) faux",
        wrong or [absence(f"aucun chiffre contraire aux faits ({checked} vérifiés)")],
    )


# -- contract ----------------------------------------------------------------------


PLACE = re.compile(r"^[\s,:]*(?:(?:à|au|en|sur|site|at|de|du|la|le|l')\s*)*[A-ZÉÈÀ][\w'-]+")


@cache
def _keywords_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the keywords as a whole word or phrase (longest first)."""
    alts = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


def _item_in(turn: Turn, spec: dict[str, Any]) -> bool:
    """Whether a turn settles a contract item: named, with its figure or place when needed."""
    lowered = turn.text.lower()
    labels = {e["label"] for e in turn.analysis.entities}
    if spec.get("figured") and _keywords_pattern(tuple(spec["figured"])).search(lowered):
        return True  # a term that carries its own figure ("net 45")
    named = [e for e in turn.analysis.entities if e["label"] in spec.get("entities", [])]
    if spec.get("needs_place") and any(e.get("place") for e in named):
        return True  # the analyser read the rule with its named place ("DAP Lyon")
    hits = [e["end"] for e in named]
    hits += [m.end() for m in _keywords_pattern(tuple(spec["keywords"])).finditer(lowered)]
    if not hits:
        return False
    if spec.get("needs_entity") and not labels & set(spec["needs_entity"]):
        return False
    if spec.get("needs_place"):
        return any(PLACE.match(turn.text[end : end + 40]) for end in hits)
    return True


def _terms_named(ctx: Context, items: list[str]) -> tuple[dict[str, Turn], list[str]]:
    voc = contract_vocabulary()
    found: dict[str, Turn] = {}
    for turn in ctx.transcript.candidate_turns():
        for item in items:
            if item not in found and _item_in(turn, voc[item]):
                found[item] = turn
    missing = [voc[i]["label"] for i in items if i not in found]
    return found, missing


def _terms_measure(ctx: Context, items: list[str], penalties: list[Evidence] = ()) -> Measure:
    voc = contract_vocabulary()
    found, missing = _terms_named(ctx, items)
    evidence = [cite(t, voc[i]["label"] + " réglé") for i, t in found.items()]
    evidence += list(penalties)
    if missing:
        evidence.append(absence("non réglé (ou sans chiffre / lieu) : " + ", ".join(missing)))
    value = max(0.0, (len(found) - len(penalties)) / len(items))
    return Measure(value, f"{len(found)} / {len(items)}", evidence)


def delivery_terms(ctx: Context) -> Measure:
    """Incoterm with its named place, a delivery time with a figure, and late penalties."""
    return _terms_measure(ctx, ["incoterm", "delivery", "penalties"])


def payment_terms(ctx: Context) -> Measure:
    """Currency, term (with a figure), technique and security; an illegal term counts against."""
    return _terms_measure(
        ctx,
        ["currency", "payment_term", "payment_technique", "payment_security"],
        _over_payment_cap(ctx) or _over_own_payment_limit(ctx),
    )


def contract_clauses(ctx: Context) -> Measure:
    """The common clauses, plus those the scenario's type of contract needs (distribution)."""
    extra = contract_vocabulary()["clauses_by_contract_type"]
    kind = ctx.loaded.scenario.contract_type
    items = ["entry_into_force", "law", "disputes", "ip", "penalties", *extra.get(kind, [])]
    return _terms_measure(ctx, items)


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


# -- conduct of the discussion ----------------------------------------------------


@cache
def conduct_vocabulary() -> dict[str, Any]:
    return load_yaml(
        resources.files("negosim.scoring").joinpath("data/conduct.yaml").read_text("utf-8")
    )


def longest_monologue(ctx: Context) -> Measure:
    """Most words one candidate says in a row (consecutive turns of the same speaker merged)."""
    runs: list[tuple[Turn, int]] = []
    last: str | None = None
    for t in ctx.transcript.turns:
        if t.side == "learner" and (ctx.speaker is None or t.speaker == ctx.speaker):
            if t.speaker == last and runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + t.words)
            else:
                runs.append((t, t.words))
            last = t.speaker
        else:
            last = None
    if not runs:
        return Measure(None, "—")
    turn, words = max(runs, key=lambda r: r[1])
    return Measure(
        float(words), f"{words} mots", [cite(turn, f"plus long monologue ({words} mots)")]
    )


def agenda_set(ctx: Context) -> Measure:
    """Whether the candidates proposed a structure for the meeting in their first turns."""
    words = conduct_vocabulary()["agenda"].get(ctx.lang, [])
    early = ctx.transcript.candidate_turns()[:4]
    hit = next((t for t in early if any(w in t.text.lower() for w in words)), None)
    if hit is None:
        return Measure(0.0, "pas d'ordre du jour", [absence("aucun cadre proposé en ouverture")])
    return Measure(1.0, "ordre du jour proposé", [cite(hit, "cadre de l'entretien proposé")])


def _objection_points(ctx: Context) -> list[int]:
    """Seqs where the counterpart objected: recorded objections and objection turns."""
    seqs = {seq for seq, _ in ctx.transcript.raised}
    for t in ctx.transcript.turns:
        if (
            t.side != "learner"
            and t.has("objection")
            and not any(abs(t.seq - s) <= 2 for s in seqs)
        ):
            seqs.add(t.seq)
    return sorted(seqs)


def objections_acknowledged(ctx: Context) -> Measure:
    """Share of objections whose first answer acknowledges, restates or asks before arguing."""
    points = _objection_points(ctx)
    if not points:
        return Measure(None, "aucune objection")
    ok, answered, evidence = 0, 0, []
    for seq in points:
        answer = next(
            (t for t in ctx.transcript.turns if t.seq > seq and t.side == "learner"), None
        )
        if answer is None or (ctx.speaker and answer.speaker != ctx.speaker):
            continue
        answered += 1
        acked = answer.has("acknowledgment", "reformulation", "question.open", "question.closed")
        ok += acked
        note = (
            "objection prise en compte avant d'y répondre"
            if acked
            else "réponse directe, sans prise en compte"
        )
        evidence.append(cite(answer, note))
    if ctx.speaker and not answered:
        return Measure(None, "n'a répondu à aucune objection")
    total = answered if ctx.speaker else len(points)
    return Measure(ok / total, f"{ok} / {total}", evidence[:4])


STOP = frozenset("avant après notre votre nous vous cette elles leurs comme alors aussi".split())


def _need_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\wéèêàâîôûç]{5,}", text.lower()) if w not in STOP}


def _expressed_needs(ctx: Context) -> list[tuple[int, str, set[str]]]:
    """Needs the counterpart expressed: hidden needs revealed, or its own ``need`` turns."""
    by_id = {n.id: n for n in ctx.loaded.scenario.hidden_needs}
    out = []
    for seq, need_id in ctx.transcript.revealed:
        need = by_id.get(need_id)
        if need:
            words = {k.lower() for k in need.reveal_if} | _need_words(need.fact)
            out.append((seq, need_id, words))
    for t in ctx.transcript.turns:
        if t.side != "learner" and t.has("need"):
            out.append((t.seq, f"besoin exprimé #{t.seq}", _need_words(t.text)))
    return out


def arguments_tied_to_needs(ctx: Context) -> Measure:
    """Share of the needs the counterpart expressed that a later argument builds on."""
    needs = _expressed_needs(ctx)
    if not needs:
        return Measure(
            0.0,
            "aucun besoin exprimé",
            [absence("aucun besoin de la contrepartie sur lequel appuyer les arguments")],
        )
    used, evidence = set(), []
    for seq, need_id, words in needs:
        for t in ctx.mine():
            if t.seq > seq and t.has("argument", "proof", "concession.conditional"):
                if words & _need_words(t.text) or any(
                    w in t.text.lower() for w in words if " " in w
                ):
                    used.add(need_id)
                    evidence.append(cite(t, f"argument lié au besoin : {need_id}"))
                    break
    if not used:
        evidence.append(absence("aucun argument ne reprend un besoin exprimé"))
    return Measure(len(used) / len(needs), f"{len(used)} / {len(needs)}", evidence[:4])


# -- bargaining --------------------------------------------------------------------


def _learner_offers(ctx: Context, unstated_at_target: bool = False) -> list[tuple[int, float]]:
    """The candidates' standing package after each of their offers, in their own utility.

    An offer naming only some issues leaves the others where the candidates last put them.
    For concessions, an issue not yet stated counts at the candidates' target (they have
    given nothing on it yet), so naming a new issue at a cost shows as a concession; for the
    anchor, unstated issues count as nothing, so a complete opening package ranks higher.
    """
    scenario = ctx.loaded.scenario
    standing: dict[str, Any] = best_terms(scenario, "learner") if unstated_at_target else {}
    out = []
    for seq, by, terms in ctx.transcript.offers:
        if by == "learner":
            standing = {**standing, **terms}
            out.append((seq, utility(scenario, "learner", standing)))
    return out


def _at(ctx: Context, seq: int) -> Turn | None:
    before = [t for t in ctx.transcript.turns if t.seq <= seq]
    learner = [t for t in before if t.side == "learner"]
    return learner[-1] if learner else (before[-1] if before else None)


def _reservation(ctx: Context) -> float:
    return ctx.loaded.scenario.sides["learner"].reservation_utility


def anchor_ambition(ctx: Context) -> Measure:
    """The candidates' first offer between their reservation (0) and target (1)."""
    offers = _learner_offers(ctx)
    if not offers:
        return Measure(
            0.0, "aucune offre des candidats", [absence("les candidats n'ont rien chiffré")]
        )
    seq, u = offers[0]
    ru = _reservation(ctx)
    value = min(1.0, max(0.0, (u - ru) / (1 - ru)))
    first = ctx.transcript.offers[0][1]
    who = "ancrage des candidats" if first == "learner" else "contre-offre après l'ancrage adverse"
    turn = _at(ctx, seq)
    ev = [cite(turn, f"{who} : utilité {u:.2f} (réserve {ru:.2f}, objectif 1)")] if turn else []
    return Measure(value, f"utilité {u:.2f} (réserve {ru:.2f})", ev)


def anchor_held(ctx: Context) -> Measure:
    """Minutes the candidates held their first offer before conceding (to the end if never).

    A move traded for something in return ("if you ..., then ...") keeps the anchor: only
    ground given for nothing counts as letting it go.
    """
    offers = _learner_offers(ctx, unstated_at_target=True)
    if not offers:
        return Measure(None, "aucune offre")
    seq, u = offers[0]
    start = _at(ctx, seq)
    t0 = start.elapsed_s if start else 0.0

    def given(s: int) -> bool:
        turn = _at(ctx, s)
        return turn is None or not turn.has("concession.conditional")

    drop = next(((s, v) for s, v in offers[1:] if v < u - 1e-6 and given(s)), None)
    if drop is None:
        end = max((t.elapsed_s for t in ctx.transcript.turns), default=t0)
        minutes = (end - t0) / 60
        return Measure(
            minutes,
            f"tenue {minutes:.0f} min, sans concession",
            [cite(start, "offre tenue")] if start else [],
        )
    turn = _at(ctx, drop[0])
    minutes = ((turn.elapsed_s if turn else t0) - t0) / 60
    ev = [cite(turn, f"première concession après {minutes:.1f} min")] if turn else []
    return Measure(minutes, f"{minutes:.1f} min", ev)


def concession_pattern(ctx: Context) -> Measure:
    """Concession sizes in the candidates' utility: small and decreasing is good, growing bad."""
    offers = _learner_offers(ctx, unstated_at_target=True)
    steps = []
    for (_, a), (seq, b) in zip(offers, offers[1:], strict=False):
        if b < a - 1e-6:
            steps.append((seq, a - b))
    if not steps:
        return Measure(None, "aucune concession chiffrée")
    sizes = [round(d, 3) for _, d in steps]
    if len(steps) == 1:
        value = 1.0 if sizes[0] <= 0.15 else 0.5 if sizes[0] <= 0.3 else 0.0
    else:
        pairs = list(zip(sizes, sizes[1:], strict=False))
        value = sum(1 for a, b in pairs if b <= a + 0.01) / len(pairs)
        if sum(sizes) > 0.6:
            value = min(value, 0.5)
    ev = []
    for seq, d in steps[:4]:
        turn = _at(ctx, seq)
        if turn:
            ev.append(cite(turn, f"concession de {d:.2f} d'utilité"))
    trend = " → ".join(f"{d:.2f}" for d in sizes)
    return Measure(value, f"tailles {trend}", ev)


_BEST: dict[str, tuple[dict[str, Any], float, float] | None] = {}


def _best_deal(loaded: LoadedScenario) -> tuple[dict[str, Any], float, float] | None:
    """The Nash point, computed once per scenario version."""
    if loaded.digest not in _BEST:
        _BEST[loaded.digest] = nash_point_fast(loaded.scenario)
    return _BEST[loaded.digest]


def nash_point_fast(scenario: Any) -> tuple[dict[str, Any], float, float] | None:
    """``engine.utility.nash_point`` on the same grid, with per-issue values tabled first.

    The engine's version re-evaluates both utilities for every package (half a second for
    the furniture scenario); tabling each issue's contribution makes the same search ~10×
    faster, and a test checks both give the same point.
    """
    issues = scenario.issues
    grids = [grid(i, 5) if not i.step else grid(i) for i in issues]
    if math.prod(max(1, len(g)) for g in grids) > 200_000:  # as engine.utility.zopa
        grids = [grid(i.model_copy(update={"step": None}), 5) for i in issues]
    tables = [
        [
            (
                i.preference("learner").weight * issue_value(i, "learner", v),
                i.preference("counterpart").weight * issue_value(i, "counterpart", v),
            )
            for v in g
        ]
        for i, g in zip(issues, grids, strict=True)
    ]
    ru_l = scenario.sides["learner"].reservation_utility
    ru_c = scenario.sides["counterpart"].reservation_utility
    best, best_score = None, -1.0
    for combo in itertools.product(*(range(len(g)) for g in grids)):
        ul = uc = 0.0
        for table, k in zip(tables, combo, strict=True):
            a, b = table[k]
            ul += a
            uc += b
        ul, uc = round(ul, 6), round(uc, 6)
        if ul < ru_l or uc < ru_c:
            continue
        product = (ul - ru_l) * (uc - ru_c)
        if product > best_score:
            best_score = product
            best = (combo, ul, uc)
    if best is None:
        return None
    combo, ul, uc = best
    terms = {i.id: g[k] for i, g, k in zip(issues, grids, combo, strict=True)}
    return terms, ul, uc


def deal_vs_best(ctx: Context) -> Measure:
    """The deal's joint gain over both reservations against the Nash point's (1 = as good)."""
    scenario = ctx.loaded.scenario
    best = _best_deal(ctx.loaded)
    if best is None:
        return Measure(None, "pas de zone d'accord")
    _, nl, nc = best
    rl, rc = _reservation(ctx), scenario.sides["counterpart"].reservation_utility
    terms = ctx.transcript.final_terms
    if not terms:
        note = f"pas d'accord alors qu'un accord à {nl:.2f} / {nc:.2f} existait"
        return Measure(0.0, "pas d'accord", [absence(note)])
    ul, uc = utility(scenario, "learner", terms), utility(scenario, "counterpart", terms)
    value = max(0.0, min(1.0, ((ul - rl) + (uc - rc)) / max(1e-6, (nl - rl) + (nc - rc))))
    note = (
        f"accord {ul:.2f} / {uc:.2f} (candidats / contrepartie) ; point de Nash {nl:.2f} / {nc:.2f}"
    )
    return Measure(value, f"{round(100 * value)} % du gain joint de Nash", [absence(note)])


# -- truthfulness: legal checks ----------------------------------------------------


def _payment_cap(ctx: Context) -> int | None:
    sides = ctx.loaded.scenario.sides
    if sides["learner"].country != sides["counterpart"].country:
        return None
    return conduct_vocabulary()["payment_cap_days"].get(ctx.loaded.scenario.setting)


def _stands_on(turn: Turn, entity: dict) -> bool:
    """Whether the turn proposes, accepts or requires this figure (the reading's mention of
    it), rather than quoting, citing or stating it as a rule; read alone, a figure counts."""
    roles = [m["role"] for m in turn.analysis.mentions if m.get("start") == entity.get("start")]
    return not roles or any(r in ("propose", "accept", "require") for r in roles)


def _over_payment_cap(ctx: Context) -> list[Evidence]:
    """Candidate turns proposing or accepting a payment term over the legal cap."""
    cap = _payment_cap(ctx)
    if cap is None:
        return []
    voc = conduct_vocabulary()
    out = []
    for t in ctx.mine():
        lowered = t.text.lower()
        if not any(w in lowered for w in voc["payment_words"]):
            continue
        if any(w in lowered for w in voc["legal"]) or t.has(
            "refusal", "question.open", "question.closed"
        ):
            continue
        days = [
            (e.get("days") or 0) + (30 if e.get("end_of_month") else 0)
            for e in t.analysis.of("DURATION")
            if _stands_on(t, e)
            and any(
                w in lowered[max(0, e["start"] - 40) : e["start"]] for w in voc["payment_words"]
            )
        ]
        if any(d > cap + (15 if "fin de mois" in lowered else 0) for d in days):
            out.append(cite(t, f"délai de paiement au-delà du plafond légal de {cap} jours"))
    terms = ctx.transcript.final_terms or {}
    if ctx.speaker is None and float(terms.get("payment_days") or 0) > cap:
        out.append(absence(f"accord à {terms['payment_days']} jours, au-delà de {cap} jours"))
    return out


def _over_own_payment_limit(ctx: Context) -> list[Evidence]:
    """A deal whose payment term is beyond the candidates' own limit (their reservation)."""
    terms = ctx.transcript.final_terms or {}
    if ctx.speaker is not None:
        return []
    out = []
    for issue in ctx.loaded.scenario.issues:
        pref = issue.learner
        if issue.unit != "days" or issue.id not in terms or pref is None:
            continue
        limit = getattr(pref, "reservation", None)
        if limit is None or getattr(pref, "direction", None) != "down":
            continue
        if float(terms[issue.id]) > limit:
            out.append(
                absence(f"accord à {terms[issue.id]} jours, au-delà de la limite de {limit:g}")
            )
    return out


def legal_errors(ctx: Context) -> Measure:
    wrong = _over_payment_cap(ctx)
    cap = _payment_cap(ctx)
    if cap is None:
        return Measure(None, "pas de plafond légal applicable")
    invoked = [
        t
        for t in ctx.mine()
        if any(w in t.text.lower() for w in conduct_vocabulary()["legal"])
        and any(w in t.text.lower() for w in conduct_vocabulary()["payment_words"])
    ]
    ev = (
        wrong
        or [cite(t, "règle légale invoquée") for t in invoked[:2]]
        or [absence(f"aucun délai de paiement au-delà de {cap} jours")]
    )
    return Measure(float(len(wrong)), f"{len(wrong)} erreur(s) de droit", ev)


def sources_cited(ctx: Context) -> Measure:
    """Turns that back a claim: a proof (figure, reference, certification) or a legal rule."""
    legal = conduct_vocabulary()["legal"]
    turns = [t for t in ctx.mine() if t.has("proof") or any(w in t.text.lower() for w in legal)]
    return Measure(
        float(len(turns)),
        str(len(turns)),
        [cite(t, "source citée") for t in turns[:3]] or [absence("aucune source citée")],
    )


# -- culture -----------------------------------------------------------------------


def formality(ctx: Context) -> Measure:
    """Familiar forms (tu) used where the culture expects formality (vous, titles).

    The counterpart's own remark on the switch is quoted too: the candidate was told.
    """
    if ctx.loaded.behaviour.formality != "formal" or not has_familiar_forms(ctx.lang):
        return Measure(None, "—")
    hits = [t for t in ctx.mine() if familiar_forms(t.text, ctx.lang)]
    ev = [cite(t, "tutoiement dans une culture formelle") for t in hits[:3]]
    remarks = [t for t in ctx.transcript.turns if "formality_remark" in t.intents]
    ev += [cite(t, "l'interlocuteur relève le tutoiement") for t in remarks[:1] if hits]
    return Measure(
        float(len(hits)),
        f"{len(hits)} tour(s) familiers",
        ev or [absence("vouvoiement tenu")],
    )


def directness(ctx: Context) -> Measure:
    """Threats, and flat refusals where the culture says no indirectly."""
    indirect = (ctx.loaded.behaviour.refusal_directness or 0.5) < 0.5
    hits = [
        t
        for t in ctx.mine()
        if t.has("threat") or (indirect and t.has("refusal") and not t.has("acknowledgment"))
    ]
    ev = [cite(t, "ultimatum ou refus abrupt") for t in hits[:3]]
    return Measure(float(len(hits)), f"{len(hits)}", ev or [absence("ton ajusté à la culture")])


def discovery_before_offer(ctx: Context) -> Measure:
    """Questions asked before the first proposal, against the culture's patience."""
    expected = 1 + round((ctx.loaded.behaviour.patience or 0.5) * 4)
    offers = [seq for seq, by, _ in ctx.transcript.offers if by == "learner"]
    first = next((t for t in ctx.mine() if t.has("offer")), None)
    limit = min([*offers, first.seq if first else 10**9])
    asked = [t for t in ctx.mine() if t.seq < limit and t.analysis.is_question]
    value = min(1.0, len(asked) / expected)
    ev = [cite(t, "question avant toute proposition") for t in asked[:2]]
    if first:
        ev.append(cite(first, f"première proposition après {len(asked)} question(s)"))
    return Measure(value, f"{len(asked)} / {expected} questions avant l'offre", ev)


# -- preparation sheet followed ----------------------------------------------------


def _sheet_limits(ctx: Context) -> dict[str, float]:
    """The team's own written limit per numeric issue (first figure with the issue's unit)."""
    text = str(ctx.transcript.sheet.get("limits", "")).lower()
    units = conduct_vocabulary()["issue_units"]
    out: dict[str, float] = {}
    for issue in ctx.loaded.scenario.issues:
        words = units.get(issue.unit or "", [])
        if not issue.numeric or not words:
            continue
        lang = ctx.loaded.scenario.language
        for m in _number_pattern(lang).finditer(text):
            if any(text[m.end() : m.end() + 12].lstrip().startswith(w) for w in words):
                out[issue.id] = _number(m.group(), lang)
                break
    return out


def _beyond(issue: Any, value: Any, limit: float | None) -> bool:
    """Whether ``value`` is on the wrong side of the scenario's reservation or the team's limit."""
    if not acceptable_on_issue(issue, "learner", value):
        return True
    if limit is None:
        return False
    up = issue.preference("learner").direction == "up"
    return float(value) < limit if up else float(value) > limit


def _conceded_issues(ctx: Context) -> list[tuple[int, str]]:
    """(seq, issue id) each time a learner package moved an issue against the learner."""
    scenario = ctx.loaded.scenario
    by_id = {i.id: i for i in scenario.issues}
    standing: dict[str, Any] = {}
    out = []
    for seq, by, terms in ctx.transcript.offers:
        if by != "learner":
            continue
        for k, v in terms.items():
            if k in standing and k in by_id:
                before = issue_value(by_id[k], "learner", standing[k])
                if issue_value(by_id[k], "learner", v) < before - 1e-6:
                    out.append((seq, k))
        standing = {**standing, **terms}
    return out


def sheet_followed(ctx: Context) -> Measure:
    """Limits kept, planned concessions made and traded, not given, as the sheet said."""
    sheet = ctx.transcript.sheet
    if not any(str(v).strip() for v in sheet.values()):
        return Measure(None, "pas de fiche")
    scenario = ctx.loaded.scenario
    by_id = {i.id: i for i in scenario.issues}
    limits = _sheet_limits(ctx)
    packages = [(seq, terms) for seq, by, terms in ctx.transcript.offers if by == "learner"]
    if ctx.transcript.final_terms:
        packages.append((None, ctx.transcript.final_terms))
    broken = []
    for seq, terms in packages:
        for k, v in terms.items():
            if k in by_id and v is not None and _beyond(by_id[k], v, limits.get(k)):
                turn = _at(ctx, seq) if seq else None
                note = f"limite dépassée : {by_id[k].label} = {v}"
                broken.append(cite(turn, note) if turn else absence(note))
    planned_text = str(sheet.get("concessions", "")).lower()
    unplanned = []
    if planned_text.strip():
        for seq, k in _conceded_issues(ctx):
            units = conduct_vocabulary()["issue_units"].get(by_id[k].unit or "", [])
            words = [by_id[k].label.lower(), *(w.lower() for w in by_id[k].keywords), *units]
            if not any(w in planned_text for w in words):
                turn = _at(ctx, seq)
                note = f"concession non prévue sur la fiche : {by_id[k].label}"
                unplanned.append(cite(turn, note) if turn else absence(note))
    cond = [t for t in ctx.mine() if t.has("concession.conditional")]
    given = [t for t in ctx.mine() if t.has("concession") and not t.has("concession.conditional")]
    traded = len(cond) / (len(cond) + len(given)) if cond or given else 1.0
    value = (0.0 if broken else 0.4) + (0.0 if unplanned else 0.2) + 0.4 * traded
    ev = (
        broken[:2]
        + unplanned[:2]
        + [cite(t, "concession donnée sans contrepartie") for t in given[:2]]
    )
    if not ev:
        ev = [absence("limites tenues, concessions prévues et échangées")]
    return Measure(
        round(value, 4),
        f"limites {'dépassées' if broken else 'tenues'}, {round(100 * traded)} % échangées",
        ev,
    )


INDICATORS: dict[str, Callable[[Context], Measure]] = {
    "talk_share_gap": talk_share_gap,
    "talk_share_band": talk_share_band,
    "participation_balance": participation_balance,
    "argument_count": argument_count,
    "deal_above_reservation": deal_above_reservation,
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
    "longest_monologue": longest_monologue,
    "agenda_set": agenda_set,
    "objections_acknowledged": objections_acknowledged,
    "arguments_tied_to_needs": arguments_tied_to_needs,
    "anchor_ambition": anchor_ambition,
    "anchor_held": anchor_held,
    "concession_pattern": concession_pattern,
    "deal_vs_best": deal_vs_best,
    "legal_errors": legal_errors,
    "sources_cited": sources_cited,
    "formality": formality,
    "directness": directness,
    "discovery_before_offer": discovery_before_offer,
    "sheet_followed": sheet_followed,
}
