"""Evasion: the shapes of a sidestepped question, the answers that only look like one, and what the grader does."""

from __future__ import annotations

import pytest

from interviewer import evasion
from interviewer.grading import Grader
from interviewer.segment import segment

PREMISE_AND_TRAIT = (
    "To be fair I don't really run into conflicts with product owners. I'm a pretty diplomatic person and most "
    "people find me easy to talk to, so things tend to settle themselves. I think keeping a friendly tone is half "
    "the job, and the rest is just listening to what people want from the data."
)
HANDED_OVER = (
    "Honestly I haven't had to deal with that much, because the reliability team takes care of that side of things "
    "where I work. I mostly write the transformations and they keep the cluster healthy. I do think it's an "
    "important topic and I'd like to learn more about it in my next role."
)
STEERS_AWAY = (
    "Hmm, partitioning strategies are fine but I'd rather talk about data contracts, which I think matter much more "
    "these days. Most teams fix problems downstream that should never have been produced upstream, and a contract "
    "between the producer and the consumer stops that before anything lands in the lake."
)
HIGHLIGHTS_ELSE = (
    "right so um what i'd most like to highlight here is my time on the finance reporting team where i was the go to "
    "person for excel macros and i honestly think that adaptability is what you want in a senior hire"
)
PUTS_OFF = (
    "Good question. Could we maybe get back to the streaming part later? I had a long day of interviews and I think "
    "I'd do it more justice after the system design round."
)
OFFERS_ANOTHER = (
    "Lineage is more something our governance people own. Where I have real depth is in cost work on Snowflake, I'm "
    "happy to talk about how we trimmed the warehouse bill instead."
)
PASSING_MENTION = (
    "At a ticketing company our event feed dropped rows during big on-sales. I owned the ingestion, so I added "
    "idempotent writes keyed on the event id and a replay job from the Kafka offsets. After that the problem never "
    "came up again, and reconciliation differences went from about 2% to zero over the next quarter."
)
DISMISSIVE = (
    "Honestly I don't have disagreements much, I get along with everyone because I'm usually right and people see it "
    "pretty quickly. When a newer engineer wanted to rewrite our ingestion in Rust I just told him it was a junior "
    "idea and we kept it my way."
)
PREFERENCE = (
    "I'd rather focus on catching bad data at ingestion than cleaning it up downstream, so I put contract checks on "
    "every source and quarantine what fails them."
)
PARKED_IN_A_STORY = (
    "The backfill was blocking the release, so we parked it and agreed to come back to it later in the quarter."
)
GOES_ON = (
    "I rarely have real disagreements, I'm pretty easy-going, but when one does come up I write both options down "
    "with their costs and we pick one together."
)


@pytest.mark.parametrize("answer", [PREMISE_AND_TRAIT, HANDED_OVER, STEERS_AWAY, HIGHLIGHTS_ELSE, PUTS_OFF,
                                    OFFERS_ANOTHER])
def test_finds_each_shape_of_a_sidestep(answer: str) -> None:
    found = evasion.find(segment(answer).sentences)
    assert found is not None and found.quote in answer


@pytest.mark.parametrize("answer", [PASSING_MENTION, PREFERENCE, GOES_ON, PARKED_IN_A_STORY,
                                    "We don't have manual errors since CI runs the tests."])
def test_a_denial_alone_a_preference_or_a_denial_that_goes_on_is_not_an_evasion(answer: str) -> None:
    assert evasion.find(segment(answer).sentences) is None


def test_sidesteps_only_without_a_story_or_a_flag_that_explains_it() -> None:
    sentences = segment(PREMISE_AND_TRAIT).sentences
    assert evasion.sidesteps(sentences, 1, []) is not None
    assert evasion.sidesteps(sentences, 3, []) is None  # a story of its own answers the question
    assert evasion.sidesteps(sentences, 0, ["arrogance"]) is None  # dismissive answers are labelled on topic
    assert evasion.sidesteps(sentences, 0, ["too_short"]) is None


def test_grader_calls_a_sidestep_off_topic_and_quotes_it(grader: Grader) -> None:
    g = grader.grade("Q19", PREMISE_AND_TRAIT)
    assert not g.on_topic and g.overall == 1, g.reasons
    reason = next(r for r in g.reasons if "off topic" in r)
    assert "sidesteps how you handle disagreements" in reason and "don't really run into conflicts" in reason
    steered = grader.grade("Q12", STEERS_AWAY)
    assert not steered.on_topic and steered.overall == 1, steered.reasons


def test_grader_keeps_a_dismissive_answer_on_topic(grader: Grader) -> None:
    assert evasion.find(segment(DISMISSIVE).sentences) is not None  # the shape is there; arrogance explains it
    g = grader.grade("Q19", DISMISSIVE)
    assert g.on_topic and "arrogance" in g.red_flags and g.overall == 2, g.reasons
