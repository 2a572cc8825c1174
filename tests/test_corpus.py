"""Parsing the guide into questions, documents and deterministic chunks."""

from pathlib import Path

import pytest

from interviewer.corpus import GuideError, chunk_guide, load_guide, parse_guide
from interviewer.settings import DEFAULT_CORPUS

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def guide():
    return load_guide(DEFAULT_CORPUS)


def test_the_guide_has_32_questions_in_9_categories(guide):
    assert [q.id for q in guide.questions] == [f"Q{i}" for i in range(1, 33)]
    assert len(guide.categories) == 9
    assert guide.question("Q6").category == "Agile/Scrum/Jira Understanding"
    assert guide.question("q6").text == "How do you estimate story points?"


def test_behavioural_questions_have_their_star_sections(guide):
    for qid in ("Q16", "Q17", "Q18"):
        q = guide.question(qid)
        assert q.kind == "behavioral"
        assert set(q.star) == {"situation", "task", "action", "result"}
    assert guide.question("Q16").star["task"].startswith('"My task was to reconcile')
    assert "WHERE status = 'completed'" in guide.question("Q17").star["action"]
    assert "30% improvement in operational efficiency" in guide.question("Q18").star["result"]
    # Q19 and Q20 tell their example with other labels: Situation/Outcome, Example Scenario/Outcome.
    assert {"situation", "action", "result"} <= set(guide.question("Q19").star)
    assert {"situation", "action", "result"} <= set(guide.question("Q20").star)
    assert "Key Principle" not in guide.question("Q19").star["result"]


def test_technical_questions_and_key_points(guide):
    q1 = guide.question("Q1")
    assert q1.kind == "technical"
    assert not q1.star
    assert "What problem are you trying to solve?" in q1.key_points
    assert "First, I focus on the Business Context" in q1.key_points
    for q in guide.questions:
        assert q.key_points, q.id
        assert all("**" not in p and len(p.split()) <= 31 for p in q.key_points)
    assert not guide.question("Q1").answer.startswith("**Answer")


def test_non_question_sections_are_documents(guide):
    ids = {d.id for d in guide.documents}
    assert {"walkthrough", "tips", "red-flags", "questions-to-ask"} <= ids
    assert "Blaming Others" in next(d for d in guide.documents if d.id == "red-flags").text
    walkthrough = next(d for d in guide.documents if d.id == "walkthrough")
    assert "Business Context (30 seconds)" in walkthrough.text


def test_chunks_are_deterministic_and_unique(guide):
    a, b = chunk_guide(guide), chunk_guide(load_guide(DEFAULT_CORPUS))
    assert [(c.id, c.content_hash) for c in a] == [(c.id, c.content_hash) for c in b]
    assert len({c.id for c in a}) == len(a)
    assert "Q7:question" in {c.id for c in a}
    assert any(c.id == "doc:tips:0" for c in a)


def test_another_guide_in_the_same_shape_parses():
    g = load_guide(DATA / "mini-guide.md")
    assert g.title == "Platform Engineer Practice Guide"
    assert [q.id for q in g.questions] == ["Q1", "Q2"]
    assert g.question("Q2").kind == "behavioral"
    assert g.question("Q2").star["result"].startswith('"We shipped two weeks late')
    assert "One primary and one secondary each week" in g.question("Q1").key_points
    assert [d.id for d in g.documents] == ["tips"]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("# T\n## 1. A\nno questions here\n", "no questions found", 0),
        ("# T\n## 1. A\n### Q1: Why?\n\n---\n### Q2: How?\nBecause.\n", "Q1 has no answer", 3),
        ("# T\n## 1. A\n### Q1: Why?\nA.\n### Q1: Again?\nB.\n", "duplicate question id Q1", 5),
        ("# T\n## 1. A\n### Q3\nA.\n", "question heading without text", 3),
        ("# T\n### Q1: Why?\nA.\n", "before any '## ' section", 2),
    ],
)
def test_malformed_guides_fail_naming_the_line(text, message, line):
    with pytest.raises(GuideError) as err:
        parse_guide(text, source="bad.md")
    assert message in str(err.value)
    assert err.value.line == line
    if line:
        assert f"bad.md:{line}:" in str(err.value)


def test_a_folder_with_no_guide_is_a_clear_error(tmp_path):
    with pytest.raises(GuideError, match="expected one Markdown guide"):
        load_guide(tmp_path)
