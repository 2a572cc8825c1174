"""The command line: `interviewer ingest | ask | interview | score | web | report | sessions | progress | eval |
doctor`.

Thin: each command parses its options, asks `app.Services` for what it needs, and prints. No interview,
grading or rendering logic lives here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from interviewer.app import Services
from interviewer.errors import InterviewerError

if TYPE_CHECKING:
    from interviewer.settings import Settings
    from interviewer.voice import SpokenAnswer

ANSWER_SEPARATOR = "---"


class _Group(click.Group):
    """Turns the errors a user can act on into one clear line and exit code 1, not a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[no-untyped-def]
        try:
            return super().invoke(ctx)
        except (InterviewerError, KeyError, ValueError, FileNotFoundError, PermissionError) as exc:
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise click.ClickException(str(message)) from exc


@click.group(cls=_Group)
@click.version_option(package_name="interviewer")
@click.pass_context
def main(ctx: click.Context) -> None:
    """An offline mock interviewer for the Senior Data Engineer AI round.

    \b
    $ interviewer ingest
    $ interviewer interview --questions 3
    $ interviewer web
    """
    ctx.obj = Services()


def _services(ctx: click.Context) -> Services:
    return ctx.find_object(Services)  # type: ignore[return-value]


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.pass_context
def ingest(ctx: click.Context, path: Path | None) -> None:
    """Parse the guide and store it in the vector store (default: the corpus/ folder).

    \b
    $ interviewer ingest
    $ interviewer ingest my-other-guide.md
    """
    services = _services(ctx)
    report = services.ingest(path, progress=True)
    guide = services.store.load_guide()
    click.echo(
        f"Ingested {len(guide.questions)} questions in {len(guide.categories)} categories from {guide.source}: "
        f"{report.added} chunks added, {report.updated} updated, {report.unchanged} unchanged, "
        f"{report.removed} removed in {report.seconds:.1f} s. Store: {services.settings.home}"
    )


@main.command()
@click.argument("query")
@click.option("-k", "k", default=3, show_default=True, help="How many questions to show.")
@click.pass_context
def ask(ctx: click.Context, query: str, k: int) -> None:
    """Find the guide's questions closest to QUERY.

    \b
    $ interviewer ask "how would you size user stories?"
    """
    services = _services(ctx)
    _ = services.guide  # ingests on first use
    for hit in services.store.search(query, k=k):
        click.echo(f"{hit.question_id:>4}  {hit.score:.3f}  {hit.text}")


@main.command()
@click.option("--questions", "n_questions", default=5, show_default=True, type=click.IntRange(1, 32))
@click.option("--category", "categories", multiple=True, help="Only questions of this category (repeatable).")
@click.option("--seed", type=int, default=None, help="Pick the same questions again.")
@click.option("--answers-file", type=click.File("r", encoding="utf-8"), default=None,
              help=f"Answer unattended: one answer per turn, separated by a line '{ANSWER_SEPARATOR}'.")
@click.option("--audio-dir", type=click.Path(path_type=Path), default=None,
              help="Answer unattended from recordings: one audio file per turn, in name order.")
@click.option("--resume", "resume_id", default=None, help="Continue a saved session.")
@click.pass_context
def interview(ctx: click.Context, n_questions: int, categories: tuple[str, ...], seed: int | None,
              answers_file, audio_dir: Path | None, resume_id: str | None) -> None:  # type: ignore[no-untyped-def]
    """Run a mock interview in the terminal.

    Finish an answer with an empty line twice (or a line '/done'). Commands: /skip, /repeat, /model, /end.

    \b
    $ interviewer interview --questions 3 --category "Behavioral & Leadership"
    $ interviewer interview --answers-file answers.txt --seed 7
    $ interviewer interview --audio-dir recordings/ --questions 2
    $ interviewer interview --resume 20261125-2144-ab12
    """
    from interviewer.terminal import run_terminal_interview

    services = _services(ctx)
    if resume_id:
        session_interview = services.resume_interview(resume_id)
    else:
        session_interview = services.new_interview(n_questions, list(categories) or None, seed)
    if answers_file and audio_dir:
        raise click.UsageError("give --answers-file or --audio-dir, not both")
    answers: list[str] | list[SpokenAnswer] | None = _split_answers(answers_file.read()) if answers_file else None
    if audio_dir:
        answers = _spoken_answers(audio_dir, services.settings)
    run_terminal_interview(session_interview, services, answers=answers)


def _spoken_answers(folder: Path, settings: Settings | None = None) -> list[SpokenAnswer]:
    """Each recording transcribed, in name order; one that cannot be used is reported and left out."""
    from interviewer.voice import listen, recordings

    answers: list[SpokenAnswer] = []
    for path in recordings(folder):
        spoken = listen(path, settings=settings)
        if spoken.note:
            click.echo(click.style(f"  ({path.name}: {spoken.note})", fg="yellow"), err=True)
        if spoken.error:
            click.echo(click.style(f"  ({path.name}: {spoken.error})", fg="yellow"), err=True)
            continue
        answers.append(spoken)
    return answers


def _split_answers(text: str) -> list[str]:
    parts: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip() == ANSWER_SEPARATOR:
            parts.append([])
        else:
            parts[-1].append(line)
    return ["\n".join(p).strip() for p in parts if "\n".join(p).strip()]


@main.command()
@click.option("--question", "question_id", required=True, help="Guide question id, e.g. Q16.")
@click.option("--answer-file", type=click.File("r", encoding="utf-8", errors="replace"), default=None,
              help="The answer as text ('-' reads standard input).")
@click.option("--audio", "audio", type=click.Path(path_type=Path), default=None,
              help="The answer as a recording (WAV, MP3, WebM/Opus, Ogg, M4A): transcribed first.")
@click.option("--json", "as_json", is_flag=True, help="Print the grade as JSON.")
@click.pass_context
def score(ctx: click.Context, question_id: str, answer_file, audio: Path | None,  # type: ignore[no-untyped-def]
          as_json: bool) -> None:
    """Grade one answer to one question, outside an interview.

    \b
    $ interviewer score --question Q16 --answer-file my-answer.txt
    $ echo "I don't know" | interviewer score --question Q6 --answer-file - --json
    $ interviewer score --question Q17 --audio my-answer.webm --json
    """
    from interviewer.feedback import render_grade

    if (answer_file is None) == (audio is None):
        raise click.UsageError("give exactly one of --answer-file or --audio")
    services = _services(ctx)
    question = services.guide.question(question_id)
    transcript = delivery = None
    if audio is not None:
        transcript, delivery = _transcribe(audio, services.settings)
        text = transcript.text
    else:
        text = answer_file.read()
    grade = services.grader.grade(question.id, text)
    if as_json:
        data = grade.model_dump(mode="json")
        if transcript is not None and delivery is not None:
            data["transcript"] = transcript.text
            data["delivery"] = delivery.model_dump(mode="json")
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"{question.id}: {question.text}\n")
    if transcript is not None and delivery is not None:
        from interviewer.feedback import render_delivery

        click.echo(f"Transcript: {transcript.text}\n")
        click.echo(render_delivery(delivery) + "\n")
    click.echo(render_grade(grade))


def _transcribe(path: Path, settings: Settings | None = None):  # type: ignore[no-untyped-def]
    from interviewer.delivery import delivery_metrics
    from interviewer.voice import transcribe_with

    where = f" with {settings.transcribe_model}" if settings is not None and settings.remote_transcription else ""
    click.echo(click.style(f"Transcribing {path}{where} …", dim=True), err=True)
    transcript, note = transcribe_with(path, settings)
    if note:
        click.echo(click.style(f"  ({note})", fg="yellow"), err=True)
    return transcript, delivery_metrics(transcript)


@main.command(name="transcribe")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Transcript, word timings and delivery as JSON.")
@click.pass_context
def transcribe_command(ctx: click.Context, path: Path, as_json: bool) -> None:
    """Transcribe a recording (offline, or with INTERVIEWER_TRANSCRIBE_MODEL at the configured endpoint) and
    measure its delivery (pace, fillers, pauses, length).

    \b
    $ interviewer transcribe my-answer.wav
    """
    from interviewer.feedback import render_delivery

    transcript, delivery = _transcribe(path, _services(ctx).settings)
    if as_json:
        click.echo(json.dumps({"transcript": transcript.model_dump(mode="json"),
                               "delivery": delivery.model_dump(mode="json")}, indent=2, ensure_ascii=False))
        return
    click.echo(transcript.text + "\n")
    click.echo(render_delivery(delivery))


@main.command()
@click.option("--host", default=None, help="Address to serve on (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="Port (default 7860).")
@click.pass_context
def web(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Serve the mock interview as a web page.

    \b
    $ interviewer web
    $ interviewer web --port 8000
    """
    from interviewer.ui import serve

    services = _services(ctx)
    serve(services, host=host or services.settings.host, port=port or services.settings.port)


@main.command()
@click.argument("session_id")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Write to a file.")
@click.pass_context
def report(ctx: click.Context, session_id: str, fmt: str, output: Path | None) -> None:
    """The scorecard of a saved session.

    \b
    $ interviewer report 20261125-2144-ab12 --format html -o scorecard.html
    """
    from interviewer.scorecard import build_scorecard, render

    services = _services(ctx)
    session = services.sessions.load(session_id)
    text = render(build_scorecard(session, services.guide), fmt)  # type: ignore[arg-type]
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")
    else:
        click.echo(text)


@main.command()
@click.pass_context
def sessions(ctx: click.Context) -> None:
    """List saved sessions, newest first.

    \b
    $ interviewer sessions
    """
    rows = _services(ctx).sessions.list()
    if not rows:
        click.echo("No sessions yet. Start one with: interviewer interview")
    for row in rows:
        click.echo(_summary_line(row))


def _summary_line(row) -> str:  # type: ignore[no-untyped-def]
    data = row.model_dump() if hasattr(row, "model_dump") else dict(row.__dict__)
    avg = data.get("average")
    avg_text = f"{avg:.1f}" if isinstance(avg, (int, float)) else "-"
    state = "finished" if data.get("finished") else "in progress"
    return f"{data.get('id')}  {str(data.get('created_at'))[:16]}  {data.get('n_answered', 0):>2} answered  " \
           f"avg {avg_text}  {state}"


@main.command()
@click.pass_context
def progress(ctx: click.Context) -> None:
    """Progress across all saved sessions.

    \b
    $ interviewer progress
    """
    from interviewer.progress import progress as build_progress
    from interviewer.progress import render_progress

    services = _services(ctx)
    click.echo(render_progress(build_progress(services.sessions.load_all())))


@main.command(name="eval")
@click.option("--answers", type=click.Path(exists=True, path_type=Path), default=None)
@click.option("--retrieval", type=click.Path(exists=True, path_type=Path), default=None)
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None, help="Write the report here.")
@click.option("--details", type=click.Path(path_type=Path), default=None, help="Per-case predictions (JSONL).")
@click.option("--llm", "with_llm", is_flag=True,
              help="Also score the configured LLM's second opinion: offline+LLM combined, and the LLM alone.")
@click.option("--stability", "with_stability", is_flag=True,
              help="Also grade each answer with typos and as a speech transcript; report how far grades move.")
@click.option("--paraphrases", type=click.Path(exists=True, path_type=Path), default=None,
              help="Paraphrases of the answers (evals/paraphrase/); report how far a paraphrase moves the grade.")
@click.pass_context
def eval_command(ctx: click.Context, answers: Path | None, retrieval: Path | None, json_out: Path | None,
                 details: Path | None, with_llm: bool, with_stability: bool, paraphrases: Path | None) -> None:
    """Score the grader and retrieval on labelled cases (format: shared evals/SCHEMA.md).

    \b
    $ interviewer eval --answers evals/holdout/answers.jsonl --retrieval evals/holdout/retrieval.jsonl \\
        --json evals/out/holdout.json
    $ interviewer eval --answers evals/tune/answers.jsonl --llm --json evals/out/tune-llm.json
    $ interviewer eval --answers evals/dev3/answers.jsonl --stability
    $ interviewer eval --answers evals/dev8/answers.jsonl --paraphrases evals/paraphrase/dev8.jsonl
    """
    from interviewer.eval_table import format_table
    from interviewer.evaluate import run_eval
    from interviewer.grading import GRADER_VERSION

    if not answers and not retrieval:
        raise click.UsageError("give --answers, --retrieval or both")
    if paraphrases and not answers:
        raise click.UsageError("--paraphrases rephrase answers: give --answers too")
    services = _services(ctx)
    guide = services.guide
    report_data = run_eval(
        answers, retrieval,
        services.grader.grade if answers else None,
        (lambda q, k: [h.question_id for h in services.store.search(q, k)]) if retrieval else None,
        f"{GRADER_VERSION} (offline, prompts none)", details_path=details,
        embed=services.embedder.embed, reference_text=lambda qid: guide.question(qid).answer,
        questions={q.id: q.text for q in guide.questions}, with_stability=with_stability,
        paraphrases_path=paraphrases, progress=True)
    click.echo(format_table(report_data))
    if with_llm:
        if not answers:
            raise click.UsageError("--llm scores grades: give --answers")
        report_data["llm"] = _eval_llm(services, answers)
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(report_data, indent=2), encoding="utf-8")
        click.echo(f"Wrote {json_out}")


def _eval_llm(services: Services, answers: Path) -> dict[str, object]:
    """The offline+LLM and LLM-alone rows of `eval --llm`; the offline grader stays the grade of record."""
    from interviewer.grading import GRADER_VERSION
    from interviewer.judge import run_llm_eval

    if services.llm is None:
        raise click.UsageError("--llm needs an LLM: set INTERVIEWER_MODEL and OPENAI_BASE_URL (or OPENAI_API_KEY); "
                               "`interviewer doctor` checks it")
    report, text = run_llm_eval(answers, services.grader.grade, services.llm, services.guide.question,
                                GRADER_VERSION)
    click.echo(text)
    return report


@main.command()
@click.pass_context
def doctor(ctx: click.Context) -> None:
    """Check the LLM endpoint: reachable, model served, streaming, structured output; what falls back.

    \b
    $ OPENAI_BASE_URL=http://127.0.0.1:8080/v1 INTERVIEWER_MODEL=smollm2 interviewer doctor
    """
    from interviewer import tokens
    from interviewer.doctor import diagnose, format_checks

    settings = _services(ctx).settings
    tokens.use_cache_dir(settings.tiktoken_dir)
    checks = diagnose(settings)
    click.echo(format_checks(checks))
    if any(c.status == "fail" for c in checks):
        ctx.exit(1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
