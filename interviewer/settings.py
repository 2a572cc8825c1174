"""Configuration in one place, read from the environment.

`INTERVIEWER_*` variables for the app and the standard `OPENAI_*` ones for the LLM endpoint.
Nothing here is ever written to disk: the API key stays in memory and out of every repr.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
PROMPTS_DIR = PROJECT_ROOT / "prompts"


@dataclass(frozen=True)
class Settings:
    home: Path
    """Data directory: the Chroma store, the parsed guide and the sessions database."""
    corpus: Path
    model: str | None = None
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    port: int = 7860
    llm_timeout: float = 30.0
    """Seconds to wait for the LLM (for a stream: between two pieces) before using the offline wording."""
    context_tokens: int = 3000
    """The most tokens sent to the LLM in one call; older exchanges are summarised to stay under it."""
    second_opinion: bool = True
    """Ask the LLM for a second opinion on every grade (the offline grade stays the grade of record)."""
    transcribe_model: str | None = None
    """A transcription model at the OpenAI-compatible endpoint (e.g. "whisper-1"); None: transcribe offline."""

    @property
    def llm_configured(self) -> bool:
        return bool(self.model and (self.base_url or self.api_key))

    @property
    def remote_transcription(self) -> bool:
        return bool(self.transcribe_model and (self.base_url or self.api_key))

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def sessions_db(self) -> Path:
        return self.home / "sessions.sqlite3"

    @property
    def tiktoken_dir(self) -> Path:
        """tiktoken's BPE files, decompressed from the `bpe-openai` package (see `tokens`)."""
        return self.home / "tiktoken"


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read settings from `env` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    home = Path(env.get("INTERVIEWER_HOME") or Path.home() / ".local" / "share" / "interviewer").expanduser()
    return Settings(
        home=home,
        corpus=Path(env.get("INTERVIEWER_CORPUS") or DEFAULT_CORPUS).expanduser(),
        model=env.get("INTERVIEWER_MODEL") or None,
        base_url=env.get("OPENAI_BASE_URL") or None,
        api_key=env.get("OPENAI_API_KEY") or None,
        host=env.get("INTERVIEWER_HOST", "127.0.0.1"),
        port=int(env.get("INTERVIEWER_PORT", "7860")),
        llm_timeout=float(env.get("INTERVIEWER_LLM_TIMEOUT") or 30),
        context_tokens=int(env.get("INTERVIEWER_CONTEXT_TOKENS") or 3000),
        second_opinion=(env.get("INTERVIEWER_SECOND_OPINION") or "on").lower() not in ("off", "0", "false", "no"),
        transcribe_model=env.get("INTERVIEWER_TRANSCRIBE_MODEL") or None,
    )
