"""Progress across sessions: per saved session its average grade, STAR hit rates and spoken pace, oldest first,
rendered as a Markdown table with the trend, or JSON.

Pure: `Session`s in, a `Progress` out, then text. It reads and writes nothing and re-grades nothing; the grades are
those saved with each answer. Only main answers count, as in the scorecard (`scorecard.py`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from . import rendering
from .models import STAR_PARTS, Session, StarName
from .scorecard import session_delivery, star_present
from .sessions import answered_turns, average_grade


class SessionPoint(BaseModel):
    """One session in the progress table."""

    session_id: str
    created_at: datetime
    n_answered: int
    average: float | None
    star: dict[StarName, float | None]
    """Share of graded main answers with each STAR part present; None before any grade."""
    wpm: float | None = None
    """Pooled pace of the spoken answers; None when nothing was spoken."""
    fillers_per_min: float | None = None


class Progress(BaseModel):
    sessions: list[SessionPoint]
    """Oldest first."""


def progress(sessions: list[Session]) -> Progress:
    """Average grade and STAR hit rates per session, oldest first, so a candidate sees the trend."""
    points = []
    for session in sorted(sessions, key=lambda s: (s.created_at, s.id)):
        answered = answered_turns(session)
        graded = [t.grade for t in answered if t.grade is not None]
        star = {
            p: (sum(star_present(g, p) for g in graded) / len(graded) if graded else None)
            for p in STAR_PARTS
        }
        points.append(
            SessionPoint(
                session_id=session.id,
                created_at=session.created_at,
                n_answered=len(answered),
                average=average_grade(answered),
                star=star,
                wpm=spoken.pace.value if (spoken := session_delivery(session)) else None,
                fillers_per_min=spoken.filler_rate.value if spoken else None,
            )
        )
    return Progress(sessions=points)


def render_progress(progress: Progress, fmt: Literal["md", "json"] = "md") -> str:
    """The progress across sessions as a Markdown table with the trend, or JSON."""
    if fmt == "json":
        return progress.model_dump_json(indent=2)
    if fmt != "md":
        raise ValueError(f"unknown progress format {fmt!r}: use md or json")
    graded = [p for p in progress.sessions if p.average is not None]
    template = rendering.env("md").get_template("progress.md.j2")
    return template.render(
        progress=progress,
        star_parts=STAR_PARTS,
        first=graded[0] if graded else None,
        last=graded[-1] if graded else None,
        grade_text=rendering.grade_text,
        percent=rendering.percent,
    )
