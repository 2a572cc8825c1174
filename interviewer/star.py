"""Find the four STAR parts (situation, task, action, result) in an answer's sentences.

Each sentence gets a score per part: its cosine similarity to generic prototype sentences of that part
(written here, not taken from any evaluation data) plus a bonus when a cue pattern matches ("the problem was",
"my job was", "I migrated", "cut … by 40%"). A part is present when its best sentence clears the part's
threshold; the sentences that clear it are the evidence, quoted verbatim.

It does not embed text (the caller passes vectors), split sentences, or decide the overall grade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

from interviewer.models import STAR_PARTS, StarName, StarPart
from interviewer.segment import Sentence

PROTOTYPES: dict[StarName, tuple[str, ...]] = {
    "situation": (
        "At my previous company we had a nightly pipeline that kept failing and reports were late.",
        "The problem was that our data warehouse could not keep up with the growing data volume.",
        "A couple of years ago our team was running a legacy system that nobody understood.",
        "The context was a migration of our reporting platform to the cloud.",
        "Two teams in the business needed the same data but wanted different things from it.",
        "We were a small data team supporting analysts across the company.",
    ),
    "task": (
        "My job was to fix the pipeline and make it reliable.",
        "I was responsible for the design and delivery of the new platform.",
        "I was asked to lead the migration and own it end to end.",
        "The goal was to cut the runtime and get the data to stakeholders on time.",
        "It was my responsibility to resolve the conflict and agree on a plan.",
        "I owned the ingestion layer and the on-call rotation for it.",
    ),
    "action": (
        "I rewrote the job in Spark and partitioned the tables by date.",
        "I set up automated data quality checks and alerts in the pipeline.",
        "I met with both stakeholders, wrote down their requirements and proposed a compromise.",
        "I built a proof of concept, benchmarked it and rolled it out in stages.",
        "First I traced the root cause, then I deployed a fix and added a test for it.",
        "I broke the work into smaller tickets and scheduled them across two sprints.",
    ),
    "result": (
        "As a result the runtime dropped from six hours to forty minutes.",
        "We reduced cloud costs by thirty percent and saved money every month.",
        "The dashboards were delivered on time and the stakeholders were happy.",
        "Since then we have had no failures and data quality issues went down.",
        "In the end the new process became the standard for the whole team.",
        "It improved query performance by three times and the analysts adopted it.",
    ),
}

_PAST = (
    r"(?:built|wrote|rewrote|set up|setup|migrated|designed|implemented|added|created|introduced|ran|moved|"
    r"refactored|partitioned|configured|deployed|automated|profiled|analy[sz]ed|proposed|organi[sz]ed|"
    r"scheduled|met|talked|spoke|reached out|documented|broke|split|tested|validated|fixed|traced|rolled|"
    r"replaced|switched|tuned|optimi[sz]ed|sat down|pulled|compared|investigated|debugged|escalated|"
    r"negotiated|presented|led|paired|reviewed|started|changed|used|chose|decided|put|made|agreed|gathered|"
    r"mapped|defined|drafted|prototyped|benchmarked|backfilled|monitored|wrapped|cached|indexed|"
    r"restructured|rebuilt|reran|re-ran|triggered|patched|identified|found|noticed|checked|dug|looked|"
    r"worked|ran|kicked off|coordinated|facilitated|explained|convinced|pushed|shipped|launched|released|"
    r"containeri[sz]ed|parallel[il]+zed|batched|streamed|modeled|modelled|sketched|planned|estimated|"
    r"prioriti[sz]ed|delegated|trained|mentored|wrote up|introduced|enforced|instrumented|isolated|"
    r"reproduced|ported|swapped|upgraded|scaled|sharded|compacted|deduplicated|vacuumed|clustered)"
)

CUES: dict[StarName, re.Pattern[str]] = {
    "situation": re.compile(
        r"\b(?:at|in) my (?:last|previous|prior|current|old|first) (?:company|job|role|employer|team|position|"
        r"gig|project)|\b(?:the|our|a) (?:problem|issue|challenge|context|situation|background|pain point)s? "
        r"(?:was|were|is)\b|\bwe (?:had|were|was|used to)\b|\bthere (?:was|were)\b|\b(?:a few|two|three|"
        r"several|some) (?:years|months|weeks) ago\b|\blast (?:year|quarter|month)\b|\bback (?:when|in)\b|"
        r"\bwhen i (?:was|joined|worked|started)\b|\bour (?:\w+ )?(?:pipeline|system|platform|warehouse|"
        r"dashboard|job|team|data|company|client|stakeholders?)s? (?:was|were|had|kept|took|ran|used)\b|"
        r"\b(?:kept|started) (?:failing|breaking|timing out|crashing)|^(?:so |well |and )?(?:at|in|while at|"
        r"during|when i was at|back at) (?:a|an|my|our|one) \w+|\b(?:at|for) (?:a|an) (?:\w+ ){0,3}(?:company|startup|"
        r"firm|bank|retailer|insurer|chain|marketplace|platform|agency|client|team)\b",
        re.IGNORECASE,
    ),
    "task": re.compile(
        r"\bmy (?:job|role|task|responsibility|goal|mandate|assignment|part|mission|brief) (?:was|is)\b|"
        r"\bi was (?:asked|tasked|responsible|assigned|brought in|given|expected|supposed|in charge|the (?:lead|"
        r"owner|tech lead|on-?call|only|point person)|leading|hired|on call)\b|\bi was the (?:\w+ ){0,3}(?:engineer|"
        r"lead|owner|developer|architect|person)\b|\b(?:it|this|that) (?:was|fell) (?:on|to) me\b|\bi (?:owned|took (?:ownership|"
        r"charge|the lead|on)|volunteered|had to|needed to|signed up)\b|\bthe (?:goal|task|ask|objective|"
        r"mandate|target|requirement) (?:was|is)\b|\b(?:it was|that was) (?:on me|my (?:job|call|"
        r"responsibility))|\bwe needed to\b|\bi was the one\b",
        re.IGNORECASE,
    ),
    "action": re.compile(
        r"\b(?:i|we)(?: \w+ly| then| first| also| just| quickly| eventually| finally| ended up)? " + _PAST + r"\b"
        r"|\b(?:first|then|next|after that|so) i\b|\bi (?:went|got|took|gave|brought|drove|did|kept|"
        r"sat|asked|told|suggested|recommended|wrote|spent)\b",
        re.IGNORECASE,
    ),
    "result": re.compile(
        r"\bas a result\b|\bin the end\b|\bend(?:ed)? up\b|\bthe (?:result|outcome|impact|payoff) (?:was|is)\b|"
        r"\b(?:reduc|cut|improv|increas|decreas|dropp|lower|sav|speed|sped|boost|grew|grow|shrank|shrunk|"
        r"eliminat|halv|doubl|tripl|slash|trimm|fell|went down|went up|brought down)\w*\b[^.]{0,60}?"
        r"(?:\d|percent|half|hours?|minutes?|seconds?|days?|weeks?|x\b|times)|\bwent from\b|\bdown from\b|"
        r"\bfrom [\w$.,]+ (?:\w+ )?(?:to|down to) [\w$.,]+|\b(?:no|zero) (?:more )?(?:incidents|failures|outages|"
        r"pages|complaints|errors|issues|data loss|missed)|\b(?:on time|ahead of schedule|within budget|under "
        r"budget)\b|\b(?:were|was) (?:happy|satisfied|pleased|thrilled)\b|\bbecame (?:the|a|our) (?:standard|"
        r"template|default|model|pattern)\b|\b\d+(?:\.\d+)?\s*(?:x|%|percent)\b|\btimes faster\b|"
        r"\b(?:haven't|hasn't|never|not) (?:had|failed|missed|seen)[^.]{0,30}since\b|\bsince then\b|"
        r"\b(?:saved|saving|savings)\b|\b(?:adopted|rolled out to)\b",
        re.IGNORECASE,
    ),
}

DEFAULT_PARAMS: dict[str, float] = {
    "cue_weight": 0.3,
    "situation_threshold": 0.55,
    "task_threshold": 0.55,
    "action_threshold": 0.55,
    "result_threshold": 0.55,
}
MAX_EVIDENCE = 2

_REASON_PRESENT = {
    "situation": "sets the context",
    "task": "states the candidate's own responsibility",
    "action": "describes concrete steps the candidate took",
    "result": "states an outcome",
}
_REASON_ABSENT = {
    "situation": "no sentence sets the context (where, when, what problem)",
    "task": "no sentence says what the candidate was responsible for",
    "action": "no concrete steps the candidate took",
    "result": "no outcome or measured result",
}


def prototype_texts() -> list[str]:
    """All prototypes in a fixed order (part by part), for one embedding call."""
    return [t for p in STAR_PARTS for t in PROTOTYPES[p]]


def part_similarity(vectors: np.ndarray, proto_vectors: np.ndarray) -> np.ndarray:
    """(n_sentences, 4): each sentence's best cosine similarity to each part's prototypes, parts in STAR order."""
    sims = vectors @ proto_vectors.T
    columns, offset = [], 0
    for part in STAR_PARTS:
        k = len(PROTOTYPES[part])
        columns.append(sims[:, offset : offset + k].max(axis=1) if len(vectors) else np.zeros(0, np.float32))
        offset += k
    return np.stack(columns, axis=1).astype(np.float32)


def cue_matrix(sentences: Sequence[Sentence]) -> np.ndarray:
    """(n_sentences, 4): 1 where a part's cue pattern matches the sentence."""
    return np.array([[1.0 if CUES[p].search(s.text) else 0.0 for p in STAR_PARTS] for s in sentences],
                    dtype=np.float32).reshape(len(sentences), len(STAR_PARTS))


def part_scores(similarity: np.ndarray, cues: np.ndarray, params: Mapping[str, float]) -> np.ndarray:
    """Prototype similarity plus the cue bonus."""
    return similarity + params["cue_weight"] * cues


def detect(sentences: Sequence[Sentence], scores: np.ndarray,
           params: Mapping[str, float]) -> dict[StarName, StarPart]:
    """The STAR verdict for each part, with up to MAX_EVIDENCE verbatim sentences as evidence."""
    out: dict[StarName, StarPart] = {}
    for j, part in enumerate(STAR_PARTS):
        threshold = params[f"{part}_threshold"]
        column = scores[:, j] if len(sentences) else np.zeros(0)
        hits = [i for i in np.argsort(-column, kind="stable") if column[i] >= threshold][:MAX_EVIDENCE]
        if hits:
            best = float(column[hits[0]])
            out[part] = StarPart(
                present=True,
                evidence=[sentences[i].quote for i in sorted(hits)],
                reason=f"{_REASON_PRESENT[part]} (score {best:.2f} ≥ {threshold:.2f})",
            )
        else:
            best = float(column.max()) if len(column) else 0.0
            out[part] = StarPart(present=False, reason=f"{_REASON_ABSENT[part]} (best {best:.2f} < {threshold:.2f})")
    return out
