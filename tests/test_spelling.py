"""Typos in the words the grader's patterns read are mended; real words, names and quotes are left alone."""

from __future__ import annotations

import pytest

from interviewer import spelling, star_cues
from interviewer.models import STAR_PARTS
from interviewer.segment import segment


@pytest.mark.parametrize(("typed", "meant"), [
    ("onwed", "owned"), ("aksed", "asked"), ("resopnsible", "responsible"), ("responsibel", "responsible"),
    ("Icbeerg", "iceberg"), ("didnt", "didn't"), ("wouldnt", "wouldn't"), ("im", "i'm"),
])
def test_a_typo_of_a_pattern_word_is_mended(typed: str, meant: str) -> None:
    assert spelling.mend(typed) == meant


@pytest.mark.parametrize("word", ["owner", "tested", "pyspark", "upsert", "dedupe", "xqzvw", "Owned", "were", "its",
                                  "well", "didn't"])
def test_real_words_names_and_strangers_stay(word: str) -> None:
    assert spelling.mend(word) == word


def test_mended_sentences_keep_the_candidates_own_quote() -> None:
    answer = "At a bank I onwed the nightly load. I was aksed to make it faster."
    sentences = spelling.mend_sentences(segment(answer).sentences)
    assert [s.text for s in sentences] == ["At a bank I owned the nightly load.", "I was asked to make it faster."]
    assert [s.quote for s in sentences] == ["At a bank I onwed the nightly load.", "I was aksed to make it faster."]
    assert all(answer[s.start:s.end] == s.quote for s in sentences)
    task = STAR_PARTS.index("task")
    assert star_cues.cue_matrix(sentences)[:, task].max() == 1.0
    assert star_cues.cue_matrix(segment(answer).sentences)[:, task].max() == 0.0


def test_the_vocabulary_comes_from_the_patterns_and_the_tool_names() -> None:
    words = spelling.vocabulary()
    assert {"responsible", "asked", "iceberg", "airflow"} <= words
    assert all(len(w) >= spelling.MIN_LETTERS and w.isalpha() for w in words)


def test_a_huge_word_is_left_alone_at_once() -> None:
    assert spelling.mend("x" * 50_000) == "x" * 50_000
    assert spelling.mend("responsibl" + "e" * 30) == "responsibl" + "e" * 30


@pytest.mark.parametrize(("a", "b", "near"), [
    ("owned", "onwed", True), ("asked", "askd", True), ("asked", "asked", False), ("asked", "askedd", True),
    ("asked", "aksde", False), ("owned", "owner", True), ("owned", "ownnned", False), ("ab", "ba", True),
])
def test_one_edit(a: str, b: str, near: bool) -> None:
    assert spelling.one_edit(a, b) is near and spelling.one_edit(b, a) is near
