"""Measure the blame reading (conduct.blame) on passages written at its boundary: blame against fair mentions of others.

    $ .venv/bin/python scripts/eval_blame_passages.py                 # evals/blame/passages.jsonl
    $ .venv/bin/python scripts/eval_blame_passages.py --errors        # and every passage read wrongly

SCHEMA.md has no passage-level cases, so the file has its own format, one passage per line: {"id", "text",
"blame": true|false, "kind"}. Each passage is 2-6 sentences of a candidate's answer, segmented and mended as the
grader does, then read by `conduct.blame`. The blame classes of 0.14 were written from the odd-numbered passages;
the even-numbered ones were not read, so the report keeps the two halves apart: the even half is the fair number.

It reads only the file it is given; it fits nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer import conduct, evaluate, spelling
from interviewer.segment import merge_short, segment


def reads_blame(text: str) -> bool:
    """Whether the grader reads blame in `text`, segmented and mended as `Grader.analyse` does."""
    sentences = spelling.mend_sentences(merge_short(text, segment(text).sentences))
    return conduct.blame(sentences) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "evals" / "blame" / "passages.jsonl")
    parser.add_argument("--errors", action="store_true", help="print every passage read wrongly")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    odd, even = "odd (patterns written from)", "even (not read)"
    halves: dict[str, tuple[list[bool], list[bool]]] = {odd: ([], []), even: ([], [])}
    for row in rows:
        found = reads_blame(row["text"])
        gold, ours = halves[odd if int(row["id"].rsplit("-", 1)[1]) % 2 else even]
        gold.append(bool(row["blame"]))
        ours.append(found)
        if args.errors and found != row["blame"]:
            print(f"  {row['id']} {row['kind']}: labelled {row['blame']}, read {found}: {row['text'][:90]}")
    for name, (gold, ours) in halves.items():
        s = evaluate.precision_recall_f1(gold, ours)
        print(f"{name}: {len(gold)} passages, {sum(gold)} blame; "
              f"recall {s['recall']:.2f} precision {s['precision']:.2f}")


if __name__ == "__main__":
    main()
