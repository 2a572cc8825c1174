"""GuideStore against the real model and a real Chroma store in tmp_path."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from interviewer.corpus import chunk_guide, load_guide
from interviewer.embeddings import get_embedder
from interviewer.evaluate import load_retrieval, retrieval_metrics
from interviewer.models import Guide, GuideDoc, Question
from interviewer.store import BM25, GuideStore, StoreError

DATA = Path(__file__).parent / "data"


class CountingEmbedder:
    """Wraps the real embedder and records every text it is asked to embed."""

    def __init__(self) -> None:
        self.inner = get_embedder()
        self.name = self.inner.name
        self.texts: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.embed(texts)


class FailingEmbedder(CountingEmbedder):
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model crashed")


def _q(n: int, text: str, answer: str, points: list[str]) -> Question:
    return Question(id=f"Q{n}", number=n, category="Test", kind="technical", text=text, answer=answer,
                    key_points=points)


def make_guide() -> Guide:
    return Guide(
        title="Test guide",
        source="test.md",
        questions=[
            _q(1, "How do you estimate story points?",
               "We compare each story with a reference story and play planning poker.\n\nWe track velocity.",
               ["Reference story as a baseline", "Planning poker for consensus", "Track team velocity"]),
            _q(2, "How do you optimize Spark jobs for performance?",
               "I look at partitioning, skew and shuffles first.\n\nThen caching and broadcast joins.",
               ["Fix data skew with salting", "Use broadcast joins for small tables", "Tune shuffle partitions"]),
            _q(3, "Explain SCD Type 1 vs Type 2.",
               "Type 1 overwrites the old value. Type 2 keeps history with valid_from and valid_to columns.",
               ["Type 1 overwrites", "Type 2 keeps history rows"]),
            _q(4, "Tell me about a time you handled a production incident under pressure.",
               "Dashboards showed wrong revenue before a board meeting; I rolled back and fixed the join.",
               ["Roll back first", "Communicate with stakeholders", "Write a postmortem"]),
        ],
        documents=[GuideDoc(id="red-flags", title="Red flags", text="Never blame teammates. Do not ramble.")],
    )


@pytest.fixture
def counting() -> CountingEmbedder:
    return CountingEmbedder()


@pytest.fixture
def store(tmp_path: Path, counting: CountingEmbedder) -> GuideStore:
    s = GuideStore(tmp_path / "home", counting)
    s.ingest(make_guide())
    counting.texts.clear()
    return s


def test_second_ingest_embeds_nothing(store: GuideStore, counting: CountingEmbedder) -> None:
    report = store.ingest(make_guide())
    assert counting.texts == []
    assert (report.added, report.updated, report.removed) == (0, 0, 0)
    assert report.unchanged == store.count()


def test_first_ingest_reports_every_chunk_added(tmp_path: Path) -> None:
    report = GuideStore(tmp_path, CountingEmbedder()).ingest(make_guide(), progress=True)
    assert report.added > 0 and report.updated == report.unchanged == report.removed == 0


def test_changed_answer_reembeds_only_that_question(store: GuideStore, counting: CountingEmbedder) -> None:
    guide = make_guide()
    guide.questions[1].answer = "I start from the Spark UI.\n\nThen I fix skew and shuffles."
    report = store.ingest(guide)
    assert counting.texts and all(t in guide.questions[1].answer for t in counting.texts)
    assert report.updated >= 1 and report.removed == 0


def test_removed_chunks_are_deleted(store: GuideStore) -> None:
    before = store.count()
    guide = make_guide()
    guide.questions.pop(2)
    report = store.ingest(guide)
    assert report.removed >= 2 and store.count() == before - report.removed
    assert all(h.question_id != "Q3" for h in store.search("slowly changing dimensions", k=3))


def test_reopened_store_searches_and_loads_the_guide(store: GuideStore, counting: CountingEmbedder) -> None:
    reopened = GuideStore(store.home, counting)
    assert reopened.count() == store.count()
    assert reopened.load_guide() == make_guide()
    assert reopened.search("How do you size user stories?", k=1)[0].question_id == "Q1"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("How do you size user stories for a sprint?", "Q1"),
        ("A Spark job is slow. How do you speed it up?", "Q2"),
        ("What is the difference between type 1 and type 2 slowly changing dimensions?", "Q3"),
        ("Describe a critical outage you had to fix quickly.", "Q4"),
    ],
)
def test_search_finds_the_paraphrased_question(store: GuideStore, query: str, expected: str) -> None:
    hits = store.search(query, k=3)
    assert hits[0].question_id == expected
    assert hits[0].text == make_guide().question(expected).text
    assert hits[0].score >= hits[1].score >= hits[2].score


def test_search_docs_finds_guide_documents(store: GuideStore) -> None:
    hits = store.search_docs("what should I avoid saying in the interview?", k=1)
    assert hits[0].doc_id == "red-flags"


def test_failed_embedding_leaves_the_store_as_it_was(store: GuideStore) -> None:
    before = store.count()
    broken = GuideStore(store.home, FailingEmbedder())
    guide = make_guide()
    guide.questions[0].text = "How do you estimate effort?"
    with pytest.raises(RuntimeError, match="model crashed"):
        broken.ingest(guide)
    assert store.count() == before
    assert store.load_guide() == make_guide()
    assert not list(store.home.glob(".guide-*"))


def test_unwritable_home_is_named_in_the_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="a-file"):
        GuideStore(blocker / "home", CountingEmbedder())


def test_load_guide_before_ingest_says_what_to_run(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="interviewer ingest"):
        GuideStore(tmp_path, CountingEmbedder()).load_guide()


def test_every_chunk_is_stored_once(store: GuideStore) -> None:
    assert store.count() == len(chunk_guide(make_guide()))


def test_bm25_expands_concepts_and_discounts_generic_words() -> None:
    docs = ["How do you estimate story points?", "How do you work in sprints as a data engineer?"]
    # "size" and "tickets" share concepts with "estimate story points"; nothing shares a word.
    assert BM25(docs).scores("sizing tickets").argmax() == 0
    # "work" is rare among the two questions but everywhere in the prose, so it stops deciding the match.
    prose = docs + [f"we work on item {i} and work hard" for i in range(20)] + ["estimate the story"]
    plain, discounted = BM25(docs).scores("work items"), BM25(docs, idf_docs=prose).scores("work items")
    assert discounted[1] < plain[1]


def test_search_works_on_another_guide_of_the_same_shape(tmp_path: Path, counting: CountingEmbedder) -> None:
    store = GuideStore(tmp_path / "mini", counting)
    store.ingest(load_guide(DATA / "mini-guide.md"))
    assert store.search("what makes a good pager rotation?", k=1)[0].question_id == "Q1"
    assert store.search("tell me about a time you shipped late", k=1)[0].question_id == "Q2"


def test_own_paraphrases_find_their_question(ingested_home: Path, tmp_path: Path) -> None:
    """Our own paraphrases of the real guide (tests/data/paraphrases.jsonl): a regression floor, not a target."""
    home = tmp_path / "home"
    shutil.copytree(ingested_home, home)
    store = GuideStore(home)
    cases = load_retrieval(DATA / "paraphrases.jsonl")
    assert len(cases) >= 100
    ranked = [[h.question_id for h in store.search(c.query, k=3)] for c in cases]
    metrics = retrieval_metrics([c.question_id for c in cases], ranked)
    assert metrics["recall_at_1"] >= 0.92
    assert metrics["recall_at_3"] >= 0.98


def test_aliases_attach_to_this_guides_questions_by_their_text_only() -> None:
    from interviewer.aliases import aliases_for
    from interviewer.settings import DEFAULT_CORPUS

    real = aliases_for(load_guide(DEFAULT_CORPUS))
    assert len(real) == 32 and all(len(v) >= 3 for v in real.values())
    assert aliases_for(load_guide(DATA / "mini-guide.md")) == {}  # another guide: no aliases, other signals only
