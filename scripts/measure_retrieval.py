"""Measure question retrieval: recall@1, recall@3 and MRR of `GuideStore.search` on retrieval JSONL files.

    $ .venv/bin/python scripts/measure_retrieval.py evals/tune/retrieval.jsonl tests/data/paraphrases.jsonl
    $ .venv/bin/python scripts/measure_retrieval.py --home /tmp/rh --misses tests/data/paraphrases.jsonl

Each file holds {"id", "query", "question_id"} lines (evals/SCHEMA.md). The guide is ingested into `--home`
(a fresh temporary folder by default; pass one to reuse it across runs: re-ingest then embeds nothing).
Numbers, not assertions; also prints cold/warm ingest time and the median search latency.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from interviewer.corpus import load_guide
from interviewer.evaluate import load_retrieval, rank_of, retrieval_metrics
from interviewer.settings import DEFAULT_CORPUS
from interviewer.store import GuideStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="retrieval JSONL files")
    parser.add_argument("--home", type=Path, help="data folder to ingest into (default: a temporary one)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="guide file or folder")
    parser.add_argument("--misses", action="store_true", help="print every query whose question is not first")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="measure-retrieval-") as tmp:
        store = GuideStore(args.home or Path(tmp))
        report = store.ingest(load_guide(args.corpus))
        print(f"ingest: {report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
              f"{report.removed} removed in {report.seconds:.1f}s")
        store.search("warm-up", k=3)  # builds the question index and loads the model
        latencies: list[float] = []
        for path in args.files:
            cases = load_retrieval(path)
            ranked = []
            for case in cases:
                started = time.perf_counter()
                ranked.append([h.question_id for h in store.search(case.query, k=32)])
                latencies.append(time.perf_counter() - started)
            m = retrieval_metrics([c.question_id for c in cases], ranked)
            print(f"{path}: n={m['n']} recall@1={m['recall_at_1']:.3f} recall@3={m['recall_at_3']:.3f} "
                  f"mrr={m['mrr']:.3f}")
            if args.misses:
                for case, r in zip(cases, ranked, strict=True):
                    if rank_of(case.question_id, r) != 1:
                        print(f"  {case.id}: {case.question_id} ranked {rank_of(case.question_id, r)}, "
                              f"got {r[:3]}: {case.query}")
        if latencies:
            print(f"search latency: median {statistics.median(latencies) * 1000:.1f} ms, "
                  f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} queries")


if __name__ == "__main__":
    main()
