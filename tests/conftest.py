"""Shared test setup: no test reaches a real model by accident, and no test writes outside tmp_path."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from interviewer import llm
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.models import STAR_PARTS, Grade, KeyPoints, Specificity, StarPart

if TYPE_CHECKING:
    from interviewer.app import Services


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "llama: runs a real model behind llama.cpp's server (needs llama-cpp-python)")


@pytest.fixture(autouse=True)
def _no_model_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Like pydantic-ai's ALLOW_MODEL_REQUESTS: a test that means to talk to a server turns it back on."""
    monkeypatch.setattr(llm, "ALLOW_MODEL_REQUESTS", False)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEWER_HOME", str(tmp_path / "interviewer-home"))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "INTERVIEWER_MODEL"):
        monkeypatch.delenv(name, raising=False)


def grade_for(
    question_id: str = "Q1",
    *,
    overall: int = 3,
    missing: tuple[str, ...] = (),
    on_topic: bool = True,
    measured: bool = False,
    numbers: tuple[str, ...] = (),
    covered: tuple[str, ...] = (),
    missed: tuple[str, ...] = (),
    red_flags: tuple[str, ...] = (),
) -> Grade:
    """A hand-built Grade: every STAR part present except `missing`."""
    return Grade(
        question_id=question_id,
        overall=overall,
        star={p: StarPart(present=p not in missing) for p in STAR_PARTS},
        key_points=KeyPoints(covered=list(covered), missed=list(missed)),
        on_topic=on_topic,
        red_flags=list(red_flags),  # type: ignore[arg-type]
        specificity=Specificity(numbers=list(numbers), measured_result=measured),
        grader="hand-built",
    )


GUIDE = Path(__file__).resolve().parent.parent / "corpus" / "senior-data-engineer-ai-round-guide.md"


@pytest.fixture(scope="module")
def grader() -> Grader:
    """The offline grader on the real guide and the real (offline) embedding model, built once per module."""
    return Grader(load_guide(GUIDE), get_embedder())


@pytest.fixture
def make_grade() -> Callable[..., Grade]:
    return grade_for


@pytest.fixture(scope="session")
def ingested_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the real guide ingested (real embedder, real Chroma), built once per test run.

    Tests copy it into their own tmp_path before writing to it.
    """
    from interviewer.app import Services
    from interviewer.settings import load_settings

    home = tmp_path_factory.mktemp("ingested-home")
    Services(load_settings({"INTERVIEWER_HOME": str(home)})).ingest()
    return home


@pytest.fixture
def home(ingested_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the ingested data directory, set as INTERVIEWER_HOME for the test."""
    target = tmp_path / "home"
    shutil.copytree(ingested_home, target)
    monkeypatch.setenv("INTERVIEWER_HOME", str(target))
    return target


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def web(ingested_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services, int]]:
    """The web page served on a free loopback port from a private copy of the ingested home: (url, services, port)."""
    from interviewer.app import Services
    from interviewer.settings import load_settings
    from interviewer.ui import serve

    home = tmp_path_factory.mktemp("web") / "home"
    shutil.copytree(ingested_home, home)
    env = dict(os.environ, INTERVIEWER_HOME=str(home))
    services = Services(settings=load_settings(env))
    port = free_port()
    app = serve(services, host="127.0.0.1", port=port, block=False)
    yield f"http://127.0.0.1:{port}/", services, port
    app.close()
