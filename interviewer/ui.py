"""The web page: a Gradio chat over the same `Interview` the terminal uses.

`build_app(services)` returns the `gr.Blocks` and launches nothing; `serve()` launches it. Each browser tab
holds its own `Interview` in `gr.State`, so people using the page at once never see each other's sessions.
The pure helpers at the top turn interview events into chat messages and escape everything a candidate
typed, so HTML or Markdown in an answer shows as text, never as markup. Spoken answers are transcribed off
the request thread (`voice.py`); when the candidate switches the voice on, each open question is read aloud
by `tts.py` after the chat has been updated.
"""

from __future__ import annotations

import difflib
import html
import os
import queue
import re
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from interviewer.errors import InterviewerError
from interviewer.models import Delivery

if TYPE_CHECKING:
    import gradio as gr

    from interviewer.app import Services
    from interviewer.interview import Event, Interview

Message = dict[str, str]
MAX_ANSWER_CHARS = 20_000
LIVE_REFRESH_S = 0.05
"""How often the chat is redrawn while the interviewer's words stream in."""
SAME_ANSWER = 0.6
"""Share of the transcript's words (difflib ratio) a sent answer must keep to count as the recording."""
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def as_text(text: str) -> str:
    """Candidate text made safe to show in a Markdown chat: no tag, link or emphasis is ever rendered."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def events_to_messages(events: list[Event]) -> list[Message]:
    """Interviewer events as assistant chat messages (grades go to the side panel, not the chat)."""
    messages: list[Message] = []
    for event in events:
        if event.kind in ("grade", "second_opinion"):
            continue
        if event.kind == "note":
            text = f"_{as_text(event.text)}_"
        elif event.kind == "follow_up":
            text = f"**Follow-up:** {as_text(event.text)}"
        elif event.kind == "question":
            text = f"**{as_text(event.text)}**"
        elif event.kind == "reference":
            text = "**Reference answer from the guide:**\n\n" + event.text
        elif event.kind == "scorecard":
            text = "Your scorecard is on the right. Download it below the chat."
        else:
            text = as_text(event.text)
        messages.append({"role": "assistant", "content": text})
    return messages


def grade_panel(events: list[Event]) -> str | None:
    """Markdown for the side panel from the last grade among `events`, or None when there is none."""
    from interviewer.feedback import render_grade

    grades = [e for e in events if e.kind == "grade" and e.grade is not None]
    if not grades:
        return None
    opinions = [e.text for e in events if e.kind == "second_opinion"]
    assert grades[-1].grade is not None
    shown = render_grade(grades[-1].grade, grades[-1].answers) + "".join("\n\n" + o for o in opinions[-1:])
    return "```text\n" + shown.replace("```", "'''") + "\n```"


def delivery_for(pending: dict[str, Any] | None, text: str) -> Delivery | None:
    """The delivery of the transcription waiting in the answer box, if `text` is still that transcript.

    The candidate may correct a few words before sending; an answer mostly retyped (under
    `SAME_ANSWER` of its words kept in order) was not the recording, so its delivery is not attached.
    """
    if not pending or pending.get("delivery") is None or text.strip().startswith("/"):
        return None
    said, sent = str(pending.get("text", "")).lower().split(), text.lower().split()
    if not said or not sent or difflib.SequenceMatcher(None, said, sent).ratio() < SAME_ANSWER:
        return None
    delivery = pending["delivery"]
    return delivery if isinstance(delivery, Delivery) else Delivery.model_validate(delivery)


class _QueueSink:
    """Hands the interviewer's words, as they are generated, from the interview's thread to the page."""

    def __init__(self) -> None:
        self.items: queue.Queue[tuple[str, Any] | None] = queue.Queue()

    def show(self, event: Event) -> None:
        self.items.put(("show", event))

    def open(self, kind: str) -> None:
        self.items.put(("open", kind))

    def write(self, piece: str) -> None:
        self.items.put(("write", piece))

    def close(self, kept: bool) -> None:
        self.items.put(("close", kept))


def live(interview: Interview, call: Callable[[], list[Event]]
         ) -> Iterator[tuple[list[Message], list[Event] | None]]:
    """Run `call` (the interview's start or respond) and yield (chat messages shown so far, None) while the
    model's words stream in, then ([], the events `call` returned). Without an LLM, only the last."""
    if interview.llm is None:
        yield [], call()
        return
    sink = _QueueSink()
    interview.sink = sink
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["events"] = call()
        except Exception as e:  # noqa: BLE001 - re-raised in the page's thread below
            result["error"] = e
        finally:
            sink.items.put(None)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    shown: list[Message] = []
    last = 0.0
    while (item := sink.items.get()) is not None:
        what, value = item
        if what == "show":
            shown += events_to_messages([value])
        elif what == "open":
            shown.append({"role": "assistant", "content": ""})
        elif what == "write":
            shown[-1] = {"role": "assistant", "content": shown[-1]["content"] + as_text(value)}
        elif what == "close" and not value:
            shown.pop()  # replaced by the final wording
        if time.monotonic() - last >= LIVE_REFRESH_S:
            last = time.monotonic()
            yield list(shown), None
    worker.join()
    interview.sink = None
    if "error" in result:
        raise result["error"]
    yield [], result["events"]


def _scorecard(interview: Interview, services: Services) -> tuple[str, str | None]:
    from interviewer.scorecard import build_scorecard, render

    card = build_scorecard(interview.session, services.guide)
    out_dir = Path(tempfile.gettempdir()) / "interviewer-scorecards"
    out_dir.mkdir(exist_ok=True)
    path = out_dir / f"scorecard-{interview.session.id}.html"
    path.write_text(render(card, "html"), encoding="utf-8")
    return render(card, "md"), str(path)


def build_app(services: Services) -> gr.Blocks:
    """The whole page. Launches nothing: call `.launch()` or `serve()`."""
    import gradio as gr

    categories = services.guide.categories

    def start(n: float, chosen: list[str] | None, seed: str) -> Iterator[tuple[Any, ...]]:
        seed_value = int(seed) if str(seed or "").strip().lstrip("-").isdigit() else None
        interview = services.new_interview(int(n), list(chosen or []) or None, seed_value)
        note = f"Session `{interview.session.id}` — saved after every answer."
        view = {"grade": "_No answer graded yet._", "card": "", "file": None}
        chat: list[Message] = []
        for shown, events in live(interview, interview.start):
            chat = shown if events is None else events_to_messages(events)
            if events is None:  # the interviewer's words streaming in
                yield interview, view, chat, view["grade"], note, "", None, gr.update(), None
        yield interview, view, chat, view["grade"], note, "", None, gr.update(interactive=True), None

    def answer(text: str, interview: Interview | None, chat: list[Message], view: dict[str, Any] | None,
               pending: dict[str, Any] | None = None, draft: str = "") -> Iterator[tuple[Any, ...]]:
        """Send `text` (an answer or a /command). `draft` is what stays in the answer box afterwards: the
        unsent answer when a command button (/repeat, /model) was pressed, so nothing typed is lost."""
        chat = list(chat or [])
        view = dict(view or {"grade": "_No answer graded yet._", "card": "", "file": None})
        if interview is None:
            chat.append({"role": "assistant", "content": "_Press **Start interview** first._"})
            yield interview, chat, view, view["grade"], view["card"], text, view["file"], pending
            return
        text = (text or "")[:MAX_ANSWER_CHARS]
        delivery = delivery_for(pending, text)
        # A transcription is used once; it waits on only while the same question stays open.
        same_question = text.strip().lower() in ("/repeat", "/model")
        keep, draft = (pending, draft) if same_question else (None, "")
        if text.strip():
            chat.append({"role": "user", "content": as_text(text) + (" 🎙" if delivery else "")})
        events: list[Event] = []
        for shown, done in live(interview, lambda: interview.respond(text, delivery=delivery)):
            if done is None:  # the interviewer's words streaming in
                yield interview, chat + shown, view, view["grade"], view["card"], draft, view["file"], keep
            else:
                events = done
        chat.extend(events_to_messages(events))
        view["grade"] = grade_panel(events) or view["grade"]
        if interview.finished and not view["file"]:
            view["card"], view["file"] = _scorecard(interview, services)
        yield interview, chat, view, view["grade"], view["card"], draft, view["file"], keep

    def spoken(path: str | None) -> tuple[Any, str, dict[str, Any] | None]:
        """A recording into the answer box, for the candidate to read and correct before sending; its
        delivery waits in the tab's state and goes with the answer when it is sent."""
        from interviewer.feedback import render_delivery
        from interviewer.voice import listen

        result = listen(path, settings=services.settings)
        if result.error or result.delivery is None:
            return gr.update(), f"_{as_text(result.error or 'No speech heard.')}_", None
        pending = {"text": result.text, "delivery": result.delivery}
        note = f"_{as_text(result.note)}_\n\n" if result.note else ""
        return result.text, note + "```text\n" + render_delivery(result.delivery) + "\n```", pending

    def speak_open_question(on: bool, interview: Interview | None) -> Any:
        """The open question (or follow-up) read aloud, when the candidate switched the voice on."""
        from interviewer.tts import SpeechSynthesisError, speak

        turn = interview.current if on and interview is not None else None
        if turn is None:
            return None
        try:
            return speak(turn.prompt)
        except SpeechSynthesisError as exc:
            gr.Warning(f"The interviewer cannot speak: {exc}")
            return None

    with gr.Blocks(title="Interviewer — Senior Data Engineer AI round") as app:
        interview_state = gr.State(None)
        view_state = gr.State(None)  # what the side panel shows, per tab
        pending_state = gr.State(None)  # the last transcription's text and delivery, until it is sent
        gr.Markdown("# Mock interview: Senior Data Engineer AI round\n"
                    "Answer as you would out loud. Commands: `/skip`, `/repeat`, `/model` "
                    "(reference answer, after you tried), `/end`.")
        with gr.Row():
            n_questions = gr.Slider(1, 10, value=3, step=1, label="Questions")
            chosen = gr.CheckboxGroup(categories, label="Categories (none = all)")
            seed = gr.Textbox(label="Seed (optional)", max_lines=1)
            start_btn = gr.Button("Start interview", variant="primary")
        with gr.Row():
            voice_on = gr.Checkbox(False, label="The interviewer speaks its questions (offline voice)")
            question_audio = gr.Audio(type="numpy", autoplay=True, interactive=False, show_label=False,
                                      label="The question, spoken")
        session_note = gr.Markdown()
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Interview", height=520, sanitize_html=True)
                box = gr.Textbox(label="Your answer", lines=5, placeholder="Type your answer, then Send.",
                                 interactive=False)
                with gr.Row():
                    audio = gr.Audio(sources=["microphone", "upload"], type="filepath",
                                     label="Or answer out loud (microphone or a recording)")
                    transcribe_btn = gr.Button("Transcribe into the answer box")
                with gr.Row():
                    send = gr.Button("Send", variant="primary")
                    skip = gr.Button("/skip")
                    repeat = gr.Button("/repeat")
                    model = gr.Button("/model")
                    end = gr.Button("/end")
            with gr.Column(scale=2):
                gr.Markdown("### Last answer")
                grade_md = gr.Markdown("_No answer graded yet._")
                delivery_md = gr.Markdown()
                gr.Markdown("### Scorecard")
                card_md = gr.Markdown()
                card_file = gr.File(label="Scorecard (HTML)")

        outputs = [interview_state, chat, view_state, grade_md, card_md, box, card_file, pending_state]
        speak_args = {"fn": speak_open_question, "inputs": [voice_on, interview_state],
                      "outputs": [question_audio], "api_name": False, "concurrency_limit": 1}
        start_btn.click(start, [n_questions, chosen, seed],
                        [interview_state, view_state, chat, grade_md, session_note, card_md, card_file, box,
                         pending_state],
                        api_name="start").then(**speak_args)
        voice_on.change(**{**speak_args, "api_name": "speak"})
        inputs = [box, interview_state, chat, view_state, pending_state]
        send.click(answer, inputs, outputs, api_name="answer").then(**speak_args)
        transcribe_btn.click(spoken, [audio], [box, delivery_md, pending_state], api_name="transcribe",
                             concurrency_limit=1, show_progress="full")
        box.submit(answer, inputs, outputs, api_name=False).then(**speak_args)
        for button, command in ((skip, "/skip"), (repeat, "/repeat"), (model, "/model"), (end, "/end")):
            sent = button.click(lambda box_text, *rest, cmd=command: (yield from answer(cmd, *rest, draft=box_text)),
                                inputs, outputs, api_name=False)
            if command != "/model":  # the reference answer is read, not heard; the open question is unchanged
                sent.then(**speak_args)
    return app


class PortBusy(InterviewerError, RuntimeError):
    """The port is taken."""


def check_port(host: str, port: int) -> None:
    """Fail with what to do when the port is taken (e.g. a second `interviewer web`)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise PortBusy(
                f"port {port} on {host} is busy ({exc.strerror}); is another `interviewer web` running? "
                f"Use --port or INTERVIEWER_PORT to pick another."
            ) from exc


def serve(services: Services, host: str = "127.0.0.1", port: int = 7860, block: bool = True) -> gr.Blocks:
    """Launch the page on host:port (loopback by default)."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    check_port(host, port)
    app = build_app(services)
    _ = services.grader  # load the model before the first visitor, not during their first answer
    app.queue(default_concurrency_limit=4)
    app.launch(server_name=host, server_port=port, prevent_thread_lock=not block, share=False,
               show_error=True)
    return app
