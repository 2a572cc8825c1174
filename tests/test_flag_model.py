"""The learned vague and rambling flags and the 5-or-4 decision: fitting, the shipped file, their reasons in a grade,
the rules without them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interviewer import flag_model, grade_table
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.models import STAR_PARTS, Specificity, StarPart

GUIDE = Path(__file__).resolve().parent.parent / "corpus" / "senior-data-engineer-ai-round-guide.md"
GENERIC = ("I usually try to make sure pipelines are reliable. In general you should test things and talk to "
           "people. It depends on the situation, but best practices matter and I would always keep an eye on things.")
STORY = ("At my last company our nightly Airflow load into Snowflake failed twice a week. My job was to make it "
         "reliable. I added retries, a sensor for late files and dbt tests on the keys. As a result failures went "
         "from two a week to zero and the runtime dropped from 3 hours to 40 minutes.")


def _answers(seed: int, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Answers whose vagueness follows how many sentences tell a story (column 1), with noise elsewhere."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(flag_model.FEATURES["vague"])))
    x[:, 1] = rng.integers(0, 6, size=n)
    return x, (x[:, 1] < 2).astype(float)


def test_features_follow_the_declared_order() -> None:
    x = flag_model.vague_features(99, 3, 1, 0, 2, True, 4, 5.5, [9.0, -1.0, 0.5, -9.0], 2, False)
    assert len(x) == len(flag_model.FEATURES["vague"])
    named = dict(zip(flag_model.FEATURES["vague"], x))
    assert named["log_words"] == pytest.approx(np.log(100))
    assert named["story_sentences_upto_2"] == 2 and named["too_short"] == 1.0
    assert named["situation_logit"] == 6.0 and named["result_logit"] == -6.0  # clipped


def test_fit_learns_the_rule_behind_the_labels_and_is_deterministic(tmp_path: Path) -> None:
    x, y = _answers(0)
    model = flag_model.fit("vague", x, y, c=1.0, embedding_model="m")
    test_x, test_y = _answers(1)
    predicted = np.array([model.probability(row) >= 0.5 for row in test_x])
    assert (predicted == test_y.astype(bool)).mean() >= 0.95
    again = flag_model.fit("vague", x, y, c=1.0, embedding_model="m")
    assert np.array_equal(model.weights, again.weights)
    path = tmp_path / "vague.json"
    path.write_text(flag_model.to_json([model]), encoding="utf-8")
    loaded = flag_model.load("vague", "m", path)
    assert loaded is not None and loaded.probability(test_x[0]) == pytest.approx(model.probability(test_x[0]), abs=1e-5)
    assert flag_model.load("vague", "other", path) is None
    assert flag_model.load("rambling", "m", path) is None
    with pytest.raises(ValueError):
        flag_model.fit("vague", np.zeros((0, len(flag_model.FEATURES["vague"]))), np.zeros(0), c=1.0)


def test_shipped_models_match_this_embedder_and_were_fitted_on_training_splits_only() -> None:
    for flag in ("vague", "rambling", "five", "covered"):
        assert flag_model.load(flag, get_embedder().name) is not None
        assert flag_model.load(flag, "another-model") is None
    data = json.loads(flag_model.MODEL_FILE.read_text(encoding="utf-8"))
    assert {f: m["features"] for f, m in data["flags"].items()} == {f: list(v) for f, v in flag_model.FEATURES.items()}
    assert all(entry.startswith(("evals/tune", "evals/coverage/tune")) for entry in data["fitted_on"])


def test_grade_explains_a_learned_vague_flag_and_falls_back_to_the_literal_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(GUIDE)
    learned = Grader(guide, get_embedder())
    generic = learned.grade("Q14", GENERIC)
    assert "vague" in generic.red_flags and generic.overall == 2
    assert any("learned score" in r and "tell what happened" in r for r in generic.reasons)
    assert "vague" not in learned.grade("Q14", STORY).red_flags
    monkeypatch.setattr(flag_model, "load", lambda *args, **kwargs: None)
    literal = Grader(guide, get_embedder())
    generic = literal.grade("Q14", GENERIC)
    assert "vague" in generic.red_flags
    assert any("no concrete example, numbers or named tools" in r for r in generic.reasons)
    assert "vague" not in literal.grade("Q14", STORY).red_flags


WANDERING = (
    "so um yeah when a job fails at night um that is a good question and basically you know i think the night "
    "jobs are like really important and um at my old job we had like a lot of airflow jobs at night and you know "
    "some of them failed at like two am and basically i got paged and um i think the main thing is like you "
    "have to you know look at the logs and um actually that reminds me of when we moved offices which was a whole "
    "thing but anyway um yeah so basically you just like rerun the failed job and you know tell people in the "
    "morning and um make sure that things are working and stuff like that and um yeah i think that is basically "
    "it you know night jobs fail and you have to look at the logs and rerun them and stuff"
)


def test_rambling_is_learned_and_explained_with_its_measurements(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(GUIDE)
    grade = Grader(guide, get_embedder()).grade("Q14", WANDERING)
    assert "rambling" in grade.red_flags and grade.flag_evidence["rambling"] in WANDERING
    assert any("rambling (learned score" in r and "filler words per 100" in r for r in grade.reasons)
    assert "rambling" not in Grader(guide, get_embedder()).grade("Q14", STORY).red_flags
    monkeypatch.setattr(flag_model, "load", lambda *args, **kwargs: None)
    rules = Grader(guide, get_embedder()).grade("Q14", WANDERING)
    assert not any("learned score" in r for r in rules.reasons if r.startswith(("- capped", "· also")))


SHORT_TALK = (  # about 110 words, one in nine a filler: too short to ramble, whatever the learned score says
    "um yeah so for late data i mean you basically um you just wait a bit right and like um you set up some kind of "
    "check and um if the file is not there you know you like retry it later and um you tell the people who own the "
    "source i guess and like you make sure the dashboard says it is stale and um yeah you kind of keep an eye on "
    "it and um that is pretty much it honestly like it depends on the team and um like the tools you have but yeah "
    "um that is basically how i would um you know handle it"
)


def test_an_answer_under_the_talk_floor_does_not_ramble_whatever_its_learned_score() -> None:
    grader = Grader(load_guide(GUIDE), get_embedder())
    a = grader.analyse("Q9", SHORT_TALK)
    assert a.seg.word_count < grader.params["ramble_talk_words"]
    model = flag_model.load("rambling", get_embedder().name)
    score = model.probability(flag_model.rambling_features(
        a.seg.word_count, a.repeat_share, a.filler_density, a.digressions, a.signposts, a.generic_sentences,
        a.told_sentences, 0))
    assert score >= flag_model.THRESHOLD  # the model alone would call it rambling
    assert grader._rambling_chance(a, {}, grader.params) is None  # the floor: not asked, and not in doubt
    assert "rambling" not in grader.grade("Q9", SHORT_TALK).red_flags


SPECIFIC = (
    "At a food delivery company I owned the nightly Airflow load of order events into Snowflake, and it failed "
    "about twice a week, so the finance team often started the day without yesterday's revenue. My job was to make "
    "the load reliable before the quarter-end close, and the head of finance asked me to own it end to end. I traced "
    "the failures to late partner files and duplicate events after retries. I added a sensor that waits for the "
    "partner files, made the load idempotent with a MERGE on the event key, and put dbt tests on keys and row "
    "counts, with a Slack alert to the on-call channel when a test fails. I also wrote a short runbook so anyone on "
    "call could rerun a day safely. Over the next three months failures went from two a week to one in the whole "
    "quarter, the runtime dropped from 3 hours to 40 minutes, and finance closed the quarter two days earlier than "
    "the year before."
)
PLAIN = (
    "At a food delivery company I looked after the nightly load of order events into the warehouse, and it "
    "failed now and then, so the finance team sometimes started the day without yesterday's revenue. My job was to "
    "make the load reliable before the quarter-end close, and the head of finance asked me to own it end to end. I "
    "traced the failures to late partner files and duplicate events after retries. I added a check that waits for "
    "the partner files, made the load safe to rerun, and put tests on the keys and the row counts, with an alert "
    "to the on-call channel when a test fails. I also wrote a short runbook so anyone on call could rerun a day "
    "safely. After that the load became much more dependable, the team stopped firefighting in the mornings, and "
    "finance was happy with how the close went at the end of that quarter."
)


def test_five_features_follow_the_declared_order() -> None:
    x = flag_model.five_features(3, 0, True, 0.5, 200, 9.0)
    named = dict(zip(flag_model.FEATURES["five"], x, strict=True))
    assert named["tools"] == pytest.approx(np.log1p(3)) and named["numbers"] == 0.0
    assert named["measured_result"] == 1.0 and named["main_points_share"] == 0.5
    assert named["log_words"] == pytest.approx(np.log(200)) and named["result_logit"] == 6.0  # clipped


def test_a_complete_answer_earns_5_by_the_learned_score_and_its_reason_names_the_measurements(
        monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(GUIDE)
    learned = Grader(guide, get_embedder())
    specific, plain = learned.grade("Q14", SPECIFIC), learned.grade("Q14", PLAIN)
    assert all(part.present for part in specific.star.values()) and all(part.present for part in plain.star.values())
    assert 150 <= plain.word_count <= 450
    assert specific.overall == 5
    assert any(r.startswith("+ 5: specific (learned score") and "measured result" in r for r in specific.reasons)
    assert plain.overall == 4
    assert any(r.startswith("- stays at 4: lacks the specifics of a 5 (learned score") and "0 number(s)" in r
               for r in plain.reasons)
    # The length stays SCHEMA's rule, whatever the score.
    parts = {p: StarPart(present=True, evidence=["x"]) for p in STAR_PARTS}
    spec = Specificity(numbers=["40 minutes"], tools=["Airflow"], measured_result=True)
    for words, expected in ((600, 4), (300, 5), (120, 4)):
        grade, reasons = grade_table.overall(parts, True, "on topic", spec, 1.0, ["a"], {}, words, 0,
                                             learned.params, {"vague": "", "rambling": ""}, five=0.99)
        assert grade == expected
        assert expected == 5 or any("length" in r for r in reasons)
    monkeypatch.setattr(flag_model, "load", lambda *args, **kwargs: None)
    rules = Grader(guide, get_embedder())
    assert rules.grade("Q14", SPECIFIC).overall == 5
    assert any(r.startswith("+ 5: specific (") and "learned" not in r for r in rules.grade("Q14", SPECIFIC).reasons)
    assert any("lacks specifics (tools, numbers and a measured result)" in r for r in rules.grade("Q14", PLAIN).reasons)


def test_the_covered_bar_is_where_the_model_says_even_odds_and_the_grade_uses_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    similarity = rng.uniform(0.0, 0.8, size=400)
    model = flag_model.fit("covered", similarity[:, None], (similarity > 0.45).astype(float), c=100.0)
    bar = flag_model.similarity_bar(model)
    assert 0.4 < bar < 0.5
    assert model.probability(flag_model.covered_features(bar)) == pytest.approx(0.5, abs=1e-6)
    shipped = flag_model.load("covered", get_embedder().name)
    assert shipped is not None and 0.2 < flag_model.similarity_bar(shipped) < 0.6
    guide = load_guide(GUIDE)
    grade = Grader(guide, get_embedder()).grade("Q14", SPECIFIC)
    best = {point: grade.key_points.evidence[point] for point in grade.key_points.covered}
    assert best and all(quote in SPECIFIC for quote in best.values())
    monkeypatch.setattr(flag_model, "load", lambda *args, **kwargs: None)
    fixed = Grader(guide, get_embedder())
    assert fixed.params["key_point_threshold"] == 0.4
    assert set(fixed.grade("Q14", SPECIFIC).key_points.covered) <= set(grade.key_points.covered)


@pytest.mark.parametrize(("grade", "high", "low", "kept"), [
    (5, 5, 3, 4), (3, 5, 3, 4),  # one borderline part between a 5 and a 3: a 4 either way
    (2, 5, 3, 4), (4, 5, 3, 4),  # decided against the answer or between: the same 4
    (2, 5, 2, 4), (5, 5, 2, 4), (3, 5, 2, 4), (1, 5, 1, 4),  # none within one of both: one below the answer's reading
    (2, 4, 1, 3),
    (4, 4, 3, 4), (5, 5, 4, 5), (2, 2, 2, 2),  # the readings within one already: unchanged
])
def test_hedge_keeps_a_grade_within_one_of_both_readings(grade: int, high: int, low: int, kept: int) -> None:
    overall, why = grade_table.hedge(grade, high, low, {"task": "learned score 0.45"})
    assert overall == kept
    assert (why is None) == (kept == grade)
    if why:
        assert why.startswith(f"± {kept} rather than {grade}: borderline task (learned score 0.45)")
