"""Benchmark: cold ingest and re-ingest of the guide; grading one 300-word answer beside one embedding pass.

    $ make bench            # or: .venv/bin/python scripts/bench.py

Numbers, not assertions: the tests check behaviour, this prints timings measured in one run.

"One embedding pass of the same text" means embedding ALL of it once: MiniLM reads at most 256 tokens
(MAX_TOKENS, CLS and SEP included), so a 300-word answer (~380 tokens) is cut into consecutive windows of
254 word-piece tokens at token boundaries and the windows are embedded in one `embed()` call. Embedding the
raw text alone would silently drop everything past token 256 and flatter the ratio.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from interviewer.corpus import load_guide
from interviewer.embeddings import MAX_TOKENS, get_embedder, tokenizer_file
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS
from interviewer.store import GuideStore

ANSWER_300 = (
    "At a regional insurer I was the senior data engineer on the claims analytics team, and our nightly claims "
    "pipeline kept missing its six a.m. deadline because the volume had tripled after we acquired a smaller carrier. "
    "The business impact was real: adjusters started the day with stale queues, and the operations director asked me "
    "to make the pipeline scale without doubling the cloud bill. My responsibility was the whole fix, from diagnosis "
    "to rollout, with one junior engineer helping me on testing. I started by profiling the Spark jobs on Databricks "
    "and found that two joins shuffled the entire policy table every night and that one partition held forty percent "
    "of the rows because of a skewed region key. I salted the skewed key, broadcast the small dimension tables, "
    "switched the claims fact to incremental processing with a watermark on the updated timestamp, and partitioned the "
    "Delta tables by claim month. I also moved the heavy reconciliation step to a separate job so a failure there no "
    "longer blocked the adjuster queues, and added Great Expectations checks on row counts and null rates so that a "
    "bad load would stop before publishing. We rolled it out behind a feature flag, running old and new side by side "
    "for a week and comparing outputs row by row, and I wrote a short runbook for the on-call rotation. As a result "
    "the nightly run went from three hours forty minutes to fifty five minutes, the cluster cost dropped by about "
    "thirty percent, and we have not missed the six a.m. deadline in the eight months since. The director later "
    "used the same pattern for the underwriting pipeline, and the junior engineer now owns it."
)


def _median_ms(fn, runs: int = 20) -> float:  # type: ignore[no-untyped-def]
    fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def token_windows(text: str, size: int = MAX_TOKENS - 2) -> list[str]:
    """`text` cut into consecutive spans of at most `size` word-piece tokens (the model adds CLS and SEP)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_file()))
    tokenizer.no_truncation()
    offsets = tokenizer.encode(text, add_special_tokens=False).offsets
    return [text[offsets[i][0] : offsets[min(i + size, len(offsets)) - 1][1]] for i in range(0, len(offsets), size)]


def main() -> None:
    guide = load_guide(DEFAULT_CORPUS)
    embedder = get_embedder()
    with tempfile.TemporaryDirectory() as home:
        store = GuideStore(Path(home), embedder)
        start = time.perf_counter()
        store.ingest(guide)
        cold = time.perf_counter() - start
        start = time.perf_counter()
        report = store.ingest(guide)
        warm = time.perf_counter() - start
    print(f"cold ingest of the guide: {cold:.1f} s; re-ingest unchanged: {warm:.2f} s "
          f"({report.unchanged} chunks unchanged, {report.added + report.updated} embedded)")

    grader = Grader(guide, embedder)
    grader.grade("Q12", ANSWER_300)  # warm the caches of reference embeddings
    words = len(ANSWER_300.split())
    windows = token_windows(ANSWER_300)
    embed_ms = _median_ms(lambda: embedder.embed(windows))
    grade_ms = _median_ms(lambda: grader.grade("Q12", ANSWER_300))
    print(f"one embedding pass of a {words}-word answer ({len(windows)} windows of <= {MAX_TOKENS} tokens): "
          f"{embed_ms:.1f} ms (median of 20)")
    print(f"grading the same answer: {grade_ms:.1f} ms (median of 20); ratio {grade_ms / embed_ms:.2f}x")


if __name__ == "__main__":
    main()
