"""What an answer covers: the reference's main points, matched by meaning, and which question it answers.

A key point counts as covered when some answer sentence's embedding is close to it, whatever the words or
tools: a candidate's own story with other tools covers the same points. The guide's own story (its past-tense
narrative, "Example: …", week-by-week steps) is not required content and is filtered out; for
"Heading: story" bullets only the heading is kept.

On-topic compares the whole-answer vector with every question's profile (the question text and the centroid of
its main points). It is conservative: an answer is off topic only when it is far from the asked question or
a clearly DIFFERENT question fits it better (not one that overlaps the asked one, see `near_questions`).
A story that keeps naming the situation a behavioural question asks about (a disagreement, an incident) answers
it whatever its technical subject (`situation_named`).

Main points (`main_points`) are the reference's section headings, at most eight, each matched with its first
bullet as a gloss; all bullets (`reference_points`) only feed the question's topic profile.

It does not embed text (the caller passes vectors) nor decide the grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from interviewer import lexical
from interviewer.models import KeyPoints, Question
from interviewer.segment import Sentence

_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|step \d+:?|[-*•])\s*", re.IGNORECASE)
_PAREN_TIME = re.compile(r"\s*\((?:first|next|week|weeks|after|day|days|throughout|ongoing|monday|friday)[^)]*\)",
                         re.IGNORECASE)
_STORY_START = re.compile(
    r"^(?:(?:real |another )?example|e\.g\.|for (?:the |our |my )?\w+(?: \w+)? (?:pipeline|project|migration|system|"
    r"platform|dashboard)|in (?:the|our|my) \w+(?: \w+)? (?:pipeline|project|migration|system|calculations)|"
    r"during the|sprint \d|week \d|monday|outcome|result|impact|quantifiable|situation|task|my position|"
    r"teammate's position)\b",
    re.IGNORECASE,
)
_NARRATIVE = re.compile(
    r"\b(?:i|we|he|she|they)(?: \w+ly| also| then| had)? (?:\w+ed|built|wrote|met|took|ran|made|set up|chose|"
    r"broke|found|got|sent|did|led|kept|spent|saw|began|brought)\b|^(?:\w+ed|built|wrote|ran|found|set up)\b",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    text = _PAREN_TIME.sub("", _NUMBERING.sub("", text)).strip(" :-—")
    return re.sub(r"\s+", " ", text)


def reference_points(question: Question) -> list[str]:
    """All the reference's key points (headings and bullets) without the guide's own story: what the question
    is about, for its topic profile."""
    story = " ".join(question.star.get(p, "") for p in ("situation", "task", "result")).lower()
    out: list[str] = []
    for raw in question.key_points:
        point = _tidy(raw)
        if not point:
            continue
        head, sep, rest = point.partition(":")
        if sep and len(head.split()) <= 6 and (_NARRATIVE.search(rest) or re.search(r"\d", rest)):
            point = head.strip()  # "Phased Delivery: I delivered …" -> "Phased Delivery"
        elif _NARRATIVE.search(point) or (story and point.lower() in story):
            continue
        if _STORY_START.match(point) or len(re.findall(r"\w+", point)) < 2:
            continue
        if point not in out:
            out.append(point)
    return out or [_tidy(question.text)]


MAX_MAIN_POINTS = 8
_HEADING = re.compile(r"^\s*(?:\d+[.)]\s*)?\*\*([^*]+?)\*\*:?\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_NUMBERED = re.compile(r"^\s*(?:\d+[.)]\s*\*\*|\*\*\s*(?:\d+[.)]|step \d+\s*:))", re.IGNORECASE)
_STORY_HEADING = re.compile(
    r"^(?:(?:real(?:-world)?|another) )?(?:example|scenario)s?\b|^real(?:-world)? (?:example|scenario|project)|"
    r"^(?:situation|context|business context|outcome|results?|resolution|my position|teammate's position|"
    r"quantifiable impact|before|after|initial state|scaled state|implementation in my projects|where i've used it|"
    r"examples? from (?:my|a) \w+)\b|^\d{1,2}:\d\d|^monday",
    re.IGNORECASE,
)
"""Headings that open the guide's own story: what follows, numbered lists included, is not required content."""
_LABEL_ONLY = re.compile(
    r"^(?:task|my task|my role|impact|business impact|my prioritization|key principle|bottom line|key takeaways?|"
    r"lessons? learned|cost breakdown|benefits|key metrics i track|key configs i tune|structure|architecture|"
    r"high-level architecture|key design principles|handling challenges|side-by-side comparison|star answer|"
    r"answer(?: \(star format\))?)$|\?$",
    re.IGNORECASE,
)
"""Headings that only label or wrap what follows: not a point themselves."""
_RESUMES_STORY = re.compile(r"^(?:action|actions)$", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:first|then|next|finally|also),?\s+(?:i (?:\w+ )?(?:focus|get|think|look)\w* "
                      r"(?:on|into|about|at) (?:the )?)?", re.IGNORECASE)


def _heading_label(label: str) -> str:
    label = re.sub(r"^\s*(?:\d+[.)]|step \d+\s*:)\s*", "", label.strip().rstrip(":"), flags=re.IGNORECASE)
    stripped = _tidy(_LEAD_IN.sub("", label))
    # A heading that begins in lower case names something spelt so ("dbt Tests"); one that lost a lead-in
    # ("First, I look at skew") takes the capital the lead-in had.
    return stripped[:1].upper() + stripped[1:] if label[:1].isupper() else stripped


def main_points(question: Question, limit: int = MAX_MAIN_POINTS) -> tuple[list[str], list[str]]:
    """The reference's MAIN points: (labels to report, texts to match by meaning), at most `limit`.

    The main points are the reference's section headings ("Listen Actively", "Retry Logic"), each matched
    together with its first bullet as a gloss, so a candidate who says it in other words or with other tools
    still covers it. Numbered headings win over unnumbered ones; when the reference has two numbered lists
    ("Choose Batch When" / "Choose Streaming When") they are taken in turn. The guide's own story is not
    required content: example, scenario and STAR-label headings ("Real Example", "Situation", "Key Principle")
    are skipped, and so are numbered headings under them ("Where I've Used It: 1. NCSBN Migration"). A
    reference without headings falls back to its first few bullet points."""
    numbered: list[list[tuple[str, str]]] = []
    plain: list[tuple[str, str]] = []
    in_story = False
    current: tuple[str, str] | None = None
    pending: list[tuple[str, str]] | None = None  # the list the last heading went into, awaiting its gloss
    last_number = 0
    for raw in question.answer.splitlines():
        if m := _HEADING.match(raw):
            label_raw, rest = m.group(1).strip(), _tidy(re.sub(r"[*_`]+", "", m.group(2)))
            label = _heading_label(label_raw)
            numbered_heading = bool(_NUMBERED.match(raw)) or bool(re.match(r"^\s*(?:\d+[.)]|step \d+)",
                                                                             label_raw, re.IGNORECASE))
            pending = None
            if _RESUMES_STORY.match(label_raw.rstrip(":").strip()):
                in_story = False
                continue
            bare = _tidy(re.sub(r"^\s*(?:\d+[.)]|step \d+\s*:)\s*", "", label_raw.rstrip(":"), flags=re.IGNORECASE))
            if _STORY_HEADING.search(bare):
                in_story = True
                continue
            if _LABEL_ONLY.search(bare) or not label:
                continue
            if numbered_heading:
                if in_story:
                    continue
                number = int(re.search(r"\d+", label_raw + raw).group(0)) if re.search(r"\d+", label_raw + raw) else 0
                if not numbered or number <= last_number:
                    numbered.append([])
                last_number = number
                target = numbered[-1]
            else:
                in_story = False
                target = plain
            key = re.sub(r"\s*\([^)]*\)", "", label).lower()
            if any(key == re.sub(r"\s*\([^)]*\)", "", existing).lower() for existing, _ in target):
                continue
            current = (label, rest)
            target.append(current)
            pending = target if not rest else None
        elif pending is not None and (b := _BULLET.match(raw)):
            gloss = _tidy(re.sub(r"[*_`]+", "", b.group(1)))
            if gloss and not _STORY_START.match(gloss):
                pending[-1] = (pending[-1][0], gloss)
            pending = None
    chosen: list[tuple[str, str]] = []
    lists = [g for g in numbered if len(g) >= 3] or numbered  # a two-item aside is not a list of main points
    if lists:
        for i in range(max(len(g) for g in lists)):  # round-robin over the numbered lists
            chosen += [g[i] for g in lists if i < len(g)]
    else:
        chosen = plain
    chosen = chosen[:limit]
    if not chosen:
        points = reference_points(question)[:limit]
        return points, points
    return [label for label, _ in chosen], [f"{label}: {gloss}" if gloss else label for label, gloss in chosen]


TOPIC_POINTS = 8


def topic_points(question: Question, limit: int = TOPIC_POINTS) -> list[str]:
    """A few headline points (short headings first) that say what the question is about, for its topic vector."""
    points = reference_points(question)
    headings = [p for p in points if len(p.split()) <= 7 and "?" not in p]
    return (headings + [p for p in points if p not in headings])[:limit]


def topic_profile(question_vec: np.ndarray, point_vecs: np.ndarray) -> np.ndarray:
    """One unit vector per question: the question and the centroid of its main points, equally weighted."""
    centroid = point_vecs.mean(axis=0) if len(point_vecs) else question_vec
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
    profile = question_vec + centroid
    return profile / max(float(np.linalg.norm(profile)), 1e-9)


def answer_vector(sentence_vecs: np.ndarray, weights: Sequence[int]) -> np.ndarray:
    """The whole answer as the word-weighted mean of its sentence vectors, renormalised."""
    if not len(sentence_vecs):
        return np.zeros(sentence_vecs.shape[1] if sentence_vecs.ndim == 2 else 0, dtype=np.float32)
    w = np.asarray(weights, dtype=np.float32)[:, None]
    v = (sentence_vecs * w).sum(axis=0)
    return v / max(float(np.linalg.norm(v)), 1e-9)


def key_points(points: Sequence[str], sims: np.ndarray, sentences: Sequence[Sentence],
               threshold: float) -> KeyPoints:
    """Covered/missed main points; `sims` is (len(sentences), len(points))."""
    result = KeyPoints()
    for j, point in enumerate(points):
        column = sims[:, j] if len(sentences) else np.zeros(0)
        if len(column) and float(column.max()) >= threshold:
            result.covered.append(point)
            result.evidence[point] = sentences[int(column.argmax())].quote
        else:
            result.missed.append(point)
    return result


_SUBJECT_STOP = frozenset(
    ["what", "when", "where", "which", "while", "with", "your", "have", "that", "this", "they", "there", "about", "time", "tell", "describe", "explain", "design", "would", "does", "into", "from", "data", "pipeline", "pipelines", "engineer", "engineering", "handle", "make", "ensure", "approach", "need", "needs", "choose", "between", "instead", "over", "used"])


def subject_words(text: str) -> set[str]:
    """The content words of a question ("stakeholder", "cost"), plurals folded, for spotting a shared subject."""
    words = (w[:-1] if w.endswith("s") and not w.endswith("ss") else w for w in re.findall(r"[a-z]{4,}", text.lower()))
    return {w for w in words if w not in _SUBJECT_STOP}


NEAR_STD = 1.0
"""Question pairs this many standard deviations above the guide's mean pair similarity overlap."""


def near_questions(profiles: np.ndarray, categories: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """(n, n) True where two questions overlap, so an answer to one may fairly fit the other better.

    Two questions are near when their topic profiles (question text plus reference points) are unusually
    similar for this guide, i.e. at least one standard deviation above the mean similarity of all question
    pairs, or when they sit in the same category and share a subject word ("stakeholder" in "conflicting
    stakeholder expectations" and "disagreements with team members or stakeholders"). The threshold comes from
    the guide itself, so another guide gets its own."""
    n = len(profiles)
    sims = profiles @ profiles.T
    near = np.eye(n, dtype=bool)
    if n > 2:
        pairs = sims[np.triu_indices(n, 1)]
        near |= sims >= float(pairs.mean() + NEAR_STD * pairs.std())
    subjects = [subject_words(t) for t in texts]
    for i in range(n):
        for j in range(i + 1, n):
            if categories[i] == categories[j] and subjects[i] & subjects[j]:
                near[i, j] = near[j, i] = True
    return near


_ASKED_FORMS = (
    (re.compile(r"^how do you\b", re.IGNORECASE), "how you"), (re.compile(r"^how would you\b", re.IGNORECASE), "how you would"),
    (re.compile(r"^what is your\b", re.IGNORECASE), "your"), (re.compile(r"^what do you\b", re.IGNORECASE), "what you"),
    (re.compile(r"^tell me (?:about )?", re.IGNORECASE), ""), (re.compile(r"^(?:describe|explain|give me) ", re.IGNORECASE), ""),
    (re.compile(r"^design\b", re.IGNORECASE), "designing"), (re.compile(r"^why choose\b", re.IGNORECASE), "why you would choose"),
    (re.compile(r"^what if\b", re.IGNORECASE), "what you do if"),
)


def _asked(sentence: str) -> str:
    """One question as a phrase: "How do you estimate story points?" -> "how you estimate story points"."""
    phrase = sentence.strip().rstrip("?.! ")
    for pattern, replacement in _ASKED_FORMS:
        if pattern.search(phrase):
            phrase = pattern.sub(replacement, phrase, count=1).strip()
            break
    phrase = phrase.replace(" do you ", " you ")
    return phrase[:1].lower() + phrase[1:] if not phrase[:2].isupper() else phrase


def question_subject(text: str) -> str:
    """A question turned into a phrase that completes "this answers …": "How do you estimate story points?" ->
    "how you estimate story points". Earlier questions join it ("What if the job failed at 2 AM? How do you fix
    proactively?" -> "what you do if the job failed at 2 AM, and how you fix proactively"); an earlier sentence that
    is not a question sets the scene, in brackets."""
    sentences = [s for s in re.split(r"(?<=[?.!])\s+", text.strip()) if s]
    if len(sentences) < 2:
        return _asked(text)
    questions = [s for s in sentences if s.rstrip().endswith("?")] or sentences[-1:]
    scene = " ".join(s for s in sentences if s not in questions).rstrip("?.! ")
    phrase = ", and ".join(_asked(s) for s in questions)
    return f"{phrase} ({scene})" if scene else phrase


def topic_decision(scores: np.ndarray, asked: int, ids: Sequence[str], min_score: float, margin: float,
                   near: np.ndarray | None = None,
                   subjects: Sequence[str] | None = None) -> tuple[bool, str | None, str]:
    """(on_topic, better_match, reason) from each question's topic score and the asked question's index.

    Off topic when the answer is far from the asked question, or when a clearly DIFFERENT question fits it
    better by `margin`: questions `near` the asked one (overlapping subjects) never count as rivals."""
    own = float(scores[asked])
    others = scores.astype(np.float64)
    others[asked] = -np.inf
    if near is not None:
        others[np.asarray(near, dtype=bool)] = -np.inf
    best = int(others.argmax()) if np.isfinite(others).any() else asked
    lead = float(scores[best]) - own if best != asked else 0.0
    if lead >= margin:
        if subjects is not None:
            why = f"this answers {subjects[best]} ({ids[best]}), not {subjects[asked]} ({ids[asked]})"
        else:
            why = f"fits {ids[best]} better than the asked question"
        return False, ids[best], f"{why} ({scores[best]:.2f} vs {own:.2f})"
    if own < min_score:
        return False, None, f"far from the question (similarity {own:.2f} < {min_score:.2f})"
    return True, None, f"on topic (similarity {own:.2f})"


GENERIC_CONCEPTS = frozenset({"~stakeholder", "~ticket", "~deploy"})
"""Concepts any work story names; they say nothing about which situation it is."""


def situation_named(question: Question, answer: str) -> list[str]:
    """For a behavioral question, the mentions in `answer` of the situation it asks about (a disagreement, a
    priority call, an incident under pressure, from lexical.CONCEPTS). A story that keeps naming that situation
    is an answer to it, whatever technical subject the story is about."""
    if question.kind != "behavioral":
        return []
    asked = {c for c in lexical.concepts(question.text) if c not in GENERIC_CONCEPTS}
    return [c.lstrip("~") for c in lexical.concepts(answer) if c in asked]
