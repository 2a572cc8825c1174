"""The labelled splits' roles (scripts/splits.py) and what the shipped files were built from: the held-out set is in no
role, every split a role names exists, and the retrieval aliases, the answer centroids and the topic margins name
exactly the files they were built from, unchanged since."""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import splits

from interviewer.aliases import ALIASES_FILE
from interviewer.exemplars import CENTROIDS_FILE
from interviewer.params import PARAMS_FILE

ROLES = {name: getattr(splits, name) for name in ("TRAIN", "VALIDATE", "BLAME_TRAIN", "BLAME_VALIDATE", "TOPIC_TRAIN",
                                                  "TOPIC_VALIDATE", "ALIAS_EXTRA")}


def test_no_role_names_the_held_out_set_and_every_named_split_exists() -> None:
    for role, names in ROLES.items():
        assert not any("holdout" in name for name in names), role
        assert all(splits.answers_path(name).is_file() for name in names), role


def test_a_split_is_fitted_on_or_only_reported_never_both() -> None:
    fitted = {*splits.TRAIN, *splits.BLAME_TRAIN, *splits.TOPIC_TRAIN}
    reported = {*splits.VALIDATE, *splits.BLAME_VALIDATE, *splits.TOPIC_VALIDATE}
    assert not fitted & reported
    assert set(splits.ALIAS_EXTRA) <= set(splits.VALIDATE)  # their answers stay validation


def sources(built_from: list[str]) -> dict[str, str]:
    """{path: sha256 prefix} of a built file's list of sources ("evals/x.jsonl sha256:0123456789abcdef ...")."""
    found = {}
    for entry in built_from:
        match = re.match(r"(\S+) sha256:([0-9a-f]{16})\b", entry)
        assert match, entry
        found[match.group(1)] = match.group(2)
    return found


def assert_built_from(found: dict[str, str], expected: set[str]) -> None:
    assert set(found) == expected  # a changed list of sources means its script was not rerun
    assert not any("holdout" in path for path in found)
    for path, digest in found.items():  # nor was it rerun after a source changed
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest()[:16] == digest, path


def posix(paths: list[Path]) -> set[str]:
    return {p.relative_to(ROOT).as_posix() for p in paths}


def test_aliases_name_the_files_they_were_built_from() -> None:
    built_from = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))["built_from"]
    expected = {*posix(list((ROOT / "evals").glob("tune*/retrieval.jsonl"))),
                *(f"evals/{name}/retrieval.jsonl" for name in splits.ALIAS_EXTRA)}
    assert_built_from(sources(built_from), expected)  # scripts/build_aliases.py


def test_answer_centroids_and_topic_margins_name_the_files_they_were_built_from() -> None:
    centroids = json.loads(CENTROIDS_FILE.read_text(encoding="utf-8"))["built_from"]
    tune = posix(list((ROOT / "evals").glob("tune*/answers.jsonl")))
    traps = posix([splits.answers_path(name) for name in splits.TOPIC_TRAIN])
    assert_built_from(sources(centroids), tune | traps)  # scripts/build_exemplars.py
    margins = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))["topic_margins"]["fitted_on"]
    folds = posix([splits.answers_path(name) for name in (*splits.TRAIN, *splits.TOPIC_TRAIN)])
    assert_built_from(sources(margins), folds)  # scripts/choose_topic_margins.py --write
