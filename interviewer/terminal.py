"""The terminal front end of an interview: print the interviewer's events, read the candidate's answers.

I/O only. The interview itself (what to ask, grading, follow-ups, saving) is `interview.Interview`; this
module reads multi-line answers from the keyboard or takes them from a list (`--answers-file`).
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

import click

if TYPE_CHECKING:
    from interviewer.app import Services
    from interviewer.interview import Event, Interview
    from interviewer.voice import SpokenAnswer

END_MARK = "/done"
HELP = ("Finish an answer with an empty line twice (or a line '/done'). "
        "Commands: /skip, /repeat, /model (reference answer, after you tried), /end.")


def read_answer(stream: TextIO = sys.stdin) -> str | None:
    """One answer from the keyboard: lines until two empty lines or '/done'; a '/command' line alone.

    Returns None at end of input (Ctrl-D).
    """
    lines: list[str] = []
    blanks = 0
    while True:
        line = stream.readline()
        if line == "":
            return "\n".join(lines).strip() if lines else None
        line = line.rstrip("\n")
        if not lines and line.strip().startswith("/") and line.strip() != END_MARK:
            return line.strip()
        if line.strip() == END_MARK:
            return "\n".join(lines).strip()
        blanks = blanks + 1 if not line.strip() else 0
        if blanks >= 2 and any(ln.strip() for ln in lines):
            return "\n".join(lines).strip()
        lines.append(line)


def _label(kind: str) -> str:
    if kind in ("question", "follow_up"):
        label = "Interviewer" if kind == "question" else "Interviewer (follow-up)"
        return click.style(f"\n{label}: ", bold=True)
    return click.style("Interviewer: ", bold=True)


def format_event(event: Event) -> str:
    """How one interviewer event looks in the terminal."""
    if event.kind in ("question", "follow_up"):
        return _label(event.kind) + event.text + "\n"
    if event.kind == "grade" and event.grade is not None:
        from interviewer.feedback import render_grade

        return click.style(textwrap.indent(render_grade(event.grade, event.answers), "  │ "), dim=True)
    if event.kind == "note":
        return click.style(f"  ({event.text})", fg="yellow")
    if event.kind == "second_opinion":
        return click.style(textwrap.indent(event.text, "  │ "), dim=True)
    if event.kind == "reference":
        return click.style("\nReference answer:\n", bold=True) + textwrap.indent(event.text, "  ")
    if event.kind == "scorecard":
        return "\n" + event.text
    return click.style("Interviewer: ", bold=True) + event.text


class TerminalSink:
    """Prints the interviewer's words as the model generates them; `_print` then skips what was shown."""

    def show(self, event: Event) -> None:
        click.echo(format_event(event))

    def open(self, kind: str) -> None:
        self.kind = kind
        click.echo(_label(kind), nl=False)

    def write(self, piece: str) -> None:
        click.echo(piece, nl=False)

    def close(self, kept: bool) -> None:
        click.echo("\n" if kept and self.kind in ("question", "follow_up") else "")
        if not kept:
            click.echo(click.style("  (replaced:)", fg="yellow"))


def _print(events: Iterable[Event]) -> None:
    for event in events:
        if not event.live:
            click.echo(format_event(event))


def run_terminal_interview(interview: Interview, services: Services,
                           answers: Sequence[str | SpokenAnswer] | None = None) -> None:
    """Drive `interview` until it finishes, from the keyboard or from `answers` (unattended).

    A `SpokenAnswer` (from `--audio-dir`) is answered with its transcript, and its delivery is shown and
    kept on the turn for the scorecard.
    """
    source: Iterator[str | SpokenAnswer | None] = iter(answers) if answers is not None else _keyboard()
    if answers is None:
        click.echo(click.style(HELP, dim=True))
    if interview.llm is not None:
        interview.sink = TerminalSink()
    _print(interview.start())
    while not interview.finished:
        if answers is None:
            click.echo(click.style("You (end with two empty lines):", fg="cyan"))
        given = next(source, None)
        if given is None:
            if answers is not None:
                click.echo(click.style("  (no more answers in the file: ending the interview)", fg="yellow"))
            _print(interview.respond("/end"))
            break
        text, delivery = (given, None) if isinstance(given, str) else (given.text, given.delivery)
        if answers is not None:
            click.echo(click.style("You: ", fg="cyan") + text)
        if delivery is not None:
            from interviewer.feedback import render_delivery

            click.echo(click.style(textwrap.indent(render_delivery(delivery), "  │ "), dim=True))
        _print(interview.respond(text, delivery=delivery))
    session_id = interview.session.id
    click.echo(f"\nSession {session_id} saved. Scorecard again: interviewer report {session_id} --format html")


def _keyboard() -> Iterator[str | None]:
    while True:
        try:
            yield read_answer()
        except KeyboardInterrupt:
            yield None
