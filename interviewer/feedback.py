"""Plain-text summaries of one grade and one spoken delivery, for the terminal and the web page's side panel.

Pure: a `Grade` or a `Delivery` in, a few lines of text out. The full scorecard (Markdown, HTML, JSON) is
`scorecard.py`; this is the short form shown right after an answer.
"""

from __future__ import annotations

from interviewer.delivery import Delivery
from interviewer.models import STAR_PARTS, Grade

MAX_POINTS_SHOWN = 4
"""Key points listed per kind in a one-grade summary; the scorecard lists them all."""


def render_grade(grade: Grade, answers: int = 1) -> str:
    """One grade as plain text, for the terminal and the side panel; candidate quotes are left out. `answers` > 1
    says that it grades a first answer and its follow-ups together (the interview does)."""
    topic = "" if grade.on_topic else " · no answer to grade" if grade.no_answer else " · off topic"
    if not grade.on_topic and grade.better_match:
        topic += f" (fits {grade.better_match} better)"
    star = "  ".join(f"{'✓' if p in grade.star and grade.star[p].present else '✗'} {p}" for p in STAR_PARTS)
    lines = [f"Grade {grade.overall}/5{topic}", f"STAR: {star}"]
    if answers > 1:
        more = "this follow-up" if answers == 2 else f"{answers - 1} follow-ups"
        lines.insert(1, f"(your first answer and {more}, graded together)")
    covered, missed = grade.key_points.covered, grade.key_points.missed
    if covered or missed:
        credit = "" if grade.on_topic else " (no answer to credit)" if grade.no_answer else " (not credited: off topic)"
        lines.append(f"Key points: {len(covered)} covered, {len(missed)} missed{credit}")
        for kind, points in (("covered", covered), ("missed", missed)):
            lines += [f"  {kind}: {k}" for k in points[:MAX_POINTS_SHOWN]]
            if len(points) > MAX_POINTS_SHOWN:
                lines.append(f"  … and {len(points) - MAX_POINTS_SHOWN} more {kind} (see the scorecard)")
    if grade.specificity.numbers:
        lines.append("Numbers: " + ", ".join(grade.specificity.numbers))
    if grade.red_flags:
        lines.append("Red flags: " + ", ".join(f.replace("_", " ") for f in grade.red_flags))
    return "\n".join(lines + [f"- {r}" for r in grade.reasons])


def render_delivery(delivery: Delivery) -> str:
    """Delivery of one spoken answer as plain text: each figure, its verdict against the norm, and the note."""
    lines = [f"Delivery ({delivery.words} words in {delivery.speaking_s / 60:.1f} min):"]
    for measure in (delivery.pace, delivery.filler_rate, delivery.long_pauses, delivery.length):
        mark = "✓" if measure.verdict == "ok" else "!"
        lines.append(f"  {mark} {measure.message}")
    if delivery.fillers:
        lines.append("  fillers: " + ", ".join(f"{k} ×{n}" for k, n in sorted(delivery.fillers.items())))
    lines.append(f"  note: {delivery.filler_note}")
    return "\n".join(lines)
