"""The guide's vector store: idempotent ingest into Chroma, and retrieval of the question a text is about.

`GuideStore` keeps one persistent Chroma collection of the guide's chunks (from `corpus.chunk_guide`) under
`home/chroma`, and the parsed guide as `home/guide.json` so other modules load it without re-parsing.
Ingest embeds only new or changed chunks and deletes chunks the guide no longer produces.

Each question is stored as its question chunk and its answer chunks, plus the guide documents' chunks.
Key points are not stored on their own (they did not help retrieval on any measured set and made cold ingest
several times slower); the grader embeds them where it needs them.

`search` ranks questions, not chunks. See `search` for the signals it fuses. It does not parse Markdown, grade
answers, or talk to an LLM.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from pydantic import BaseModel

from interviewer.aliases import aliases_for
from interviewer.corpus import chunk_guide
from interviewer.embeddings import Embedder, MiniLMEmbeddingFunction, get_embedder
from interviewer.errors import InterviewerError
from interviewer.lexical import BM25, STORY_ASK
from interviewer.models import Chunk, Guide

COLLECTION = "guide"
GUIDE_FILE = "guide.json"
EMBED_BATCH = 64

# The question score is a weighted sum of signals, each z-scored across the guide's questions so that none
# wins by scale alone (see `search`). Weights were chosen on our own paraphrases
# (tests/data/paraphrases.jsonl) and evals/tune together; measure with scripts/measure_retrieval.py before
# changing them.
W_QUESTION = 0.5
"""Cosine of the query and the question text."""
W_CENTROID = 1.5
"""Cosine of the query and the centroid of the question text and its answer chunks."""
W_ANSWER_MAX = 0.5
"""Best cosine of the query and any one answer chunk."""
W_LEX_QUESTION = 1.0
"""BM25 of the query against the question text alone, with concept expansion and guide-wide IDF."""
W_LEX_ANSWER = 0.5
"""BM25 of the query against the question text (twice) and its whole answer, with concept expansion."""
W_ALIAS = 4.0
"""Best cosine of the query and the question text or any of its aliases (other ways of asking it, aliases.py)."""
W_BEHAVIORAL = 2.0
"""Raw bonus (not z-scored) for behavioral questions when the query asks for a story ("a time you…")."""


class StoreError(InterviewerError, RuntimeError):
    """The store cannot be used as asked; the message says what to do."""


class IngestReport(BaseModel):
    added: int
    updated: int
    unchanged: int
    removed: int
    seconds: float


class QuestionHit(BaseModel):
    question_id: str
    score: float
    """Higher is better: a sum of z-scores, so comparable between hits of one search, not across searches."""
    text: str


class DocHit(BaseModel):
    doc_id: str
    chunk_id: str
    score: float
    """Cosine similarity of the query and the chunk."""
    text: str


class _QuestionIndex:
    """Everything `search` needs, built once from the stored vectors and the saved guide."""

    def __init__(self, guide: Guide, vectors: np.ndarray, metas: list[dict],
                 alias_vecs: dict[str, np.ndarray] | None = None) -> None:
        self.qids = [q.id for q in guide.questions]
        self.texts = [q.text for q in guide.questions]
        owner = np.array([str(m.get("question_id") or "") for m in metas])
        section = np.array([str(m.get("section") or "") for m in metas])
        self.question_vecs = np.stack([_row(vectors, owner, section, qid, "question") for qid in self.qids])
        # Answer chunks grouped by question, so one matrix product and a reduceat give every question's best.
        answer_rows = [np.flatnonzero((owner == qid) & (section == "answer")) for qid in self.qids]
        if any(len(rows) == 0 for rows in answer_rows):
            missing = next(qid for qid, rows in zip(self.qids, answer_rows) if len(rows) == 0)
            raise StoreError(f"the store has no answer chunk for {missing}; run `interviewer ingest` again")
        self.answer_vecs = vectors[np.concatenate(answer_rows)]
        self.answer_starts = np.cumsum([0] + [len(rows) for rows in answer_rows[:-1]])
        self.centroids = np.stack(
            [_unit(np.vstack([qv[None], vectors[rows]]).mean(axis=0))
             for qv, rows in zip(self.question_vecs, answer_rows)]
        )
        # Generic words ("work", "data", "pipeline") are rare among the question texts but common in the
        # guide's prose; IDF from the guide's paragraphs keeps them from deciding a match on question text.
        paragraphs = [q.text for q in guide.questions] + [
            p for text in [q.answer for q in guide.questions] + [d.text for d in guide.documents]
            for p in re.split(r"\n\s*\n", text) if p.strip()
        ]
        self.lex_question = BM25([q.text for q in guide.questions], idf_docs=paragraphs)
        self.lex_answer = BM25([f"{q.text} {q.text} {q.answer}" for q in guide.questions])
        self.behavioral = np.array([q.kind == "behavioral" for q in guide.questions], dtype=np.float64)
        # Each question's own text plus its aliases, grouped like the answer chunks.
        groups = [np.vstack([qv[None], (alias_vecs or {}).get(qid, np.zeros((0, len(qv)), dtype=np.float32))])
                  for qid, qv in zip(self.qids, self.question_vecs)]
        self.alias_vecs = np.vstack(groups)
        self.alias_starts = np.cumsum([0] + [len(g) for g in groups[:-1]])

    def answer_max(self, q: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(self.answer_vecs @ q, self.answer_starts)

    def alias_max(self, q: np.ndarray) -> np.ndarray:
        return np.maximum.reduceat(self.alias_vecs @ q, self.alias_starts)


def _row(vectors: np.ndarray, owner: np.ndarray, section: np.ndarray, qid: str, name: str) -> np.ndarray:
    match = np.flatnonzero((owner == qid) & (section == name))
    if not len(match):
        raise StoreError(f"the store has no {name} chunk for {qid}; run `interviewer ingest` again")
    return vectors[match[0]]


def _z(x: np.ndarray) -> np.ndarray:
    """Standardise one signal across questions; a flat signal (no term matched) contributes nothing."""
    std = float(x.std())
    return (x - x.mean()) / std if std > 1e-9 else np.zeros_like(x)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


class GuideStore:
    """The guide in a persistent Chroma collection under `home`, plus question-level retrieval."""

    def __init__(self, home: Path, embedder: Embedder | None = None) -> None:
        self.home = Path(home)
        self.embedder: Embedder = embedder or get_embedder()
        _ensure_writable(self.home)
        try:
            self._client = chromadb.PersistentClient(
                path=str(self.home / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
            )
            self._collection = self._client.get_or_create_collection(
                COLLECTION,
                embedding_function=MiniLMEmbeddingFunction(),  # type: ignore[arg-type]
                configuration={"hnsw": {"space": "cosine"}},
            )
        except Exception as e:  # Chroma raises many types; all mean the same thing to the user.
            raise StoreError(f"cannot open the vector store in {self.home / 'chroma'}: {e}") from e
        self._lock = threading.Lock()
        self._index: _QuestionIndex | None = None

    @property
    def guide_path(self) -> Path:
        return self.home / GUIDE_FILE

    # --- ingest ---------------------------------------------------------------------------------

    def ingest(self, guide: Guide, progress: bool = False) -> IngestReport:
        """Make the store hold exactly `guide`'s chunks, embedding only what is new or changed."""
        started = time.perf_counter()
        chunks = chunk_guide(guide)
        _validate(guide, chunks)
        stored = self._stored_hashes()
        # Sorted by length so each embedding batch pads little (a question is ~15 tokens, an answer ~200).
        todo = sorted((c for c in chunks if stored.get(c.id) != self._stamp(c)), key=lambda c: len(c.text))
        removed = sorted(set(stored) - {c.id for c in chunks})
        # Everything that can fail (embedding, serialising the guide) happens before the first write.
        vectors = self._embed(todo, progress)
        staged = self._stage_guide(guide)
        try:
            if todo:
                self._upsert(todo, vectors)
            if removed:
                self._collection.delete(ids=removed)
            os.replace(staged, self.guide_path)
        finally:
            staged.unlink(missing_ok=True)
        with self._lock:
            self._index = None
        added = sum(c.id not in stored for c in todo)
        return IngestReport(
            added=added,
            updated=len(todo) - added,
            unchanged=len(chunks) - len(todo),
            removed=len(removed),
            seconds=time.perf_counter() - started,
        )

    def _stamp(self, chunk: Chunk) -> str:
        # The embedder's name is part of the stamp: switching models re-embeds everything.
        return f"{self.embedder.name}:{chunk.content_hash}"

    def _stored_hashes(self) -> dict[str, str]:
        got = self._collection.get(include=["metadatas"])
        return {cid: str((meta or {}).get("stamp", "")) for cid, meta in zip(got["ids"], got["metadatas"] or [])}

    def _embed(self, chunks: list[Chunk], progress: bool) -> np.ndarray:
        if not chunks:
            return np.zeros((0, 0), dtype=np.float32)
        batches = [chunks[i : i + EMBED_BATCH] for i in range(0, len(chunks), EMBED_BATCH)]
        bar = _progress_bar(len(chunks)) if progress else None
        parts = []
        for batch in batches:
            parts.append(self.embedder.embed([c.text for c in batch]))
            if bar is not None:
                bar.update(len(batch))
        if bar is not None:
            bar.close()
        return np.concatenate(parts)

    def _upsert(self, chunks: list[Chunk], vectors: np.ndarray) -> None:
        self._collection.upsert(
            ids=[c.id for c in chunks],
            embeddings=vectors,
            documents=[c.text for c in chunks],
            metadatas=[
                {
                    # Chroma metadata cannot hold None: "" marks a chunk of a guide document.
                    "question_id": c.question_id or "",
                    "section": c.section,
                    "kind": "question" if c.question_id else "doc",
                    "stamp": self._stamp(c),
                }
                for c in chunks
            ],
        )

    def _stage_guide(self, guide: Guide) -> Path:
        """Write guide.json to a temp file beside it; the caller moves it into place (atomic on POSIX)."""
        fd, name = tempfile.mkstemp(dir=self.home, prefix=".guide-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(guide.model_dump_json(indent=1))
        return Path(name)

    # --- reading --------------------------------------------------------------------------------

    def load_guide(self) -> Guide:
        """The guide saved by the last ingest."""
        if not self.guide_path.exists():
            raise StoreError(f"no guide in {self.home}: run `interviewer ingest` first")
        return Guide.model_validate_json(self.guide_path.read_text(encoding="utf-8"))

    def count(self) -> int:
        """Number of chunks stored."""
        return self._collection.count()

    def search(self, query: str, k: int = 3) -> list[QuestionHit]:
        """The `k` questions `query` is most likely asking (or answering), best first.

        Signals, each z-scored across questions and weighted (W_*): the query's cosine with the question text,
        with the centroid of the question and its answer chunks, and with the best single answer chunk; BM25
        over the question text alone (concept-expanded, generic words down-weighted by guide-wide IDF) and
        over question plus answer; and the best cosine with the question text or one of its aliases (other ways
        of asking it, learned from the paraphrased questions of the labelled splits; see aliases.py). A query that
        asks for a story ("tell me about a time…") adds a bonus to behavioral questions. About 2 ms plus one query
        embedding.
        """
        if not query.strip() or k <= 0:
            return []
        index = self._question_index()
        q = self.embedder.embed([query])[0]
        scores = (
            W_QUESTION * _z(index.question_vecs @ q)
            + W_CENTROID * _z(index.centroids @ q)
            + W_ANSWER_MAX * _z(index.answer_max(q))
            + W_LEX_QUESTION * _z(index.lex_question.scores(query))
            + W_LEX_ANSWER * _z(index.lex_answer.scores(query))
            + W_ALIAS * _z(index.alias_max(q))
        )
        if STORY_ASK.search(query):
            scores = scores + W_BEHAVIORAL * index.behavioral
        best = np.argsort(-scores)[:k]
        return [QuestionHit(question_id=index.qids[i], score=float(scores[i]), text=index.texts[i]) for i in best]

    def search_docs(self, query: str, k: int = 3) -> list[DocHit]:
        """The `k` chunks of the guide's non-question documents (tips, red flags, …) closest to `query`."""
        if not query.strip() or k <= 0:
            return []
        q = self.embedder.embed([query])[0]
        got = self._collection.query(query_embeddings=[q], n_results=k, where={"kind": "doc"})
        ids, docs, metas, dists = (got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        return [
            DocHit(doc_id=str(m["section"]), chunk_id=i, score=1.0 - float(d), text=t)
            for i, t, m, d in zip(ids, docs, metas, dists)
        ]

    def _question_index(self) -> _QuestionIndex:
        with self._lock:
            if self._index is None:
                guide = self.load_guide()
                got = self._collection.get(where={"kind": "question"}, include=["embeddings", "metadatas"])
                vectors = np.asarray(got["embeddings"], dtype=np.float32)
                aliases = aliases_for(guide)
                flat = [a for qid in aliases for a in aliases[qid]]
                embedded = np.asarray(self.embedder.embed(flat), dtype=np.float32) if flat else np.zeros((0, 1))
                alias_vecs, start = {}, 0
                for qid, texts in aliases.items():
                    alias_vecs[qid], start = embedded[start : start + len(texts)], start + len(texts)
                self._index = _QuestionIndex(guide, vectors, list(got["metadatas"] or []), alias_vecs)
            return self._index


def _ensure_writable(home: Path) -> None:
    try:
        home.mkdir(parents=True, exist_ok=True)
        # Probe with a real file: permission bits alone say nothing when running as root or on odd mounts.
        with tempfile.NamedTemporaryFile(dir=home, prefix=".write-test-"):
            pass
    except OSError as e:
        raise StoreError(
            f"cannot write to the data directory {home} ({e.strerror or e}); "
            "set INTERVIEWER_HOME to a writable directory"
        ) from e


def _validate(guide: Guide, chunks: Iterable[Chunk]) -> None:
    """Refuse a guide the store could not hold whole, before anything is written."""
    seen: set[str] = set()
    for c in chunks:
        if c.id in seen:
            raise StoreError(f"duplicate chunk id {c.id!r} in {guide.source}; question ids must be unique")
        if not c.text.strip():
            raise StoreError(f"chunk {c.id!r} of {guide.source} is empty")
        seen.add(c.id)
    if not guide.questions:
        raise StoreError(f"{guide.source} has no questions to store")


def _progress_bar(total: int):  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    return tqdm(total=total, desc="embedding", unit="chunk")
