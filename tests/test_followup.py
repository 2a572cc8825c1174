"""The follow-up policy: which gap to probe, in which order, and when to move on."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from interviewer.followup import Gap, choose_followup, is_decline, open_gaps
from interviewer.models import Grade, Question

ANSWER = "We rebuilt the ingestion layer on Kafka and moved the batch jobs into Airflow over two quarters."
BEHAVIORAL = Question(
    id="Q16", number=16, category="Behavioral & Leadership", kind="behavioral",
    text="Tell me about a time you had conflicting stakeholder expectations.", answer="…",
    key_points=["Meet both stakeholders together", "Agree on one metric definition", "Ship in phases"],
)
TECHNICAL = Question(
    id="Q9", number=9, category="Testing", kind="technical",
    text="How do you test a data pipeline before deployment?", answer="…",
    key_points=["Unit tests for transformations", "Data quality checks", "Staging run on production-like data"],
)


@pytest.mark.parametrize(
    "answer",
    [
        "I don't know",
        "I dont know.",
        "No idea.",
        "pass",
        "Can we move on?",
        "Honestly, I don't have an example of that, sorry.",
        "I can't think of one right now.",
        "I’ve never been in that situation.",
        "Not sure, to be honest.",
        "Next question please",
    ],
)
def test_a_decline_is_not_followed_up(answer: str, make_grade: Callable[..., Grade]) -> None:
    assert is_decline(answer)
    grade = make_grade("Q16", overall=1, missing=("situation", "task", "action", "result"))
    assert choose_followup(BEHAVIORAL, grade, [], 0, answer) is None


@pytest.mark.parametrize(
    "answer",
    [
        "I'm not sure, but I think I'd partition by date and validate row counts per partition.",
        "I don't know the exact number but we cut runtime by half using partition pruning.",
        "We pass the data through a validation layer first.",
        ANSWER,
    ],
)
def test_an_attempt_that_contains_a_decline_phrase_is_still_an_attempt(answer: str) -> None:
    assert not is_decline(answer)


def test_missing_star_parts_are_probed_result_first(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", missing=("task", "result"))
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("result")
    assert choose_followup(BEHAVIORAL, grade, ["result"], 1, ANSWER) == Gap("task")
    grade = make_grade("Q16", missing=("situation", "task"))
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("task")
    assert choose_followup(BEHAVIORAL, grade, ["task"], 1, ANSWER) == Gap("situation")


def test_no_story_is_asked_for_one_before_its_outcome(make_grade: Callable[..., Grade]) -> None:
    # "I get along with everyone, things sort themselves out": no situation, no action, nothing to ask the result of
    grade = make_grade("Q16", overall=2, missing=("situation", "task", "action", "result"), red_flags=("vague",))
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("vague")
    assert choose_followup(BEHAVIORAL, grade, ["vague"], 1, ANSWER) == Gap("result")
    assert [g.kind for g in open_gaps(BEHAVIORAL, grade)].count("vague") == 1
    told = make_grade("Q16", overall=2, missing=("situation", "task", "result"))  # what they did, with no scene
    assert choose_followup(BEHAVIORAL, told, [], 0, ANSWER) == Gap("result")


def test_a_complete_story_without_numbers_is_asked_for_numbers(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=3)
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("numbers")
    with_numbers = make_grade("Q16", overall=3, numbers=("40%",))
    assert choose_followup(BEHAVIORAL, with_numbers, [], 0, ANSWER) is None


def test_a_missed_key_point_is_the_first_one_in_reference_order(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=3, measured=True, missed=("Ship in phases", "Agree on one metric definition"))
    gap = choose_followup(BEHAVIORAL, grade, [], 0, ANSWER)
    assert gap == Gap("key_point", "Agree on one metric definition")
    assert gap is not None and gap.id == "key_point:Agree on one metric definition"
    assert choose_followup(BEHAVIORAL, grade, [gap.id], 1, ANSWER) == Gap("key_point", "Ship in phases")


def test_vague_comes_last(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=2, measured=True, red_flags=("vague",))
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("vague")
    gaps = open_gaps(BEHAVIORAL, make_grade("Q16", overall=2, missing=("result",), missed=("Ship in phases",),
                                            red_flags=("too_short",)))
    assert [g.kind for g in gaps] == ["result", "numbers", "key_point", "vague"]


def test_technical_questions_ask_for_a_real_example_then_key_points_not_star(make_grade: Callable[..., Grade]) -> None:
    # an approach with no story of the candidate's own: the missing example is what costs it the grade
    grade = make_grade("Q9", overall=2, missing=("situation", "task", "result"), missed=("Data quality checks",),
                       red_flags=("vague",))
    assert [g.id for g in open_gaps(TECHNICAL, grade)] == ["example", "key_point:Data quality checks", "numbers"]
    assert choose_followup(TECHNICAL, grade, ["example"], 1, ANSWER) == Gap("key_point", "Data quality checks")
    # with an example told, the other STAR parts are not probed
    grade = make_grade("Q9", overall=3, missing=("task", "result"), missed=("Data quality checks",))
    assert [g.id for g in open_gaps(TECHNICAL, grade)] == ["key_point:Data quality checks", "numbers"]


def test_at_most_two_follow_ups(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=1, missing=("situation", "task", "action", "result"))
    assert choose_followup(BEHAVIORAL, grade, ["result", "action"], 2, ANSWER) is None


def test_never_the_same_gap_twice(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=2, missing=("result",), measured=False)
    assert choose_followup(BEHAVIORAL, grade, ["result"], 1, ANSWER) == Gap("numbers")
    assert choose_followup(BEHAVIORAL, grade, ["result", "numbers"], 1, ANSWER) is None


def test_a_good_answer_moves_on(make_grade: Callable[..., Grade]) -> None:
    good = make_grade("Q16", overall=4, missing=("situation",), missed=("Ship in phases",))
    assert choose_followup(BEHAVIORAL, good, [], 0, ANSWER) is None


def test_a_good_answer_missing_its_result_is_still_probed(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=4, missing=("result",))
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("result")


def test_off_topic_gets_one_follow_up_then_moves_on(make_grade: Callable[..., Grade]) -> None:
    grade = make_grade("Q16", overall=1, on_topic=False, missing=("result",))
    assert choose_followup(BEHAVIORAL, grade, [], 0, ANSWER) == Gap("off_topic")
    assert choose_followup(BEHAVIORAL, grade, ["off_topic"], 1, ANSWER) is None
