"""Measure how blame and arrogance are read (conduct.py) on passages written at each flag's boundary.

    $ .venv/bin/python scripts/eval_passages.py                   # every evals/*/passages*.jsonl
    $ .venv/bin/python scripts/eval_passages.py evals/blame/passages.jsonl --errors   # and every passage read wrongly
    $ .venv/bin/python scripts/eval_passages.py evals/blame/passages-fresh.jsonl --whole   # as the grader decides

SCHEMA.md has no passage-level cases, so these files have their own format, one passage per line: {"id", "text",
"blame" or "arrogance": true|false, "kind"}. Each passage is 2-6 sentences of a candidate's answer, segmented and
mended as the grader does, then read by `conduct.blame` or `arrogance.find`. Only the odd-numbered passages
were read while writing patterns (blame's classes of 0.14 came from them; arrogance's classes written from them
were not kept, evals/README says why); the even-numbered ones were not read, so the report keeps the two halves
apart: the even half is the fair number. A file with another name (evals/blame/passages-fresh.jsonl, from a
third writer) was never read at all and is reported whole.

With --whole, blame is read as the grader decides it for a whole answer: each passage is analysed as an answer (to
the guide's first question: the blame decision does not depend on the question) and the learned blame model weighs
the patterns' finding with the passage's stance (stance.py). Passages are shorter than answers, and half of the
model's measurements are about a whole answer (its last sentences, its result, its length), so this is a harder
reading for it than whole answers are.

It reads only the files it is given; it fits nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer import arrogance, conduct, evaluate, spelling
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.segment import merge_short, segment
from interviewer.settings import DEFAULT_CORPUS

READERS = {"blame": conduct.blame, "arrogance": arrogance.find}


def reads(flag: str, text: str, grader: Grader | None = None) -> bool:
    """Whether the grader reads `flag` in `text`, segmented and mended as `Grader.analyse` does; with `grader`,
    blame as that grader decides it for a whole answer."""
    if flag == "blame" and grader is not None:
        return grader._blame(grader.analyse(grader.guide.questions[0].id, text))[0] is not None
    sentences = spelling.mend_sentences(merge_short(text, segment(text).sentences))
    return READERS[flag](sentences) is not None


def report(path: Path, errors: bool, grader: Grader | None = None) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    flag = next(f for f in READERS if f in rows[0])
    odd, even, whole = "odd (read)", "even (not read)", "all (not read)"
    halves: dict[str, tuple[list[bool], list[bool]]] = {odd: ([], []), even: ([], [])}
    if path.name != "passages.jsonl":
        halves = {whole: ([], [])}
    for row in rows:
        found = reads(flag, row["text"], grader)
        half = odd if int(row["id"].rsplit("-", 1)[1]) % 2 else even
        gold, ours = halves[whole if whole in halves else half]
        gold.append(bool(row[flag]))
        ours.append(found)
        if errors and found != row[flag]:
            print(f"  {row['id']} {row['kind']}: labelled {row[flag]}, read {found}: {row['text'][:90]}")
    for name, (gold, ours) in halves.items():
        s = evaluate.precision_recall_f1(gold, ours)
        print(f"{path.parent.name}/{path.name} {name}: {len(gold)} passages, {sum(gold)} {flag}; "
              f"recall {s['recall']:.2f} precision {s['precision']:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="passage files (default: evals/*/passages*.jsonl)")
    parser.add_argument("--errors", action="store_true", help="print every passage read wrongly")
    parser.add_argument("--whole", action="store_true", help="read blame as the grader decides it for a whole answer")
    args = parser.parse_args()
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), get_embedder()) if args.whole else None
    for path in args.files or sorted((ROOT / "evals").glob("*/passages*.jsonl")):
        report(path, args.errors, grader)


if __name__ == "__main__":
    main()
