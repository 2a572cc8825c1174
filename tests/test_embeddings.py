"""The offline MiniLM embedder and its Chroma embedding function, run for real (no mocks)."""

from __future__ import annotations

import json

import chromadb
import numpy as np
import pytest
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import known_embedding_functions

from interviewer.embeddings import DIM, MiniLMEmbeddingFunction, get_embedder, model_file, tokenizer_file


@pytest.fixture(scope="module")
def embedder():
    return get_embedder()


def test_model_files_ship_with_the_packages() -> None:
    assert model_file().is_file()
    assert tokenizer_file().name == "tokenizer.json"


def test_shape_dtype_and_unit_rows(embedder) -> None:
    vectors = embedder.embed(["How do you estimate story points?", "Tell me about a production incident."])
    assert vectors.shape == (2, DIM)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_empty_input_gives_empty_matrix(embedder) -> None:
    assert embedder.embed([]).shape == (0, DIM)


def test_a_bare_string_is_refused(embedder) -> None:
    with pytest.raises(TypeError):
        embedder.embed("one text")  # type: ignore[arg-type]


def test_similar_sentences_are_closer_than_unrelated_ones(embedder) -> None:
    a, b, c = embedder.embed([
        "How do you estimate story points for a user story?",
        "How does your team size tickets during sprint planning?",
        "My cat likes to sleep on the sofa in the afternoon.",
    ])
    assert a @ b > a @ c + 0.2


def test_batching_keeps_order_and_values(embedder) -> None:
    texts = ["short", "a much longer sentence about testing data pipelines in CI " * 5, "medium length text here"]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


def test_long_text_is_truncated_not_refused(embedder) -> None:
    assert embedder.embed(["word " * 2000]).shape == (1, DIM)


def test_get_embedder_is_one_instance() -> None:
    assert get_embedder() is get_embedder()


def test_chroma_function_is_registered_with_a_path_free_config() -> None:
    ef = MiniLMEmbeddingFunction()
    assert known_embedding_functions[ef.name()] is MiniLMEmbeddingFunction
    assert "/" not in json.dumps(ef.get_config())
    assert not ef.is_legacy()
    assert len(ef(["hello"])[0]) == DIM


def test_collection_reopens_without_passing_the_function(tmp_path) -> None:
    settings = ChromaSettings(anonymized_telemetry=False)
    client = chromadb.PersistentClient(path=str(tmp_path), settings=settings)
    col = client.create_collection("reopen-test", embedding_function=MiniLMEmbeddingFunction())  # type: ignore[arg-type]
    col.add(ids=["a", "b"], documents=["Spark job tuning and partitions", "Conflicting stakeholder expectations"])

    reopened = chromadb.PersistentClient(path=str(tmp_path), settings=settings).get_collection("reopen-test")
    got = reopened.query(query_texts=["How do I make Spark faster?"], n_results=1)
    assert got["ids"][0] == ["a"]
