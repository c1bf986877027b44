"""The evaluation sheet as a PDF, in French, laid out like the certification grid.

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

TITLE = "Fiche d'évaluation — épreuve de négociation (bloc 3)"
OUTCOMES = {"deal": "accord", "no_deal": "pas d'accord", "timeout": "temps écoulé"}
EVIDENCE_SHOWN = 3


def _fmt(when: datetime | None) -> str:
    return when.strftime("%d/%m/%Y %H:%M UTC") if when else "—"


def _p(text: Any, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def evaluation_sheet(ev: dict[str, Any]) -> bytes:
    """The PDF bytes of one session's evaluation (``jury.evaluation.evaluate``'s dict)."""
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
        title=TITLE,
        author="negosim",
        lang="fr-FR",
    )
    run = ev["run"]
    story: list[Any] = [
        _p(TITLE, styles["Title"]),
        _p(f"Groupe : {ev['cohort'] or 'sans groupe'}", body),
        _p(f"Candidats : {', '.join(ev['candidates']) or '—'}", body),
        _p(f"Scénario : {ev['scenario']['title']}", body),
        _p(
            f"Séance {run['code']} (n° {run['id']}) du {_fmt(run['created_at'])} — "
            f"issue : {OUTCOMES.get(run['outcome'] or '', run['outcome'] or 'inachevée')}",
            body,
        ),
        Spacer(1, 5 * mm),
    ]
    header = ["Critère", "Niveau automatique", "Niveau du jury", "Éléments observés", "Commentaire"]
    rows: list[list[Any]] = [[_p(h, small) for h in header]]
    for c in ev["criteria"]:
        evidence = "\n".join(
            (f"#{e['seq']} {e['time']} {e['speaker']} : « {e['quote']} » — " if e["seq"] else "")
            + e["note"]
            for e in c["evidence"][:EVIDENCE_SHOWN]
        )
        jury = c["jury"]
        comment = f"{jury['comment']}\n({jury['by']}, {_fmt(jury['at'])})" if jury else ""
        rows.append(
            [
                _p(f"{c['group']} — {c['label']}", small),
                _p(level(c["auto_level"]), small),
                _p(level(jury["level"]) if jury else "inchangé", small),
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
            f"Appréciation automatique : {level(overall['level'])}, "
            f"{overall['points']:.1f} / {overall['out_of']}",
            body,
        )
    )
    decision = ev["decision"]
    if decision:
        story.append(
            _p(
                f"Décision du jury : {level(decision['level'])} — {decision['comment']} "
                f"({decision['by']}, {_fmt(decision['at'])})",
                body,
            )
        )
    else:
        story.append(_p("Décision du jury : en attente", body))
    notes = ev.get("annotations") or []  # given only to those allowed to read them
    if notes:
        story += [
            Spacer(1, 5 * mm),
            _p("Annotations des formateurs et du jury", styles["Heading3"]),
        ]
        for n in notes:
            when = datetime.fromisoformat(n["at"])
            story.append(_p(f"Tour #{n['seq']} — {n['text']} ({n['by']}, {_fmt(when)})", small))
    doc.build(story)
    return buffer.getvalue()
