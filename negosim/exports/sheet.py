"""The evaluation sheet as a PDF in the session's language, laid out like the certification grid.

Built with ReportLab's platypus (flowing paragraphs and tables); every piece of
user text is escaped, since platypus paragraphs read a small markup language.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from negosim.debrief import in_language
from negosim.scoring.rubric import LoadedRubric

# The sheet's own words, in each language a scenario may be played in; the rubric's words
# (criteria, levels) come from the rubric's translations (``debrief.in_language``).
WORDS: dict[str, dict[str, Any]] = {
    "fr": {
        "title": "Fiche d'évaluation — épreuve de négociation (bloc 3)",
        "outcomes": {"deal": "accord", "no_deal": "pas d'accord", "timeout": "temps écoulé"},
        "unfinished": "inachevée",
        "group": "Groupe : {}",
        "no_group": "sans groupe",
        "candidates": "Candidats : {}",
        "scenario": "Scénario : {}",
        "session": "Séance {code} (n° {id}) du {when} — issue : {outcome}",
        "header": [
            "Critère",
            "Niveau automatique",
            "Niveau du jury",
            "Éléments observés",
            "Commentaire",
        ],
        "unchanged": "inchangé",
        "overall": "Appréciation automatique : {level}, {points} / {out_of}",
        "decision": "Décision du jury : {level} — {comment} ({by}, {when})",
        "pending": "Décision du jury : en attente",
        "notes": "Annotations des formateurs et du jury",
        "note": "Tour #{seq} — {text} ({by}, {when})",
        "date": "%d/%m/%Y %H:%M UTC",
        "quote": "#{seq} {time} {speaker} : « {quote} » — ",
        "locale": "fr-FR",
    },
    "en": {
        "title": "Evaluation sheet — negotiation exam (block 3)",
        "outcomes": {"deal": "deal", "no_deal": "no deal", "timeout": "time up"},
        "unfinished": "unfinished",
        "group": "Group: {}",
        "no_group": "no group",
        "candidates": "Candidates: {}",
        "scenario": "Scenario: {}",
        "session": "Session {code} (no. {id}) of {when} — outcome: {outcome}",
        "header": ["Criterion", "Automatic level", "Jury's level", "Evidence", "Comment"],
        "unchanged": "unchanged",
        "overall": "Automatic assessment: {level}, {points} / {out_of}",
        "decision": "Jury's decision: {level} — {comment} ({by}, {when})",
        "pending": "Jury's decision: pending",
        "notes": "Trainers' and jury's annotations",
        "note": "Turn #{seq} — {text} ({by}, {when})",
        "date": "%Y-%m-%d %H:%M UTC",
        "quote": "#{seq} {time} {speaker}: “{quote}” — ",
        "locale": "en-GB",
    },
}
EVIDENCE_SHOWN = 3


def _fmt(when: datetime | None, pattern: str = WORDS["fr"]["date"]) -> str:
    return when.strftime(pattern) if when else "—"


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def evaluation_sheet(ev: dict[str, Any], rubric: LoadedRubric | None = None) -> bytes:
    """The PDF bytes of one session's evaluation (``jury.evaluation.evaluate``'s dict), in
    the session's language; ``rubric`` gives the criteria's and levels' words in it."""
    lang = ev["scenario"].get("language", "fr")
    w = WORDS.get(lang, WORDS["fr"])
    if rubric is not None:
        ev = ev | in_language({"criteria": ev["criteria"], "levels": ev["levels"]}, rubric, lang)

    def fmt(when: datetime | None) -> str:
        return _fmt(when, w["date"])

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9, leading=11)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    labels = {lv["id"]: lv["label"] for lv in ev["levels"]}

    def level(lv: str | None) -> str:
        return f"{lv} ({labels.get(lv, '')})" if lv else "—"

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=w["title"],
        author="negosim",
        lang=w["locale"],
    )
    run = ev["run"]
    outcome = w["outcomes"].get(run["outcome"] or "", run["outcome"] or w["unfinished"])
    story: list[Any] = [
        _p(w["title"], styles["Title"]),
        _p(w["group"].format(ev["cohort"] or w["no_group"]), body),
        _p(w["candidates"].format(", ".join(ev["candidates"]) or "—"), body),
        _p(w["scenario"].format(ev["scenario"]["title"]), body),
        _p(
            w["session"].format(
                code=run["code"], id=run["id"], when=fmt(run["created_at"]), outcome=outcome
            ),
            body,
        ),
        Spacer(1, 5 * mm),
    ]
    header = w["header"]
    rows: list[list[Any]] = [[_p(h, small) for h in header]]
    for c in ev["criteria"]:
        evidence = "\n".join(
            (w["quote"].format(**e) if e["seq"] else "") + e["note"]
            for e in c["evidence"][:EVIDENCE_SHOWN]
        )
        jury = c["jury"]
        comment = f"{jury['comment']}\n({jury['by']}, {fmt(jury['at'])})" if jury else ""
        rows.append(
            [
                _p(f"{c['group']} — {c['label']}", small),
                _p(level(c["auto_level"]), small),
                _p(level(jury["level"]) if jury else w["unchanged"], small),
                _p(evidence or "—", small),
                _p(comment or "—", small),
            ]
        )
    table = Table(rows, colWidths=[38 * mm, 24 * mm, 24 * mm, 60 * mm, 34 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 6 * mm)]
    overall = ev["overall"]
    story.append(
        _p(
            w["overall"].format(
                level=level(overall["level"]),
                points=f"{overall['points']:.1f}",
                out_of=overall["out_of"],
            ),
            body,
        )
    )
    decision = ev["decision"]
    if decision:
        story.append(
            _p(
                w["decision"].format(
                    level=level(decision["level"]),
                    comment=decision["comment"],
                    by=decision["by"],
                    when=fmt(decision["at"]),
                ),
                body,
            )
        )
    else:
        story.append(_p(w["pending"], body))
    notes = ev.get("annotations") or []  # given only to those allowed to read them
    if notes:
        story += [
            Spacer(1, 5 * mm),
            _p(w["notes"], styles["Heading3"]),
        ]
        for n in notes:
            when = datetime.fromisoformat(n["at"])
            story.append(
                _p(
                    w["note"].format(seq=n["seq"], text=n["text"], by=n["by"], when=fmt(when)),
                    small,
                )
            )
    doc.build(story)
    return buffer.getvalue()
