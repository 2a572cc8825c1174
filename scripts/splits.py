"""The labelled splits the fitting scripts read: training splits they fit on, validation splits they only report.

evals/holdout is in neither and no script reads it. `make eval` lists the same splits (EVAL_SETS in the Makefile)
and adds held-out; evals/README.md says who wrote each split and what it is used for.
"""

TRAIN = ("tune", "tune2", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9")
VALIDATE = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10")
