"""Report what each width of the band of doubt (`borderline_logit`) does on the training splits and their paraphrases.

    $ .venv/bin/python scripts/choose_borderline.py                          # the training splits, the default widths
    $ .venv/bin/python scripts/choose_borderline.py --widths 0.5,0.75,1.0    # other widths
    $ .venv/bin/python scripts/choose_borderline.py --splits dev2,dev3 --widths 0.75,1.0   # validation, totals only
    $ .venv/bin/python scripts/choose_borderline.py --param blame_borderline_logit --widths 0.75,1.0,1.25,1.5

A STAR part whose learned answer logit is within `borderline_logit` of 0, or a rambling score as close to even
odds, or a blame score within `blame_borderline_logit` (which `--param` sweeps instead), is in doubt: the grade is
decided both ways and kept within one of both (Grader.decide, grade_table.hedge). A wider band keeps more
rewordings from moving a grade by two, and takes more grades away from the grade table's own verdict. For each width this prints, pooled over the splits: how many answers and their
paraphrases (evals/paraphrase/<split>.jsonl) are graded two or more apart, and the grades' Spearman, exact and
within-one agreement with the labels. Each answer and paraphrase is measured once (Grader.analyse, one embedding
call) and decided at every width, so a run costs one measuring pass (about 3 minutes on 2 cores for the eight
training splits). It writes nothing: the width is chosen by reading the table (interviewer/params.py says which
and why). Splits without a paraphrase file count towards agreement only. It refuses evals/holdout.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from splits import TRAIN

from interviewer import evaluate
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS
from interviewer.stability import load_paraphrases

WIDTHS = (0.0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5)


def measure(names: list[str], grader: Grader, widths: list[float],
            param: str = "borderline_logit") -> dict[float, dict[str, float]]:
    """Per width of `param`: paraphrase pairs two or more apart, their count, and agreement of the answers' grades
    with labels."""
    labels: list[int] = []
    grades: dict[float, dict[tuple[str, str], int]] = {w: {} for w in widths}  # per width: (split, id) -> grade
    apart = dict.fromkeys(widths, 0)
    pairs = 0
    decide = lambda a, w: grader.decide(a, {param: w}).overall
    for name in names:
        cases = evaluate.load_answers(ROOT / "evals" / name / "answers.jsonl")
        for case in cases:
            a = grader.analyse(case.question_id, case.answer)
            labels.append(case.labels.overall)
            for w in widths:
                grades[w][(name, case.id)] = decide(a, w)
        path = ROOT / "evals" / "paraphrase" / f"{name}.jsonl"
        for para in load_paraphrases(path, cases) if path.is_file() else []:
            reworded = grader.analyse(para.question_id, para.answer)
            pairs += 1
            for w in widths:
                apart[w] += abs(decide(reworded, w) - grades[w][(name, para.paraphrase_of)]) >= 2
        print(f"measured {name}", file=sys.stderr, flush=True)
    gold = np.array(labels)
    out = {}
    for w in widths:
        ours = np.array(list(grades[w].values()))
        out[w] = {"two_apart": apart[w], "pairs": pairs, "spearman": evaluate.spearman(list(ours), list(gold)) or 0.0,
                  "exact": float(np.mean(ours == gold)), "within_one": float(np.mean(np.abs(ours - gold) <= 1))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", default=",".join(str(w) for w in WIDTHS),
                        help="comma-separated values of the --param width (default: %(default)s)")
    parser.add_argument("--param", default="borderline_logit", choices=("borderline_logit", "blame_borderline_logit"),
                        help="the width swept: every decision's band, or blame's alone (default: %(default)s)")
    parser.add_argument("--splits", default=",".join(TRAIN),
                        help="comma-separated split names under evals/ (default: the training splits)")
    args = parser.parse_args()
    try:
        widths = [float(w) for w in args.widths.split(",")]
    except ValueError:
        parser.error(f"--widths takes numbers separated by commas, not {args.widths!r}")
    names = [n.strip() for n in args.splits.split(",") if n.strip()]
    if "holdout" in names:
        parser.error("evals/holdout is never used to choose anything")
    missing = [n for n in names if not (ROOT / "evals" / n / "answers.jsonl").is_file()]
    if missing:
        parser.error(f"no evals/<split>/answers.jsonl for {', '.join(missing)}")
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), get_embedder())
    now = grader.params.get(args.param, grader.params["borderline_logit"])
    print(f"{args.param}: width  two apart  Spearman  exact  within one   ({', '.join(names)}; now {now})")
    for w, m in measure(names, grader, widths, args.param).items():
        print(f"{w:<6} {m['two_apart']:>4}/{m['pairs']:<5} {m['spearman']:.4f}    {m['exact']:.3f}  {m['within_one']:.3f}")


if __name__ == "__main__":
    main()
