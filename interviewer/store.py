"""The guide's vector store: idempotent ingest into Chroma, and retrieval of the question a text is about.

`GuideStore` keeps one persistent Chroma collection of the guide's chunks (from `corpus.chunk_guide`) under
`home/chroma`, and the parsed guide as `home/guide.json` so other modules load it without re-parsing.
Ingest embeds only new or changed chunks and deletes chunks the guide no longer produces.

`search` ranks questions, not chunks: each question is scored from its own text, the centroid of all its
chunks, and a BM25 match over its text and key points. It does not parse Markdown, grade answers, or talk to an LLM.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from pydantic import BaseModel

from interviewer.corpus import chunk_guide
from interviewer.embeddings import Embedder, MiniLMEmbeddingFunction, get_embedder
from interviewer.errors import InterviewerError
from interviewer.models import Chunk, Guide

COLLECTION = "guide"
GUIDE_FILE = "guide.json"
EMBED_BATCH = 64

# The question score fuses three signals, each z-scored across the guide's questions so that none wins by
# scale alone: the question text (matches paraphrases of the question), the centroid of all the question's
# chunks (matches queries worded like its answer) and BM25 over its text and key points (exact terms such as
# "SCD", "CDC", "dbt" that MiniLM blurs). Weights were chosen on invented paraphrases and evals/tune, then
# left alone; the dense signals carry most of the weight because BM25 misfires on shared words ("sprint").
W_QUESTION = 1.0
W_CENTROID = 1.0
W_LEXICAL = 0.25


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

    def __init__(self, guide: Guide, vectors: np.ndarray, metas: list[dict]) -> None:
        self.qids = [q.id for q in guide.questions]
        self.texts = [q.text for q in guide.questions]
        owner = np.array([str(m.get("question_id") or "") for m in metas])
        section = np.array([str(m.get("section") or "") for m in metas])
        self.question_vecs = np.stack([_row(vectors, owner, section, qid, "question") for qid in self.qids])
        self.centroids = np.stack([_unit(vectors[owner == qid].mean(axis=0)) for qid in self.qids])
        self.bm25 = BM25([f"{q.text} {q.text} {' '.join(q.key_points)}" for q in guide.questions])


_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "did", "do", "does", "for", "from", "have", "how",
    "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "tell", "that", "the", "this", "to", "we", "what",
    "when", "which", "who", "why", "with", "would", "you", "your",
))
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")


def _stem(word: str) -> str:
    """A crude suffix stripper: enough to match "estimating"/"estimates"/"estimate" and "stories"/"story"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


def _terms(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS]


class BM25:
    """Okapi BM25 over a handful of documents (one per question); small enough to rebuild on every load."""

    def __init__(self, docs: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self._tf = [Counter(_terms(d)) for d in docs]
        lengths = [sum(tf.values()) for tf in self._tf]
        avg = max(sum(lengths) / max(len(lengths), 1), 1e-9)
        self._norm = [k1 * (1 - b + b * n / avg) for n in lengths]
        self._k1 = k1
        df = Counter(t for tf in self._tf for t in tf)
        n_docs = len(docs)
        self._idf = {t: math.log(1 + (n_docs - f + 0.5) / (f + 0.5)) for t, f in df.items()}

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(len(self._tf))
        for term in set(_terms(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for j, tf in enumerate(self._tf):
                if f := tf.get(term):
                    out[j] += idf * f * (self._k1 + 1) / (f + self._norm[j])
        return out


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
        # Sorted by length so each embedding batch pads little (a key point is ~10 tokens, an answer ~200).
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
        """The `k` questions `query` is most likely asking (or answering), best first."""
        if not query.strip() or k <= 0:
            return []
        index = self._question_index()
        q = self.embedder.embed([query])[0]
        scores = (
            W_QUESTION * _z(index.question_vecs @ q)
            + W_CENTROID * _z(index.centroids @ q)
            + W_LEXICAL * _z(index.bm25.scores(query))
        )
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
                self._index = _QuestionIndex(guide, vectors, list(got["metadatas"] or []))
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
