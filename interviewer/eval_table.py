"""Render an eval report (evaluate.run_eval's SCHEMA report) as a plain-text table, the baselines beside ours.

Pure: it only formats numbers it is handed, and computes, loads or grades nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interviewer.models import STAR_PARTS


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _render(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [title, "  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return lines


def _rows(items: list[tuple[str, Any, str | None]], baselines: list[Mapping[str, Any]]) -> list[list[str]]:
    """(label, our value, the baseline key that measures the same thing or None) -> table rows."""
    return [
        [label, _cell(ours), *[_cell(b[key]) if key in b else "" for b in baselines]]
        for label, ours, key in items
    ]


def format_table(report: Mapping[str, Any]) -> str:
    """Plain-text table of every metric in the report, the baselines in columns beside ours.
    "n/a" is an undefined metric; a blank cell is one the baseline does not measure."""
    base = report.get("baseline", {})
    out: list[str] = [f"grader: {report.get('grader', '?')}"]
    if "answers" in report:
        a, b = report["answers"], base.get("answers", {})
        items: list[tuple[str, Any, str | None]] = [("n", a["n"], None)]
        items += [
            (f"star {part} {m}", a["star"][part][m], None)
            for part in STAR_PARTS
            for m in ("precision", "recall", "f1")
        ]
        items.append(("star macro-F1", a["star"]["macro_f1"], None))
        items += [(f"overall {m}", a["overall"][m], m) for m in ("spearman", "within_one", "exact")]
        items.append(("on-topic accuracy", a["on_topic"]["accuracy"], None))
        items += [
            (f"flag {flag} {m}", s[m], None)
            for flag, s in a["red_flags"].items()
            for m in ("recall", "precision")
        ]
        items.append(("seconds per answer", a["seconds_per_answer"], None))
        out += ["", *_render("answers", ["metric", "ours", *b], _rows(items, list(b.values())))]
        if a.get("unknown_flags"):
            out.append("  not scored, red flags SCHEMA.md does not define: "
                       + ", ".join(f"{name} ({n})" for name, n in a["unknown_flags"].items()))
    if "stability" in report:
        items = [(f"{change} {m}", v[m], None) for change, v in report["stability"].items()
                 for m in ("unchanged", "within_one")]
        out += ["", *_render("stability (grade moved by a small change)", ["metric", "ours"], _rows(items, []))]
    if "retrieval" in report:
        r, b = report["retrieval"], base.get("retrieval", {})
        items = [(m, r[m], m) for m in ("n", "recall_at_1", "recall_at_3", "mrr")]
        out += ["", *_render("retrieval", ["metric", "ours", *b], _rows(items, list(b.values())))]
    return "\n".join(out)
