"""Blame read from the whole answer: stance.py's counts, its decision with and without the learned model."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from interviewer import conduct, flag_model, stance
from interviewer.grading import Grader
from interviewer.segment import segment

# Blame with no one damning phrase: others obstruct, the fault has no doer, the candidate's part is cleared.
QUIET_BLAME = (
    "I always raise blockers at stand-up and on the ticket. On a vendor feed at a bank the credentials were supposed "
    "to come from the partnerships team, and they simply never sent them. It was flagged in three stand-ups and was "
    "never actioned, so the sprint goal slipped and it showed up as my story carrying over. Honestly I don't know "
    "what more could have been expected of me; I followed the process to the letter."
)
# Another team's mistake told fairly: what happened, then what the candidate did and owned.
FAIR = (
    "At a travel marketplace the platform team upgraded our Kafka cluster on a Friday evening, and a config change "
    "dropped messages for about 300 hotels for four hours. I was on call, so it was mine to recover. I replayed the "
    "topic from the last good offsets, backfilled the bookings table and had the dashboards right by ten. Then I "
    "paired with the platform engineer on a canary check for upgrades and added a row-count alert on each partition "
    "to our pipeline, which I should have had before. Two later upgrades went through with no data lost, and the "
    "alert caught a partial outage within six minutes the next month."
)


def test_stance_counts_each_way_of_speaking_of_others() -> None:
    found = stance.measure(segment(
        "The platform team refused to enable replication. The runbook was never written. In their infinite wisdom they "
        "chose a shared runner. There's only so much an engineer can do. In hindsight I should have escalated."
    ).sentences)
    assert (found.obstructing, found.fault_passive, found.disparaging, found.disowning) == (1, 1, 1, 1)
    assert found.reflection == 1 and found.owned  # "I should have" is ownership, so no pattern finds blame
    assert found.found is None
    quiet = stance.measure(segment("The report was great. My team shipped it in May.").sentences)
    assert (quiet.obstructing, quiet.fault_passive, quiet.disowning, quiet.disparaging, quiet.deflecting) == (0,) * 5


def test_asides_are_sarcasm_but_the_same_words_in_plain_use_are_not() -> None:
    """0.31: "naturally" and "who knew" count as put-downs only as asides; "nobody's fault" clears everyone."""
    plain = stance.measure(segment(
        "We had two analysts who knew the pricing rules, so dbt suited them. Batch handles late files naturally. "
        "The outage wasn't anyone's fault, and it was no one's fault that the vendor went bust."
    ).sentences)
    assert (plain.disparaging, plain.deflecting) == (0, 0) and plain.found is None
    aside = stance.measure(segment(
        "The vendor renamed the column again, so naturally the load fell over. Who knew a rename could do that?"
    ).sentences)
    assert aside.disparaging == 2
    assert conduct.blames("Honestly it was the vendor's fault")


def test_without_a_model_the_patterns_decide() -> None:
    sentences = segment("It was not my fault, the vendor broke the feed. I restarted it.").sentences
    quote, why, chance = stance.decide(None, None, sentences, [1.0, 1.0], 0.5, 0.0, 12)
    assert quote is not None and "vendor" in quote.quote and why == "blames others" and chance is None
    assert stance.decide(None, None, segment("I fixed the feed.").sentences, [1.0], 1.0, 0.0, 4)[0] is None


def test_the_learned_decision_quotes_the_telling_sentence_and_says_why() -> None:
    """A hand-made model that weighs only others obstructing: one such sentence is enough, and it is quoted."""
    names = flag_model.FEATURES["blame"]
    weights = np.array([4.0 if n == "obstructing" else 0.0 for n in names])
    model = flag_model.FlagModel(flag="blame", weights=weights, bias=-2.0, mean=np.zeros(len(names)),
                                 scale=np.ones(len(names)), embedding_model="test")
    sentences = segment("We built the pipeline in May. The platform team wouldn't give us a runner. "
                        "I wrote the tests anyway.").sentences
    quote, why, chance = stance.decide(model, None, sentences, [0.0, 0.0, 1.0], 0.5, 0.0, 20)
    assert quote is not None and "wouldn't give us a runner" in quote.quote and chance is not None and chance > 0.5
    assert "learned score" in why and "1 of others refusing or failing" in why
    calm = segment("We built the pipeline in May. The platform team gave us a runner. I wrote the tests.").sentences
    assert stance.decide(model, None, calm, [0.0, 0.0, 1.0], 0.5, 0.0, 20)[:2] == (None, "")
    # forced either way, as the grader's hedge reads a decision in doubt
    assert stance.decide(model, None, calm, [0.0, 0.0, 1.0], 0.5, 0.0, 20, reading=True)[0] is not None
    assert stance.decide(model, None, sentences, [0.0, 0.0, 1.0], 0.5, 0.0, 20, reading=False)[0] is None


def test_quiet_blame_is_found_by_the_shipped_model_and_not_by_the_patterns(grader: Grader) -> None:
    if grader._index().flags.get("blame") is None:
        pytest.skip("no shipped blame model for this embedder")
    g = grader.grade("Q8", QUIET_BLAME)
    assert "blame" in g.red_flags and g.overall <= 2
    assert g.flag_evidence["blame"] in QUIET_BLAME
    patterns_only = Grader(grader.guide, grader.embedder)
    index = grader._index()
    patterns_only._index_cache = replace(index, flags={k: v for k, v in index.flags.items() if k != "blame"})
    assert "blame" not in patterns_only.grade("Q8", QUIET_BLAME).red_flags


def test_another_teams_mistake_told_fairly_is_not_blame(grader: Grader) -> None:
    g = grader.grade("Q17", FAIR)
    assert "blame" not in g.red_flags, g.reasons
    assert g.overall >= 4


# A colleague's mistake told as the candidate's burden (0.30; my own words): the same incident as FAIR, told so.
JUNIOR_BLAMED = (
    "At a travel marketplace one of the new joiners changed the Kafka consumer config on a Friday and never ran "
    "the integration tests, so we dropped messages for about 300 hotels for four hours. I was the one who got "
    "paged, and I spent my whole evening fixing his mistake: I replayed the topic from the last good offsets and "
    "backfilled the bookings table, and the dashboards were right by ten. None of this would have happened if the "
    "juniors followed the release checklist."
)


def test_a_colleagues_mistake_made_the_candidates_chore_is_blame(grader: Grader) -> None:
    g = grader.grade("Q17", JUNIOR_BLAMED)
    assert "blame" in g.red_flags and g.overall <= 2, g.reasons
    assert g.flag_evidence["blame"] in JUNIOR_BLAMED


def test_blame_in_doubt_costs_one_grade_on_either_side_of_even_odds(grader: Grader) -> None:
    """A blame model whose score sits at 0.5 for this strong answer: read both ways the answer earns 4 or more, and
    2, so no grade is within one of both; it gets one below the answer's reading, just over even odds (flagged) and
    just under (not), and the reason says the blame decision is borderline."""
    clear = grader.grade("Q17", FAIR).overall
    assert clear >= 4
    over, under = (_with_blame_score(grader, logit).grade("Q17", FAIR) for logit in (1e-3, -1e-3))
    assert "blame" in over.red_flags and "blame" not in under.red_flags
    assert over.overall == under.overall == clear - 1
    assert any("borderline" in r and "blame" in r for r in over.reasons), over.reasons
    if clear == 5:
        assert any("a doubt costs one grade at most" in r for r in over.reasons), over.reasons


@pytest.mark.parametrize("past_edge, hedged", [(-0.05, True), (0.1, False)])
def test_blame_is_in_doubt_only_within_the_borderline_width(grader: Grader, past_edge: float, hedged: bool) -> None:
    """Blame's band of doubt is `blame_borderline_logit` wide on the logit scale (1.25: scores 0.22-0.78), wider
    than the STAR parts' and rambling's `borderline_logit` (0.75), since blame caps a grade at 2: a blame score just
    inside it costs the strong answer one grade, one just past it caps it at 2 with no hedge."""
    assert grader.params["blame_borderline_logit"] > grader.params["borderline_logit"]
    clear = grader.grade("Q17", FAIR).overall
    g = _with_blame_score(grader, grader.params["blame_borderline_logit"] + past_edge).grade("Q17", FAIR)
    assert "blame" in g.red_flags and g.overall == (clear - 1 if hedged else 2), g.reasons
    assert any("borderline" in r for r in g.reasons) == hedged, g.reasons


def _with_blame_score(grader: Grader, logit: float) -> Grader:
    """A grader whose blame model gives every answer the same score (this logit); the rest as shipped."""
    index = grader._index()
    if index.flags.get("blame") is None:
        pytest.skip("no shipped blame model for this embedder")
    names = flag_model.FEATURES["blame"]
    fixed = flag_model.FlagModel(flag="blame", weights=np.zeros(len(names)), bias=logit, mean=np.zeros(len(names)),
                                 scale=np.ones(len(names)), embedding_model=grader.embedder.name)
    out = Grader(grader.guide, grader.embedder)
    out._index_cache = replace(index, flags={**index.flags, "blame": fixed})
    return out
