"""The labelled splits the fitting scripts read: training splits they fit on, validation splits they only report.

TOPIC_TRAIN and TOPIC_VALIDATE are the keyword-trap files of evals/topic/ (`topic/<x>` is evals/topic/<x>.jsonl):
the first are neighbours for the on-topic check (scripts/build_exemplars.py) and folds of its margin search
(scripts/choose_topic_margins.py), the second are only reported. evals/holdout is in none and no script reads it.
BLAME_TRAIN and BLAME_VALIDATE were written at blame's boundary (others' part told fairly or blamed): the learned
blame decision is fitted on the first (scripts/train_flag_models.py), with TRAIN, and so is the STAR model's task part
(scripts/train_star_model.py; its other parts on TRAIN only); the second is only reported.
ALIAS_EXTRA are validation splits whose paraphrased questions (retrieval.jsonl) are also retrieval aliases
(scripts/build_aliases.py), since their first run; their answers stay validation.
`make eval` lists the same splits (EVAL_SETS in the Makefile) but not the topic files, and adds held-out;
evals/README.md says who wrote each split and what it is used for.
"""

from pathlib import Path

EVALS = Path(__file__).resolve().parent.parent / "evals"

TRAIN = ("tune", "tune2", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9")
VALIDATE = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev13", "dev14", "dev15",
            "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22", "dev23", "dev24",
            "dev25", "dev26")
BLAME_TRAIN = ("tune10", "tune11", "tune12")
BLAME_VALIDATE = ("dev11", "dev12")
TOPIC_TRAIN = ("topic/a", "topic/b", "topic/d", "topic/e", "topic/f", "topic/g", "topic/h", "topic/i", "topic/j",
               "topic/k")
TOPIC_VALIDATE = ("topic/c", "topic/other")
ALIAS_EXTRA = ("dev13", "dev14", "dev15", "dev16")


def answers_path(name: str) -> Path:
    """evals/<name>/answers.jsonl for a split, evals/topic/<x>.jsonl for a topic file ("topic/<x>")."""
    return EVALS / (f"{name}.jsonl" if name.startswith("topic/") else f"{name}/answers.jsonl")
