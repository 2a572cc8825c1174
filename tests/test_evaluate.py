"""The eval runner: every metric against hand-computed values, the case files' loaders (eval_cases.py) and their
errors, run_eval end to end."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from interviewer.eval_baselines import baseline_answers, baseline_retrieval, length_factor
from interviewer.eval_cases import (
    AnswerCase,
    EvalDataError,
    RetrievalCase,
    canonical_qid,
    load_answers,
    load_coverage,
    load_retrieval,
)
from interviewer.eval_table import format_table
from interviewer.evaluate import (
    accuracy,
    average_ranks,
    flag_scores,
    grade_agreement,
    macro_f1,
    precision_recall_f1,
    rank_of,
    retrieval_metrics,
    run_eval,
    spearman,
)
from interviewer.models import STAR_PARTS, Grade, KeyPoints, StarPart

T, F = True, False

# --- metrics ------------------------------------------------------------------------------------


def test_precision_recall_f1_by_hand() -> None:
    # tp=1 fp=0 fn=2: P=1, R=1/3, F1=2/(2+0+2)
    s = precision_recall_f1([T, T, T, F], [T, F, F, F])
    assert s == pytest.approx({"precision": 1.0, "recall": 1 / 3, "f1": 0.5})
    s = precision_recall_f1([T, T, F, F, T], [T, F, T, F, T])
    assert s == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3})


def test_f1_with_zero_predictions_is_zero_and_precision_undefined() -> None:
    assert precision_recall_f1([T, F, T], [F, F, F]) == {"precision": None, "recall": 0.0, "f1": 0.0}


def test_no_positives_and_no_predictions_is_all_undefined() -> None:
    assert precision_recall_f1([F, F], [F, F]) == {"precision": None, "recall": None, "f1": None}


def test_predictions_without_positives_are_false_alarms() -> None:
    assert precision_recall_f1([F, F], [T, F]) == {"precision": 0.0, "recall": None, "f1": 0.0}


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="2 labels but 1"):
        precision_recall_f1([T, F], [T])


def test_macro_f1_skips_undefined_parts() -> None:
    assert macro_f1({"a": {"f1": 0.5}, "b": {"f1": None}, "c": {"f1": 1.0}}) == pytest.approx(0.75)
    assert macro_f1({"a": {"f1": None}}) is None


def test_average_ranks_share_ties() -> None:
    assert average_ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert average_ranks([3, 3, 3]).tolist() == [2.0, 2.0, 2.0]


def test_spearman_with_ties_matches_hand_computed_values() -> None:
    # ranks x [1, 2.5, 2.5, 4], y [1, 3, 2, 4]: cov 4.5, var 4.5 and 5 -> 4.5 / sqrt(22.5) = 3 / sqrt(10)
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(3 / math.sqrt(10))
    # ranks x [1.5, 1.5, 3.5, 3.5], y [1, 2, 3, 4]: 4 / sqrt(4 * 5) = 2 / sqrt(5)
    assert spearman([1, 1, 2, 2], [1, 2, 3, 4]) == pytest.approx(2 / math.sqrt(5))


def test_spearman_is_rank_based_and_undefined_when_constant() -> None:
    assert spearman([1, 2, 3, 4], [1, 8, 27, 1000]) == pytest.approx(1.0)
    assert spearman([1, 2, 3], [9, 5, 1]) == pytest.approx(-1.0)
    assert spearman([3, 3, 3], [1, 2, 3]) is None
    assert spearman([1], [1]) is None
    with pytest.raises(ValueError):
        spearman([1, 2], [1])


def test_grade_agreement_within_one_and_exact() -> None:
    out = grade_agreement([5, 4, 3, 1], [4, 4, 1, 1])  # differences 1, 0, 2, 0
    assert out["within_one"] == pytest.approx(0.75)
    assert out["exact"] == pytest.approx(0.5)
    assert out["spearman"] == pytest.approx(spearman([5, 4, 3, 1], [4, 4, 1, 1]))
    assert grade_agreement([], []) == {"spearman": None, "within_one": None, "exact": None}


def test_accuracy() -> None:
    assert accuracy([T, F, T, T], [T, T, T, F]) == pytest.approx(0.5)
    assert accuracy([], []) is None


def test_flag_scores_null_when_undefined() -> None:
    gold = [["blame"], [], ["vague", "too_short"], []]
    pred = [["blame", "rambling"], ["blame"], ["vague"], []]
    assert flag_scores(gold, pred) == {
        "blame": {"recall": 1.0, "precision": 0.5},
        "rambling": {"recall": None, "precision": 0.0},  # nobody labelled it; predicted once, wrongly
        "vague": {"recall": 1.0, "precision": 1.0},
        "too_short": {"recall": 0.0, "precision": None},  # labelled once, never predicted
    }


def test_arrogance_is_reported_only_when_it_occurs() -> None:
    assert "arrogance" not in flag_scores([[]], [[]])
    assert flag_scores([["arrogance"]], [[]])["arrogance"] == {"recall": 0.0, "precision": None}


def test_question_ids_compare_as_the_guide_numbers_them() -> None:
    assert canonical_qid(" q07 ") == "Q7"
    assert [canonical_qid(q) for q in ("7", "Q 7", "q-07", "Question 7", "question_7")] == ["Q7"] * 5
    assert canonical_qid("walkthrough") == "walkthrough"
    assert canonical_qid("Q7b") == "Q7b"
    # repeated hits of one question count once
    assert rank_of("Q7", ["Q3", "Q3", "Q07", "Q7"]) == 2
    assert rank_of("Q7", ["Q3"]) is None


def test_retrieval_metrics_by_hand() -> None:
    ranked = [["Q1", "Q2"], ["Q5", "Q2"], ["Q5", "Q6", "Q7", "Q3"], []]
    out = retrieval_metrics(["Q1", "Q2", "Q3", "Q4"], ranked)  # ranks 1, 2, 4, none
    assert out == pytest.approx({"n": 4, "recall_at_1": 0.25, "recall_at_3": 0.5, "mrr": 1.75 / 4})


# --- loading ------------------------------------------------------------------------------------


def _answer(cid: str, qid: str | int, text: str, overall: int, flags: Sequence[str] = (), **parts: bool) -> dict:
    labels = {p: parts.get(p, True) for p in STAR_PARTS}
    return {
        "id": cid,
        "question_id": qid,
        "question": "Tell me about a time...",
        "kind": "behavioral",
        "answer": text,
        "labels": {
            **labels,
            "on_topic": parts.get("on_topic", True),
            "overall": overall,
            "red_flags": list(flags),
        },
    }


def _write_jsonl(path: Path, rows: Sequence[dict | str]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows) + "\n", encoding="utf-8"
    )
    return path


def test_load_answers_skips_blank_lines_and_ignores_extra_fields(tmp_path: Path) -> None:
    row = _answer("a1", "Q16", "we shipped it", 3) | {"source": "hand-written"}
    path = _write_jsonl(tmp_path / "a.jsonl", ["", json.dumps(row), "   "])
    [case] = load_answers(path)
    assert isinstance(case, AnswerCase)
    assert (case.id, case.question_id, case.labels.overall) == ("a1", "Q16", 3)


def test_load_reports_bad_json_with_file_and_line(tmp_path: Path) -> None:
    good = _answer("a1", "Q1", "x", 3)
    path = _write_jsonl(tmp_path / "a.jsonl", [good, "", "{not json"])
    with pytest.raises(EvalDataError, match=r"a\.jsonl:3: not a valid AnswerCase"):
        load_answers(path)


def test_load_reports_invalid_labels_with_field_and_line(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "a.jsonl", [_answer("a1", "Q1", "x", 3), _answer("a2", "Q1", "x", 7)])
    with pytest.raises(EvalDataError, match=r"a\.jsonl:2: .*labels\.overall"):
        load_answers(path)
    path = _write_jsonl(tmp_path / "b.jsonl", [_answer("a1", "Q1", "x", 3, [1])])
    with pytest.raises(EvalDataError, match=r"b\.jsonl:1: .*labels\.red_flags"):
        load_answers(path)


def test_another_writers_spelling_of_ids_and_flags_is_read(tmp_path: Path) -> None:
    """A byte-order mark and Windows line ends, "q07" for Q7, "Too short" for too_short; a flag SCHEMA.md does not
    define is set apart and counted, not a reason to refuse the file."""
    rows = [_answer("a1", "q07", "x", 1, ["Too short", "vague", "ownership"]), _answer("a2", "Q16", "y", 3, ["too-short"])]
    path = tmp_path / "a.jsonl"
    path.write_bytes(("\ufeff" + "\r\n".join(json.dumps(r) for r in rows) + "\r\n").encode("utf-8"))
    first, second = load_answers(path)
    assert (first.question_id, first.labels.red_flags, first.labels.unknown_flags) == (
        "Q7", ["too_short", "vague"], ["ownership"])
    assert second.labels.red_flags == ["too_short"] and second.labels.unknown_flags == []
    assert "unknown_flags" not in first.labels.model_dump()
    graded = run_eval(path, None, lambda qid, a: _grade(qid, 1, dict.fromkeys(STAR_PARTS, False)), None, "fake")
    assert graded["answers"]["unknown_flags"] == {"ownership": 1}
    assert "not scored, red flags SCHEMA.md does not define: ownership (1)" in format_table(graded)
    retrieval = _write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "query": "q", "question_id": "q06"},
                                                    {"id": "r2", "query": "q", "question_id": 16}])
    assert [c.question_id for c in load_retrieval(retrieval)] == ["Q6", "Q16"]
    numbered = load_answers(_write_jsonl(tmp_path / "n.jsonl", [_answer("n1", 16, "x", 3), _answer("n2", "16", "x", 3)]))
    assert [c.question_id for c in numbered] == ["Q16", "Q16"]
    loose = [_answer("f1", "Q1", "x", 1) for _ in range(3)]
    for row, flags in zip(loose, ("vague, Too short", None, ""), strict=True):
        row["labels"]["red_flags"] = flags
    read = load_answers(_write_jsonl(tmp_path / "f.jsonl", loose))
    assert [c.labels.red_flags for c in read] == [["vague", "too_short"], [], []]
    kinds = [_answer(f"k{i}", "Q16", "x", 3) | {"kind": kind} for i, kind in enumerate(("Behavioural", "TECHNICAL", "story"))]
    assert [c.kind for c in load_answers(_write_jsonl(tmp_path / "k.jsonl", kinds))] == ["behavioral", "technical", None]


def test_a_question_the_guide_lacks_is_refused_before_any_grading(tmp_path: Path) -> None:
    answers = _write_jsonl(tmp_path / "a.jsonl", [_answer("a1", "Q1", "x", 3), _answer("a2", "Q99", "y", 3)])
    retrieval = _write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "query": "q", "question_id": "Q40"}])
    graded: list[str] = []

    def grade(qid: str, answer: str) -> Grade:
        graded.append(qid)
        return _grade(qid, 3, dict.fromkeys(STAR_PARTS, True))

    questions = {"Q1": "first", "Q2": "second"}
    with pytest.raises(EvalDataError, match=r"a\.jsonl: 1 case\(s\) name a question the guide does not have: "
                                            r"a2 \(Q99\); it has Q1…Q2"):
        run_eval(answers, None, grade, None, "fake", questions=questions)
    assert graded == []
    with pytest.raises(EvalDataError, match=r"r\.jsonl: .*r1 \(Q40\)"):
        run_eval(None, retrieval, None, lambda q, k: ["Q1"], "fake", questions=questions)


def test_load_retrieval_and_its_errors(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "r.jsonl", [{"id": "r1", "query": "sizing stories?", "question_id": "Q6"}])
    assert load_retrieval(path) == [RetrievalCase(id="r1", query="sizing stories?", question_id="Q6")]
    path = _write_jsonl(tmp_path / "r2.jsonl", [{"id": "r1", "query": "q"}])
    with pytest.raises(EvalDataError, match=r"r2\.jsonl:1: .*question_id"):
        load_retrieval(path)
    with pytest.raises(EvalDataError, match="cannot read"):
        load_retrieval(tmp_path / "missing.jsonl")


# --- run_eval end to end ------------------------------------------------------------------------


def _grade(
    qid: str, overall: int, parts: dict[str, bool], on_topic: bool = True, flags: Sequence = ()
) -> Grade:
    return Grade(
        question_id=qid,
        overall=overall,
        star={p: StarPart(present=parts.get(p, True)) for p in STAR_PARTS},
        key_points=KeyPoints(),
        on_topic=on_topic,
        red_flags=list(flags),
        reasons=["fake"],
    )


# What the fake grader says about each answer text.
_VERDICTS = {
    "story one": _grade("Q16", 5, {}),
    "story two": _grade("Q16", 3, {"result": False}, flags=["vague"]),
    "story three": _grade("Q2", 2, {"result": False, "task": False}, on_topic=False, flags=["blame"]),
}


def _fake_grade(qid: str, answer: str) -> Grade:
    return _VERDICTS[answer]


def _fake_search(query: str, k: int) -> list[str]:
    return {"sprint sizing": ["Q6", "Q7"], "conflict": ["Q3", "Q3", "Q16"], "nothing": []}[query][:k]


def _files(tmp_path: Path) -> tuple[Path, Path]:
    answers = _write_jsonl(
        tmp_path / "answers.jsonl",
        [
            _answer("c1", "Q16", "story one", 5),
            _answer("c2", "Q16", "story two", 2, ["vague"], result=False),
            _answer("c3", "Q2", "story three", 1, ["too_short"], result=False, on_topic=False),
        ],
    )
    retrieval = _write_jsonl(
        tmp_path / "retrieval.jsonl",
        [
            {"id": "r1", "query": "sprint sizing", "question_id": "Q6"},
            {"id": "r2", "query": "conflict", "question_id": "Q16"},
            {"id": "r3", "query": "nothing", "question_id": "Q9"},
        ],
    )
    return answers, retrieval


def test_run_eval_produces_exactly_the_schema_shape(tmp_path: Path) -> None:
    answers, retrieval = _files(tmp_path)
    details = tmp_path / "out" / "details.jsonl"
    report = run_eval(answers, retrieval, _fake_grade, _fake_search, "fake 1.0", details_path=details)

    assert set(report) == {"answers", "retrieval", "grader", "baseline"}
    a = report["answers"]
    assert set(a) == {"n", "star", "overall", "on_topic", "red_flags", "seconds_per_answer"}
    assert set(a["star"]) == {"situation", "task", "action", "result", "macro_f1"}
    for part in STAR_PARTS:
        assert set(a["star"][part]) == {"precision", "recall", "f1"}
    assert set(a["overall"]) == {"spearman", "within_one", "exact"}
    assert set(a["on_topic"]) == {"accuracy"}
    assert set(a["red_flags"]) == {"blame", "rambling", "vague", "too_short"}
    for flag in a["red_flags"].values():
        assert set(flag) == {"recall", "precision"}
    assert set(report["retrieval"]) == {"n", "recall_at_1", "recall_at_3", "mrr"}
    assert report["grader"] == "fake 1.0"
    assert json.loads(json.dumps(report)) == report  # plain JSON types only

    # hand-computed: labels 5/2/1 vs predictions 5/3/2
    assert a["n"] == 3
    assert a["overall"] == pytest.approx({"spearman": 1.0, "within_one": 1.0, "exact": 1 / 3})
    assert a["on_topic"]["accuracy"] == 1.0
    # task labelled present in all three, predicted absent for c3
    assert a["star"]["task"] == pytest.approx({"precision": 1.0, "recall": 2 / 3, "f1": 0.8})
    assert a["star"]["result"] == pytest.approx({"precision": 1.0, "recall": 1.0, "f1": 1.0})
    assert a["red_flags"]["blame"] == {"recall": None, "precision": 0.0}
    assert a["red_flags"]["rambling"] == {"recall": None, "precision": None}
    assert a["red_flags"]["vague"] == {"recall": 1.0, "precision": 1.0}
    assert a["red_flags"]["too_short"] == {"recall": 0.0, "precision": None}
    assert a["seconds_per_answer"] >= 0.0
    # ranks 1, 2 (repeated Q3 counts once), none
    assert report["retrieval"] == pytest.approx(
        {"n": 3, "recall_at_1": 1 / 3, "recall_at_3": 2 / 3, "mrr": 0.5}
    )

    records = [json.loads(line) for line in details.read_text().splitlines()]
    assert [r["id"] for r in records] == ["c1", "c2", "c3", "r1", "r2", "r3"]
    assert records[1]["predicted"]["overall"] == 3 and records[1]["labels"]["overall"] == 2
    assert records[2]["mismatches"] == ["task", "overall", "red_flags"]
    assert [r["rank"] for r in records[3:]] == [1, 2, None]


def test_progress_shows_on_stderr_and_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers, _ = _files(tmp_path)
    quiet = run_eval(answers, None, _fake_grade, None, "fake")
    assert "grading" not in capsys.readouterr().err
    shown = run_eval(answers, None, _fake_grade, None, "fake", progress=True)
    assert "grading" in capsys.readouterr().err
    for report in (quiet, shown):
        report["answers"].pop("seconds_per_answer")
    assert shown == quiet


def test_run_eval_with_one_file_leaves_the_other_part_out(tmp_path: Path) -> None:
    answers, retrieval = _files(tmp_path)
    only_answers = run_eval(answers, None, _fake_grade, None, "fake")
    assert "answers" in only_answers and "retrieval" not in only_answers
    only_retrieval = run_eval(None, retrieval, None, _fake_search, "fake")
    assert "retrieval" in only_retrieval and "answers" not in only_retrieval
    with pytest.raises(ValueError, match="nothing to evaluate"):
        run_eval(None, None, None, None, "fake")
    with pytest.raises(ValueError, match="needs a grade function"):
        run_eval(answers, None, None, None, "fake")


def test_a_failing_grade_names_the_case(tmp_path: Path) -> None:
    answers, _ = _files(tmp_path)

    def broken(qid: str, answer: str) -> Grade:
        raise KeyError(qid)

    with pytest.raises(RuntimeError, match="'c1'"):
        run_eval(answers, None, broken, None, "fake")


# --- baselines ----------------------------------------------------------------------------------


def _fake_embed(texts: Sequence[str]) -> np.ndarray:
    """Counts of three marker words, plus a small constant so no row is zero."""
    return np.array([[t.count("alpha"), t.count("beta"), t.count("gamma"), 0.01] for t in texts], dtype=float)


def test_length_factor() -> None:
    assert [length_factor(n) for n in (0, 75, 150, 300, 450, 900)] == [0.0, 0.5, 1.0, 1.0, 1.0, 0.5]


def test_baseline_answers_word_count_and_reference_cosine() -> None:
    overall_and_words = [(1, 10), (3, 100), (5, 300), (2, 900)]
    cases = [
        AnswerCase.model_validate(_answer(f"c{i}", "Q1", " ".join(["alpha"] * n), g))
        for i, (g, n) in enumerate(overall_and_words)
    ]
    out = baseline_answers(cases)
    # word ranks 1 2 3 4, grade ranks 1 3 4 2: 1 - 6 * (0 + 1 + 1 + 4) / (4 * 15) = 0.4
    assert out == {"word_count": {"spearman": pytest.approx(0.4)}}
    # every answer points the same way as the reference, so the score is the length factor alone
    out = baseline_answers(cases, _fake_embed, lambda qid: "alpha reference")
    assert out["reference_cosine"]["spearman"] == pytest.approx(1.0)


def test_baseline_retrieval_ranks_question_texts() -> None:
    cases = [
        RetrievalCase(id="r1", query="alpha alpha", question_id="Q1"),
        RetrievalCase(id="r2", query="beta", question_id="Q2"),
        RetrievalCase(id="r3", query="beta", question_id="Q1"),
    ]
    out = baseline_retrieval(cases, _fake_embed, {"Q1": "alpha", "Q2": "beta"})
    assert out == {
        "question_only": pytest.approx({"n": 3, "recall_at_1": 2 / 3, "recall_at_3": 1.0, "mrr": 2.5 / 3})
    }


def test_run_eval_reports_baselines_and_the_table_shows_them(tmp_path: Path) -> None:
    answers, retrieval = _files(tmp_path)
    report = run_eval(
        answers,
        retrieval,
        _fake_grade,
        _fake_search,
        "fake 1.0",
        embed=_fake_embed,
        reference_text=lambda qid: "alpha",
        questions={"Q2": "requirements", "Q6": "sprint sizing", "Q16": "conflict", "Q9": "nothing"},
    )
    assert set(report["baseline"]) == {"answers", "retrieval"}
    assert set(report["baseline"]["answers"]) == {"word_count", "reference_cosine"}
    assert set(report["baseline"]["retrieval"]["question_only"]) == {"n", "recall_at_1", "recall_at_3", "mrr"}

    table = format_table(report)
    assert "grader: fake 1.0" in table
    for label in (
        "star situation precision",
        "star macro-F1",
        "overall spearman",
        "on-topic accuracy",
        "flag too_short recall",
        "seconds per answer",
        "recall_at_3",
        "mrr",
    ):
        assert label in table
    assert "word_count" in table and "reference_cosine" in table and "question_only" in table
    assert "n/a" in table  # the undefined rambling recall
    spearman_row = next(line for line in table.splitlines() if "overall spearman" in line)
    assert len(spearman_row.split()) == 5  # label (2 words), ours, two baselines


def test_format_table_without_baselines_or_answers() -> None:
    table = format_table(
        {"retrieval": {"n": 2, "recall_at_1": 0.5, "recall_at_3": 1.0, "mrr": 0.75}, "grader": "g"}
    )
    assert "answers" not in table
    assert "0.750" in table


def test_perturbations_are_deterministic_and_keep_the_words() -> None:
    from interviewer import perturb

    text = "Result: spend went from $41,000 to 24k a month (-41%) within ten weeks; 99.5% of loads on time."
    assert perturb.transcript(text) == ("result spend went from 41000 to 24k a month 41 percent within ten weeks "
                                        "99.5 percent of loads on time")
    long = " ".join(["pipeline engineer warehouse"] * 40)
    assert perturb.typos(long, "case-1") == perturb.typos(long, "case-1") != long
    assert perturb.typos(long, "case-1") != perturb.typos(long, "case-2")
    assert len(perturb.typos(long, "case-1").split()) == len(long.split())
    assert sorted(perturb.typos("engineer", "x", rate=1.0)) == sorted("engineer")


def test_stability_reports_how_far_small_changes_move_the_grade(tmp_path: Path) -> None:
    typed = ["At a bank, I owned the load.", "I cut the runtime by 40%.", "we met both teams"]
    answers = _write_jsonl(tmp_path / "a.jsonl", [_answer(f"c{i}", "Q16", t, 4) for i, t in enumerate(typed)])

    def exact_text(qid: str, answer: str) -> Grade:  # a grader that any change to the text moves by two
        return _grade(qid, 5 if answer in typed else 3, {})

    report = run_eval(answers, None, exact_text, None, "fake", with_stability=True)
    assert set(report["stability"]) == {"typos", "transcript"}
    # the third answer is already a transcript: only the first two move
    assert report["stability"]["transcript"] == pytest.approx({"n": 3, "unchanged": 1 / 3, "within_one": 1 / 3})
    assert set(report["stability"]["typos"]) == {"n", "unchanged", "within_one"}
    assert "stability" in format_table(report)
    steady = run_eval(answers, None, lambda q, a: _grade(q, 4, {}), None, "fake", with_stability=True)
    assert steady["stability"]["transcript"] == {"n": 3, "unchanged": 1.0, "within_one": 1.0}
    assert "stability" not in run_eval(answers, None, exact_text, None, "fake")


def test_paraphrases_are_graded_beside_the_answers_they_rephrase(tmp_path: Path) -> None:
    typed = ["At a bank, I owned the load.", "I cut the runtime by 40%.", "we met both teams"]
    answers = _write_jsonl(tmp_path / "a.jsonl", [_answer(f"c{i}", "Q16", t, 4) for i, t in enumerate(typed)])
    para = lambda pid, of, text, qid="Q16": {"id": pid, "paraphrase_of": of, "question_id": qid, "answer": text}
    paraphrases = _write_jsonl(tmp_path / "p.jsonl", [para("p0", "c0", "I owned the loading at a bank."),
                                                      para("p1", "c1", "I made it run 40% faster."),
                                                      para("p2", "c1", "The runtime went down 40% after my fix.")])
    grades = {typed[0]: 4, typed[1]: 5, typed[2]: 2, "I owned the loading at a bank.": 4,
              "I made it run 40% faster.": 4, "The runtime went down 40% after my fix.": 2}
    details = tmp_path / "details.jsonl"
    report = run_eval(answers, None, lambda q, a: _grade(q, grades[a], {}), None, "fake", paraphrases_path=paraphrases,
                      details_path=details)
    # only the paraphrase row: typos and transcript need --stability
    assert report["stability"] == {"paraphrase": pytest.approx({"n": 3, "unchanged": 1 / 3, "within_one": 2 / 3})}
    assert "paraphrase within_one" in format_table(report)
    rows = [json.loads(line) for line in details.read_text().splitlines()]
    assert {"set": "paraphrase", "id": "p2", "paraphrase_of": "c1", "original": 5, "paraphrase": 2} in rows
    both = run_eval(answers, None, lambda q, a: _grade(q, 3, {}), None, "fake", with_stability=True,
                    paraphrases_path=paraphrases)
    assert set(both["stability"]) == {"typos", "transcript", "paraphrase"}


@pytest.mark.parametrize(("line", "message"), [
    ({"id": "p0", "paraphrase_of": "c9", "question_id": "Q16", "answer": "…"}, "c9, which is not in the answers"),
    ({"id": "p0", "paraphrase_of": "c0", "question_id": "Q3", "answer": "…"}, "but c0 answers Q16"),
    ({"id": "p0", "question_id": "Q16", "answer": "…"}, "p.jsonl:1: not a valid ParaphraseCase"),
])
def test_a_bad_paraphrase_file_names_the_problem(tmp_path: Path, line: dict, message: str) -> None:
    answers = _write_jsonl(tmp_path / "a.jsonl", [_answer("c0", "Q16", "I owned the load.", 4)])
    paraphrases = _write_jsonl(tmp_path / "p.jsonl", [line])
    with pytest.raises(EvalDataError, match=message):
        run_eval(answers, None, lambda q, a: _grade(q, 4, {}), None, "fake", paraphrases_path=paraphrases)
    with pytest.raises(ValueError, match="give the answers file too"):
        run_eval(None, answers, None, lambda q, k: ["Q16"], "fake", paraphrases_path=paraphrases)


def test_load_coverage_checks_every_main_point_is_named_once(tmp_path: Path) -> None:

    points = {"Q1": ["Business Context", "Success Criteria"]}
    good = {"id": "c1", "question_id": "Q1", "answer": "…", "covered": ["Success Criteria"],
            "missed": ["Business Context"]}
    path = tmp_path / "cov.jsonl"
    path.write_text(json.dumps(good) + "\n\n", encoding="utf-8")
    assert [c["id"] for c in load_coverage(path, points.__getitem__)] == ["c1"]
    path.write_text(json.dumps({**good, "missed": []}) + "\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"cov.jsonl:1: covered \+ missed"):
        load_coverage(path, points.__getitem__)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(EvalDataError, match="cov.jsonl:1"):
        load_coverage(path, points.__getitem__)
