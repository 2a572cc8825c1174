"""The interviewer's words: phrased by the LLM (streamed piece by piece) or the offline wording, never stuck.

`Phraser.say(...)` renders a part of `prompts/<role>.yaml` with the session so far (whole exchanges, the oldest
summarised to fit the token budget), streams the model's reply into a `TokenSink`, and checks it before it
counts: it must not recite the guide's reference answer (a `LeakGuard` holds back the last few words of the
stream so a leak is caught before it is shown), a question must ask something, and it must not repeat
something already asked. Any failure (an `LLMError`, a check) gives the offline wording for that turn with a
note; after `MAX_FAILURES` failed turns in a row the model is left alone for the rest of the session.

What to say is decided elsewhere (`interview`, `followup`); this module only words it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from interviewer import prompts, tokens
from interviewer.followup import is_decline
from interviewer.llm import LLMError

if TYPE_CHECKING:
    from interviewer.llm import LLM, Messages
    from interviewer.models import Grade, Session

log = logging.getLogger(__name__)

# Keeps LLM prompts within a small local model's context; the grader always sees the whole answer.
MAX_ANSWER_CHARS_FOR_LLM = 4000
MAX_FAILURES = 2
"""Failed LLM turns in a row after which the rest of the session uses the offline wording."""
REPLY_TOKENS = 300
"""Room kept in the context budget for the model's reply."""
MAX_REPLY_CHARS = 700
LEAK_WORDS = 6
"""A run of this many words of the reference answer (not in the question or the candidate's words) is a leak."""
ASKING_PARTS = {("interviewer", "question"), ("followup", "ask")}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


class TokenSink(Protocol):
    """Where the interviewer's words go as they are generated (a terminal, a web chat)."""

    def show(self, event: Any) -> None:
        """An `interview.Event` produced before the words that follow it (a grade): show it now."""

    def open(self, kind: str) -> None:
        """A new interviewer message of `kind` ("say", "question", "follow_up") starts."""

    def write(self, piece: str) -> None: ...

    def close(self, kept: bool) -> None:
        """The message is complete; when not `kept`, what was streamed is replaced by the final event."""


@dataclass
class Said:
    text: str
    note: str | None = None
    streamed: bool = False
    """The whole `text` went through the sink: a front end need not show it again."""
    model: str | None = None
    """The model that worded it; None for the offline wording."""


class Leak(Exception):
    pass


class LeakGuard:
    """Passes streamed text on, holding back the last words until it is sure they do not recite `secret`."""

    def __init__(self, secret: str, allowed: str) -> None:
        ok = _ngrams(_words(allowed))
        self.forbidden = _ngrams(_words(secret)) - ok
        self.text = ""
        self.shown = 0

    def feed(self, piece: str) -> str:
        """The part of the text so far that is safe to show now; raises `Leak`."""
        self.text += piece
        if self.forbidden & _ngrams(_words(self.text)):  # the whole text: a piece may hold many words
            raise Leak("the reply recites the reference answer")
        # Hold back the last LEAK_WORDS - 1 words: a leak is seen before more than its first word is shown.
        cut = _start_of_last_words(self.text, LEAK_WORDS - 1)
        out, self.shown = self.text[self.shown:cut], max(self.shown, cut)
        return out

    def flush(self) -> str:
        if self.forbidden & _ngrams(_words(self.text)):
            raise Leak("the reply recites the reference answer")
        out, self.shown = self.text[self.shown:], len(self.text)
        return out


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + LEAK_WORDS]) for i in range(len(words) - LEAK_WORDS + 1)}


def _start_of_last_words(text: str, n: int) -> int:
    spaces = [m.start() for m in re.finditer(r"\s+", text)]
    return spaces[-n] if len(spaces) >= n else 0


class Phraser:
    """Words each turn of one session: the LLM when there is one and it behaves, else the offline wording."""

    def __init__(self, llm: LLM | None, session: Session, *, seed: int, budget: int = 3000) -> None:
        self.llm = llm
        self.session = session
        self.seed = seed
        self.budget = budget
        self.sink: TokenSink | None = None
        self.failures = 0

    def say(self, role: str, part: str, situation: str, *, kind: str = "say", secret: str = "",
            allowed: str = "", **variables: object) -> Said:
        """What to say for `situation`; `secret` is text it must not recite (the reference answer)."""
        variables.setdefault("situation", situation)
        if self.llm is None or not prompts.has_llm_template(role, part):
            return Said(self.offline(role, part, situation, variables))
        try:
            said = self._phrase(role, part, kind, secret, allowed, variables)
            self.failures = 0
            return said
        except (LLMError, Leak) as e:
            self.failures += 1
            log.warning("LLM %s failed, using offline wording: %s", self.llm.name, e)
            text = self.offline(role, part, situation, variables)
            note = f"The language model ({self.llm.name}) failed: {e}. Using the built-in wording for this turn."
            if self.failures >= MAX_FAILURES:
                note = (f"The language model ({self.llm.name}) failed {self.failures} times in a row ({e}). "
                        "Using the built-in wording for the rest of this interview.")
                self.llm = None  # don't make the candidate wait on a dead endpoint at every turn
            return Said(text, note=note)

    def offline(self, role: str, part: str, situation: str, variables: dict[str, object]) -> str:
        return prompts.offline(role, part, situation, seed=self.seed, index=len(self.session.turns), **variables)

    def _phrase(self, role: str, part: str, kind: str, secret: str, allowed: str,
                variables: dict[str, object]) -> Said:
        assert self.llm is not None
        messages = self.messages(role, part, variables)
        guard = LeakGuard(secret, allowed + " " + _candidate_words(self.session))
        sink, streamed = self.sink, False
        if sink is not None:
            sink.open(kind)
        try:
            for piece in self.llm.stream(messages):
                shown = guard.feed(piece)
                if sink is not None and shown:
                    sink.write(shown)
                if len(guard.text) > MAX_REPLY_CHARS:
                    break  # a rambling model: keep what fits (cut at a sentence below)
            tail = guard.flush()
            if sink is not None and tail:
                sink.write(tail)
            text = _tidy(guard.text)
            self._check(role, part, text)
            streamed = sink is not None and len(guard.text) <= MAX_REPLY_CHARS
            return Said(text, streamed=streamed, model=self.llm.name)
        finally:
            if sink is not None:
                sink.close(streamed)

    def _check(self, role: str, part: str, text: str) -> None:
        raise_if_empty(text)
        if (role, part) in ASKING_PARTS:
            if "?" not in text:
                raise LLMError("the reply asks no question")
            asked = {_norm(t.prompt) for t in self.session.turns}
            if _norm(text) in asked:
                raise LLMError("the reply repeats a question already asked")

    def messages(self, role: str, part: str, variables: dict[str, object]) -> Messages:
        """The system prompt, the session so far (fitted to the budget), and this part's instruction."""
        system = {"role": "system", "content": prompts.load(role).system.strip()}
        instruction = {"role": "user", "content": prompts.render(role, part, **variables)}
        exchanges = _exchanges(self.session, drop_last_answer=(role, part) != ("interviewer", "question"))
        name = self.llm.name if self.llm is not None else None
        history = tokens.fit_history(exchanges, [system, instruction], self.budget - REPLY_TOKENS, _summarise,
                                     model=name)
        return [system, *history, instruction]


def raise_if_empty(text: str) -> None:
    if not text.strip():
        raise LLMError("empty reply")


def _tidy(text: str) -> str:
    text = text.strip().strip('"').strip()
    if len(text) > MAX_REPLY_CHARS:
        cut = max(text.rfind(p, 0, MAX_REPLY_CHARS) for p in ".?!")
        text = text[: cut + 1] if cut > 0 else ""
    return text


def _norm(text: str) -> str:
    return " ".join(_words(text))


def _candidate_words(session: Session) -> str:
    return " ".join(t.answer for t in session.turns if t.answer)


def _exchanges(session: Session, drop_last_answer: bool) -> list[Messages]:
    """Each turn as [interviewer's words, candidate's answer]; the latest answer is left out when the
    instruction quotes it anyway."""
    out: list[Messages] = []
    for i, turn in enumerate(session.turns):
        exchange = [{"role": "assistant", "content": turn.prompt}]
        last = i == len(session.turns) - 1
        if turn.skipped:
            exchange.append({"role": "user", "content": "/skip"})
        elif turn.answer and not (last and drop_last_answer):
            exchange.append({"role": "user", "content": f"<answer>\n{clip(turn.answer)}\n</answer>"})
        out.append(exchange)
    return out


def _summarise(exchange: Messages) -> str:
    asked = exchange[0]["content"]
    asked = asked if len(asked) <= 160 else asked[:157] + "..."
    if len(exchange) < 2:
        return f"You asked: {asked}"
    answer = exchange[1]["content"].removeprefix("<answer>\n").removesuffix("\n</answer>")
    first = re.split(r"(?<=[.!?])\s", answer.strip(), maxsplit=1)[0][:200]
    return f"You asked: {asked} The candidate answered ({len(answer.split())} words), starting: {first}"


# --- what the LLM is told about an answer ----------------------------------------------------------------


def reaction_situation(answer: str, grade: Grade | None) -> str:
    if is_decline(answer):
        return "declined"
    if grade is None:
        return "ungraded"
    if not grade.on_topic:
        return "off_topic"
    return "strong" if grade.overall >= 4 else "solid" if grade.overall == 3 else "weak"


def strengths_and_weaknesses(grade: Grade | None) -> tuple[str, str]:
    """Plain-words summary of a grade for the LLM's reaction (never the reference's key points)."""
    if grade is None:
        return "", ""
    good = [f"the {p}" for p, part in grade.star.items() if part.present]
    bad = [f"no clear {p}" for p in grade.missing_parts]
    if grade.specificity.measured_result:
        good.append("a measured result")
    bad += [f"red flag: {flag.replace('_', ' ')}" for flag in grade.red_flags]
    return ", ".join(good), ", ".join(bad)


def clip(text: str) -> str:
    return text if len(text) <= MAX_ANSWER_CHARS_FOR_LLM else text[:MAX_ANSWER_CHARS_FOR_LLM] + " […]"
