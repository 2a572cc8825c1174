"""The composition root: builds the store, grader, session store and LLM from settings, once, lazily.

The CLI and the web UI both get their collaborators from here, so neither wires anything itself and
neither holds interview logic. Nothing is loaded until it is first used (the embedding model costs ~1 s).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from interviewer.corpus import load_guide
from interviewer.errors import InterviewerError
from interviewer.models import Guide, Session
from interviewer.settings import Settings, load_settings

if TYPE_CHECKING:
    from interviewer.grading import Grader
    from interviewer.interview import Interview
    from interviewer.llm import LLM
    from interviewer.sessions import SessionStore
    from interviewer.store import GuideStore, IngestReport


class HomeNotWritable(InterviewerError, RuntimeError):
    """The data directory cannot be created or written."""


def check_home(settings: Settings) -> None:
    """Fail early, with what to do, when the data directory cannot be written."""
    home = settings.home
    try:
        home.mkdir(parents=True, exist_ok=True)
        probe = home / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise HomeNotWritable(
            f"cannot write the data directory {home} ({exc.strerror or exc}). "
            "Set INTERVIEWER_HOME to a folder you can write, e.g. INTERVIEWER_HOME=~/interviewer-data"
        ) from exc


@dataclass
class Services:
    settings: Settings = field(default_factory=load_settings)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @cached_property
    def embedder(self):  # type: ignore[no-untyped-def]
        from interviewer.embeddings import get_embedder

        return get_embedder()

    @cached_property
    def store(self) -> GuideStore:
        from interviewer.store import GuideStore

        check_home(self.settings)
        return GuideStore(self.settings.home, self.embedder)

    def ingest(self, path=None, progress: bool = False) -> IngestReport:  # type: ignore[no-untyped-def]
        guide = load_guide(path or self.settings.corpus)
        report = self.store.ingest(guide, progress=progress)
        self.__dict__.pop("guide", None)
        self.__dict__.pop("grader", None)
        return report

    @cached_property
    def guide(self) -> Guide:
        """The ingested guide; ingests the configured corpus first when nothing has been ingested yet."""
        with self._lock:
            if not (self.settings.home / "guide.json").exists():
                self.store.ingest(load_guide(self.settings.corpus), progress=True)
            return self.store.load_guide()

    @cached_property
    def grader(self) -> Grader:
        from interviewer.grading import Grader

        return Grader(self.guide, self.embedder)

    @cached_property
    def sessions(self) -> SessionStore:
        from interviewer.sessions import SessionStore

        check_home(self.settings)
        return SessionStore(self.settings.sessions_db)

    @cached_property
    def llm(self) -> LLM | None:
        from interviewer import tokens
        from interviewer.llm import get_llm

        tokens.use_cache_dir(self.settings.tiktoken_dir)
        return get_llm(self.settings)

    def _llm_options(self) -> dict[str, object]:
        return {"llm": self.llm, "second_opinion": self.settings.second_opinion,
                "context_tokens": self.settings.context_tokens}

    def new_interview(
        self,
        n_questions: int = 5,
        categories: list[str] | None = None,
        seed: int | None = None,
        on_change: Callable[[Session], None] | None = None,
    ) -> Interview:
        from interviewer.interview import Interview

        return Interview.new(
            self.guide, self.grader, n_questions=n_questions, categories=categories, seed=seed,
            on_change=on_change or self.sessions.save, **self._llm_options(),  # type: ignore[arg-type]
        )

    def resume_interview(self, session_id: str, on_change: Callable[[Session], None] | None = None) -> Interview:
        from interviewer.interview import Interview

        session = self.sessions.load(session_id)
        return Interview.resume(session, self.guide, self.grader, on_change=on_change or self.sessions.save,
                                **self._llm_options())  # type: ignore[arg-type]
