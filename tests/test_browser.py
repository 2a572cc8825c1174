"""The web page in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright, on loopback only.

test_web.py drives the page's API with gradio_client; these tests load the page itself, with its JavaScript, the way
a candidate does: start an interview, type an answer, upload a spoken one, end with the scorecard. Every request to
a host other than 127.0.0.1 is refused and recorded, so the tests also show that the page needs nothing from the
internet (an offline laptop). They skip, saying what is missing, without Playwright or a Chromium binary
(`.ci/run` installs both; set INTERVIEWER_TEST_CHROMIUM to use another Chromium-based browser).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.slow

ANSWER = (
    "At a ticketing company I owned the hourly sales pipeline on Airflow and Snowflake. A partner feed started "
    "sending duplicate orders, and my task was to stop double counting before the finance close. I added a "
    "uniqueness test on the order key, deduplicated the staging model and backfilled two days. As a result the "
    "revenue report matched the payment provider again, and we caught two more bad feeds that quarter."
)
WAIT_MS = 90_000
"""Grading and transcription run on 2 slow cores in CI: generous waits, since a timeout here means nothing useful."""


def _chromium() -> str | None:
    named = os.environ.get("INTERVIEWER_TEST_CHROMIUM")
    if named:
        return named
    return next((path for name in ("chromium", "chromium-browser", "google-chrome")
                 if (path := shutil.which(name))), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (make install)")
    executable = _chromium()
    if executable is None:
        pytest.skip("no Chromium found (apt-get install chromium, or set INTERVIEWER_TEST_CHROMIUM)")
    with playwright_api.sync_playwright() as p:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        browser = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, web: tuple[str, Any, int]) -> Iterator[tuple[Any, list[str], list[str]]]:
    """A fresh tab on the page, with requests outside loopback refused: (page, outside requests, page errors)."""
    context = browser.new_context()
    tab = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def only_loopback(route: Any) -> None:
        if urlparse(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_loopback)
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(web[0])
    yield tab, outside, errors
    context.close()


def _wait_for_text(tab: Any, text: str) -> None:
    tab.wait_for_function("t => document.body.innerText.includes(t)", arg=text, timeout=WAIT_MS)


def _start(tab: Any) -> str:
    tab.get_by_role("button", name="Start interview").click()
    _wait_for_text(tab, "saved after every answer")
    note = tab.get_by_text("saved after every answer").inner_text()
    return note.split()[1]


def test_an_interview_in_the_browser_from_start_to_scorecard(page, web) -> None:
    tab, outside, errors = page
    _, services, _ = web
    session_id = _start(tab)
    assert tab.get_by_text("No answer graded yet.").is_visible()

    tab.get_by_role("textbox", name="Your answer").fill(ANSWER)
    tab.get_by_role("button", name="Send", exact=True).click()
    _wait_for_text(tab, "STAR:")
    grade_panel = tab.get_by_text("STAR:").inner_text()
    assert "Grade" in grade_panel and "/5" in grade_panel
    assert tab.get_by_role("textbox", name="Your answer").input_value() == ""  # the box is cleared for the next answer
    assert any(t.answer == ANSWER for t in services.sessions.load(session_id).turns)  # saved as it was given

    tab.get_by_role("button", name="/end").click()
    _wait_for_text(tab, "Practise next")
    assert services.sessions.load(session_id).finished
    assert tab.get_by_text(f"Interview scorecard {session_id}").is_visible()
    assert errors == []
    assert outside == []  # nothing asked of the internet: the page works on an offline laptop


def test_a_recording_uploaded_in_the_browser_is_transcribed_into_the_answer_box(page, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed (CI installs it: apt-get install espeak-ng)")
    tab, outside, errors = page
    recording = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(recording),
                    "I added a test on the order key, and the finance report matched again."], check=True)
    _start(tab)
    tab.get_by_role("button", name="Upload file").first.click()
    tab.locator("input[type=file]").first.set_input_files(str(recording))
    tab.get_by_role("button", name="Transcribe into the answer box").click()
    box = tab.get_by_role("textbox", name="Your answer")
    tab.wait_for_function("el => el.value.length > 0", arg=box.element_handle(), timeout=WAIT_MS)
    heard = box.input_value().lower()
    assert "order key" in heard and "report" in heard  # tiny.en on espeak: some words come out wrong
    assert errors == []
    assert outside == []
