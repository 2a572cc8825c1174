"""Find the four STAR parts (situation, task, action, result) in an answer's sentences.

Each sentence gets a score per part: its cosine similarity to generic prototype sentences of that part
(written here, not taken from any evaluation data) plus a bonus when a cue pattern matches ("the problem was",
"my job was", "I migrated", "cut … by 40%"). A part is present when its best sentence clears the part's
threshold; the sentences that clear it are the evidence, quoted verbatim. Three rules from the labelling
conventions sit on top: an answer with no narrated example (only how-to) has no situation, task or result;
a task must be the candidate's own (a sentence that speaks as "I", never in an answer that blames others); a
result cue counts only after the first 40% of the answer, and outcomes without numbers count ("finance signed
off", "the team adopted it", "we never missed the deadline again"), while a number in a rule or threshold ("warn
if the row count is 50 percent below …") does not. A cue cut in two where an unpunctuated transcript was split
into windows still counts, in the piece where it starts.

With the learned model of star_model.py (fitted with the grader's embedder) the model's sentence logits replace
these scores and a part is present when its answer-level logit is at least 0; the prototypes and cues are then
among the model's features, and the conventions above still apply. The thresholds remain for other embedders.

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
    r"(?:built|wrote|rewrote|set up|setup|set|migrated|designed|implemented|added|created|introduced|ran|moved|"
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

_SPOKEN = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|a third|a quarter|a fifth)\b"
)
"""Numbers as a transcript spells them: a result is measured whether it reads "4" or "four"."""

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
        r"\bmy (?:job|role|task|responsibility|goal|mandate|assignment|part|mission|brief|call) (?:was|is)\b|"
        r"\bi was (?:asked|tasked|responsible|assigned|brought in|given|expected|supposed|in charge|the (?:lead|"
        r"owner|tech lead|on-?call|only|point person)|leading|hired|on call|accountable)\b|"
        r"\bi was (?:an? )?(?:owner|lead) of\b|\bi was the (?:\w+ ){0,3}"
        r"(?:engineer|lead|owner|developer|architect|person|one|senior)\b|\b(?:it|this|that) (?:was|fell) (?:on|to) me\b|"
        r"\b(?:it|this|that) was (?:my (?:job|call|responsibility|incident|project)|on me)\b|\bi (?:owned|took "
        r"(?:ownership|charge|the lead|on)|volunteered|had to|needed to|signed up|set myself)\b|\b(?:asked|told|"
        r"wanted|needed|tasked|hired) me to\b|\bi(?:'d| had) been (?:asked|tasked|given)\b|\bmy (?:manager|lead|"
        r"boss|director|cto|vp) (?:asked|wanted|needed|told) me\b|\bresponsib(?:le|ility) (?:for|was mine)\b|"
        # ownership said outright: "the sprint goal was mine", "a job I maintain", "I led the redesign"
        r"\b(?:was|is) (?:all |entirely )?mine\b|\b(?:i|which i|that i) (?:own|maintain|look after|run|lead)\b|"
        r"\b(?:i|and|then|so i) (?:led|headed|drove) (?:the|a|an|our|this|that|\w+ing)\b|"
        # a role taken or given: "I inherited the job", "that was my story to deliver", "as the senior engineer"
        r"\bmy (?:own |first |main )?(?:job|task|story|assignment|responsibility|mandate|remit|goal)\b|"
        r"\bi (?:inherited|got handed|was handed|picked (?:it|this|that) up|put my hand up|made the call|"
        r"stepped (?:up|in)|ran the (?:whole|entire)|took over)\b|"
        r"\b(?:i'm|im|i am) (?:the|one of the) (?:\w+ ){0,2}(?:senior|lead|owner|engineer|architect|person|one)\b|"
        r"\bi was (?:\w+ )?(?:building|migrating|modell?ing|designing|running|looking after|owning|rebuilding|"
        r"maintaining)\b|\bi was one of (?:the|two|three|four|five|a few|\d+)\b|\bas the (?:senior|lead|only|staff|"
        r"principal|on-?call)\b|\bas (?:a |the )?(?:lead|senior|staff|principal|only) (?:data |analytics |platform )?"
        r"(?:engineer|developer|architect)\b|"
        # work handed over or taken on: "I got the task to make it faster", "I took that on as my project",
        # "the reporting project I led", "he said ok, you are the owner", "I was on the on-call rotation"
        r"\bi (?:got|was given|was handed|picked up) (?:the|this|that|a) (?:task|job|ticket|assignment|project|story)\b|"
        r"\b(?:i|and|so) took (?:it|that|this|them) on\b|\bmy (?:decision|call) to make\b|"
        # a request addressed to the candidate: "our COO asked me for a dashboard", "the director came to me and…"
        r"\b(?:asked|pinged|approached) me for\b|\bcame to me (?:with|and|for|asking)\b|"
        r"\b(?:handed|gave|assigned) me (?:the|this|that|a|an)\b|"
        r"\b(?:project|migration|rollout|redesign|rewrite|initiative|effort|work|rebuild) (?:that )?i "
        r"(?:led|owned|ran|drove)\b|\b(?:you are|you're|made me|put me|named me) "
        r"(?:the |in charge|responsible)(?:owner|lead|in charge)?|\bi was (?:on|in) (?:the|our) (?:\w+ )?"
        r"(?:on-?call|on call)\b",
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
        r"^(?:\w+ )?(?:result|outcome|impact)s?\s*[:,-]|"
        r"\b(?:reduc|cut|improv|increas|decreas|dropp|lower|sav|speed|sped|boost|shrank|shrunk|grew|rose|"
        r"eliminat|halv|doubl|tripl|slash|trimm|fell|went down|went up|brought down|came down)\w*\b[^.]{0,60}?"
        r"(?:\d|percent|half|hours?|minutes?|seconds?|days?|weeks?|x\b|times|third|quarter|noticeabl|"
        r"significant|a lot|a good|" + _SPOKEN + r")|\bwent from\b|\bdown from\b|"
        # spoken or written numbers on both sides of a change: "from four a month to zero"
        r"\bfrom (?:about |around |roughly |over |nearly |almost )?(?:\d|" + _SPOKEN + r")[^.;]{0,30}?\bto (?:about |"
        r"around |under |just |less than |only |barely )?(?:\d|" + _SPOKEN + r"|none|nothing)|"
        r"\binstead of (?:the )?(?:\d|" + _SPOKEN + r")|"
        # deadlines and targets met: "we hit the 8 am deadline", "delivered before the cut-off"
        r"\b(?:hit|met|made|beat|kept|held|meet|meets|meeting|hitting|making) (?:almost |nearly |most of |all of )?"
        r"(?:the|our|every|each|all|its|their) (?:our )?"
        r"(?:[\w-]+ ){0,3}(?:deadlines?|slas?|targets?|dates?|goals?|windows?|cut-?offs?)\b|"
        r"\b(?:before|by|within|ahead of) the (?:[\w-]+ ){0,2}(?:deadline|cut-?off|sla|agreed (?:times?|dates?))\b|"
        r"\bwent out (?:on time|without|clean|every)\b|\b(?:was|were|is|are) (?:now )?live\b|"
        r"\b(?:lifted|raised) [^.]{0,40}?\bby (?:about |around )?(?:\d|" + _SPOKEN + r")|"
        r"\b(?:showed up|arrived|landed|appeared|refreshed|updated|was back|were back)\b[^.]{0,30}?\bwithin\b|"
        r"\bafter (?:about |around )?(?:a few|a couple of|several|" + _SPOKEN + r"|\d+) (?:days|weeks|months|sprints|"
        r"quarters)\b|\b(?:days?|weeks?|months?|sprints?|quarters?) later\b|"
        r"\b(?:didn't|did not|never|haven't|hasn't|have not|has not) (?:miss|missed|lose|lost|fail|failed|break|"
        r"broke|broken) (?:a|an|one|another|any|the|a single)\b|"
        r"\bfrom [$€£]?\d[\w$.,]* (?:\w+ )?(?:to|down to) [\w$.,]+|"
        r"\b(?:no|zero|none of the|fewer) (?:more )?(?:[\w-]+ )?(?:incidents?|"
        r"failures?|outages?|pages|complaints?|errors|issues|data loss|missed|misses|broken|restatements?|escalations?|"
        r"disputes|tickets|surprises|duplicates)|\b(?:nobody|no one) (?:was|got|had to be) (?:\w+ )?(?:paged|woken|"
        r"called)|\b(?:on time|ahead of schedule|within budget|under budget|"
        r"on schedule|as planned|the planned date|the date we (?:promised|agreed))\b|\b(?:were|was|are|is) "
        r"(?:happy|satisfied|pleased|thrilled|fine with)\b|\b(?:became|becoming) (?:the|a|our|something|much|"
        r"more|a lot)\b|\b\d+(?:\.\d+)?\s*(?:x|percent)\b|\btimes faster\b|"
        r"\b(?:haven't|hasn't|never|not) (?:had|failed|missed|seen|broken)[^.]{0,50}since\b|\bsince then\b|"
        r"\b(?:saved|saving|savings)\b|\b(?:adopted|rolled out to|copied|reused)\b|"
        # outcomes stated without numbers: what changed for people or systems once the work was done
        r"^(?:and |so )?(?:after (?:that|this|the (?:\w+ )?(?:change|fix|switch|migration|redesign|rollout|"
        r"launch|rewrite|cutover))|once (?:it|that|this|everything|the \w+) (?:was|were|went|had)|"
        r"when (?:it|we|the \w+) (?:launched|went live|was live|was done|shipped)|from then on|within (?:a|the|"
        r"two|three|a few|a couple of|\w+) (?:weeks?|months?|quarters?|sprints?|days?)|(?:over|in) the (?:next|"
        r"following)|in the (?:\w+ )?(?:year|months?|weeks?|quarters?) (?:after|since|that followed)|by the end "
        r"of)\b|(?<!\bi )(?<!\bit )\bstopped \w+ing\b|\b(?:no longer|never again|went away|disappeared|"
        r"went down (?:quite a bit|a lot|noticeably)|moved over|switched over|(?:lost|missed|broke) no)\b|"
        r"\b(?:liked|loved|appreciated|praised|thanked)\b|\b(?:complaints|calls|questions|pages|alerts|tickets|"
        r"incidents|failures|escalations|emails|errors|firefights?)\b[^.]{0,40}\bstopped\b|\b(?:were|was|are|is) (?:\w+ )?using (?:it|them)\b|"
        r"\bon (?:the )?schedule\b|\bback (?:up |online )?within\b|\bsigned (?:it |them )?off\b|"
        r"\b(?:went|go|going) live\b|"
        # systems back and loads handled: "the dashboard was back in twelve minutes", "it handled the peak"
        r"\b(?:was|were|is|are) (?:all |fully )?back (?:up |online |to normal )?(?:in|within|by|before)\b|"
        r"\b(?:started|began) (?:flowing|working|running|loading|arriving) again\b|\b(?:backlog|queue) was cleared\b|"
        r"\bmade (?:[\w-]+ ){0,3}(?:much |a lot |far )?(?:easier|faster|simpler|cheaper|quicker|more reliable)\b|\bhandled the (?:\w+ )?"
        r"(?:load|peak|traffic|volume)\b|\bwithout (?:anyone|anybody) (?:getting |being )?(?:paged|woken)\b|"
        r"\b(?:was|were|is|are) (?:down|up) by\b|\bdelivered (?:it |them )?(?:in|within|ahead)\b|"
        r"\baccepted (?:it|them|the (?:new|numbers|change|design))\b|"
        r"\b(?:trust(?:ed|s)?|retired|switched off|still (?:use|uses|"
        r"using|running|look))\b(?! to\b)|\bstarted (?:using|trusting|bringing|planning|asking)\b|\b(?:was|were|"
        r"got|became|felt) (?:\w+ )?(?:faster|simpler|quicker|easier|cheaper|more (?:reliable|predictable|"
        r"realistic|stable))\b|\b(?:was|were) (?:delivered|met|hit|resolved)\b",
        re.IGNORECASE,
    ),
}

# A sentence that tells what happened (past tense, a person acting or a state of affairs), as opposed to a
# how-to ("you partition by date", "I would add retries"): an answer with none has no concrete example.
NARRATIVE = re.compile(
    r"\b(?:i|we|they|he|she)(?: \w+ly| then| also| first| just| finally| eventually| all| both| never| had)? "
    r"(?!(?:need|feed|proceed|exceed|succeed|embed|shed|speed)\b)(?:\w{2,}ed|built|wrote|rewrote|set up|met|took|ran|"
    r"made|chose|broke|found|got|sent|did|led|kept|spent|saw|began|brought|went|gave|told|put|split|cut|moved|"
    r"sat|thought|knew|caught|drove|won|lost|shut|dug|hit|left|fought|sold|bought|paid|held|felt|fell|grew|"
    r"came|became|rolled|was|were|had|could not|couldn't|didn't|did not)\b"
    r"|\b(?:there|it|this|that) (?:was|were)\b|\bour \w+(?: \w+)? (?:was|were|had|kept|took)\b"
    # a real, current responsibility told in the present: "the ledger export, which I maintain"
    r"|\b(?:i|which i|that i) (?:own|maintain|look after|am responsible for)\b"
    r"|\b(?:last|that) (?:year|quarter|month|week|summer|winter)\b|\b(?:years?|months?) ago\b",
    re.IGNORECASE,
)
_FIRST_SINGULAR = re.compile(r"\b(?:i|me|my|mine|myself|i'm|im|i'd|i've|ive)\b", re.IGNORECASE)

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


RESULT_FROM = 0.4
"""A result cue counts only in a sentence whose middle lies past this share of the answer's words: an outcome
comes after what was done, and the same words early on ("it had grown to five hours", "QA signed off without
checking") describe the situation."""


CLOSING_OUTCOME = re.compile(
    r"\b(?:early|late|on time|in time|matched|match|launched|shipped|closed|went live|recovered|instead of|got|"
    r"cleared|passed|downloads|had (?:about |over |nearly |roughly )?\d|since|none|no \w+ (?:longer|more|again)|"
    r"dried up|held the|hit \d+ of|stopped seeing|could finally|went (?:way )?down)\b",
    re.IGNORECASE,
)
"""Outcome words that, in the closing sentence of a story, say how it ended ("it launched two weeks early",
"the totals matched within 0.2%", "none caused an incident")."""
_OWN_ACTION = re.compile(r"\b(?:i|we) (?:\w+ly |also |then |first )?" + _PAST + r"\b", re.IGNORECASE)
CLOSING_WEIGHT = 2.0
"""Cue value of a closing outcome: enough on its own, since people end a story with how it turned out."""


def cue_matrix(sentences: Sequence[Sentence]) -> np.ndarray:
    """(n_sentences, 4): 1 where a part's cue pattern matches the sentence (result cues only late, see above).

    The last sentence of a story (three or more sentences, or two of `CLOSING_STORY_WORDS`) that states an outcome
    (a result cue or `CLOSING_OUTCOME`) after the candidate's last narrated step ("I added…", "we moved…"; see
    `closing_tail`) gets `CLOSING_WEIGHT` for result."""
    total = max(sum(s.words for s in sentences), 1)
    out = np.zeros((len(sentences), len(STAR_PARTS)), dtype=np.float32)
    seen = 0
    for i, s in enumerate(sentences):
        middle = (seen + s.words / 2) / total
        seen += s.words
        text = with_lookahead(sentences, i)
        for j, part in enumerate(STAR_PARTS):
            if part != "result" or middle >= RESULT_FROM:
                m = _cue(part, text)
                if m and m.start() < len(s.text):
                    out[i, j] = 1.0
    if len(sentences) >= 3 or (len(sentences) == 2 and total >= CLOSING_STORY_WORDS):
        last = sentences[-1].text
        tail = closing_tail(last)
        if tail != last:  # after a step of the candidate's, "got" and "instead of" still tell the step, not its end
            tail = _STEP_WORDS.sub(" ", tail)
        if len(tail.split()) >= CLOSING_MIN_WORDS and (_cue("result", tail) or CLOSING_OUTCOME.search(tail)):
            out[-1, STAR_PARTS.index("result")] = CLOSING_WEIGHT
    return out


CLOSING_MIN_WORDS = 3
CLOSING_STORY_WORDS = 40
"""Two (merged) sentences of this many words are a story too: short sentences are merged before they are scored."""
_STEP_WORDS = re.compile(r"\b(?:got|instead of|since)\b", re.IGNORECASE)


def closing_tail(text: str) -> str:
    """What a sentence says after its last narrated step of the candidate's own ("… I added a contract test, and
    after that the pages stopped" → "a contract test, and after that the pages stopped"): where a story's outcome
    sits when a transcript or a merged sentence runs the last step and the ending together."""
    last = None
    for last in _OWN_ACTION.finditer(text):
        pass
    return text if last is None else text[last.end():]


_CONDITION = re.compile(
    r"\b(?:if|unless|whenever|such as|e\.g\.|for example|for instance|thresholds?|criteria|"
    r"alert(?:s|ed|ing)? (?:at|on|when|above|below)|warn(?:s|ed|ing)?)\b(?:[^\w,;:()]+[\w'%.-]+){0,12}?[^\w,;:()]*$",
    re.IGNORECASE,
)
"""A clause that sets a rule or a threshold ("warn if the row count is 50 percent below", "criteria such as …
match within 0.5 percent"): a number there describes the check, not how things turned out. Only the twelve words
before the cue are read, since a transcript has no commas to end the clause."""


def _cue(part: StarName, text: str) -> re.Match[str] | None:
    """The first match of the part's cue; a result cue inside a condition or threshold clause does not count."""
    for m in CUES[part].finditer(text):
        if part != "result" or not _CONDITION.search(text, 0, m.start()):
            return m
    return None


LOOKAHEAD_WORDS = 6
"""Words borrowed from the next piece when a sentence ends without punctuation (a transcript cut into windows)."""
_ENDS_SENTENCE = re.compile(r"[.!?;:][\"')\]]*\s*$")


def with_lookahead(sentences: Sequence[Sentence], i: int) -> str:
    """The sentence's text, plus the first `LOOKAHEAD_WORDS` words of the next one when the sentence was cut
    mid-phrase (no closing punctuation): an unpunctuated transcript is cut into windows, and a cue such as
    "i was the | one who led it" must not be lost at the cut. A cue counts only where it starts in the sentence
    itself (see `cue_matrix`)."""
    s = sentences[i]
    if i + 1 >= len(sentences) or _ENDS_SENTENCE.search(s.quote):
        return s.text
    return s.text + " " + " ".join(sentences[i + 1].text.split()[:LOOKAHEAD_WORDS])


def narrative_count(sentences: Sequence[Sentence]) -> int:
    """How many sentences narrate something that happened (see NARRATIVE)."""
    return sum(1 for s in sentences if NARRATIVE.search(s.text))


def first_person(sentences: Sequence[Sentence]) -> np.ndarray:
    """(n_sentences,): 1 where the sentence speaks as "I" (the candidate's own responsibility needs it)."""
    return np.array([1.0 if _FIRST_SINGULAR.search(s.text) else 0.0 for s in sentences], dtype=np.float32)


def part_scores(similarity: np.ndarray, cues: np.ndarray, params: Mapping[str, float],
                singular: np.ndarray | None = None) -> np.ndarray:
    """Prototype similarity plus the cue bonus. A task must be the candidate's own: a sentence that does not
    speak as "I" ("we needed to…", "the goal was…") scores nothing for task."""
    scores = similarity + params["cue_weight"] * cues
    if singular is not None and len(scores):
        scores[:, STAR_PARTS.index("task")] *= singular
    return scores


_STORY_PARTS = ("situation", "task", "result")


def detect(sentences: Sequence[Sentence], scores: np.ndarray, params: Mapping[str, float],
           story: bool = True, how_to: bool = False, blames: bool = False,
           answer_scores: np.ndarray | None = None) -> dict[StarName, StarPart]:
    """The STAR verdict for each part, with up to MAX_EVIDENCE verbatim sentences as evidence.

    With `answer_scores` (the learned model's answer-level logits, star_model.py) a part is present when its
    logit is at least 0 and `scores` are the model's sentence logits; without, a part is present when a
    sentence's score clears the part's threshold in `params`. Without a story (no sentence narrates what
    happened) there is no situation, task or result to find, and the action counts only as a concrete how-to
    (`how_to`: named tools), not from scores alone. An answer that `blames` others takes no ownership, so it
    states no task of the candidate's own."""
    out: dict[StarName, StarPart] = {}
    for j, part in enumerate(STAR_PARTS):
        if blames and part == "task":
            out[part] = StarPart(present=False, reason=f"{_REASON_ABSENT[part]} (blames others instead)")
            continue
        if not story and (part in _STORY_PARTS or not how_to):
            why = "no concrete example: the answer never says what happened"
            out[part] = StarPart(present=False, reason=f"{_REASON_ABSENT[part]} ({why})")
            continue
        if not story:
            out[part] = StarPart(present=True, evidence=[sentences[0].quote],
                                 reason="describes concrete steps as a how-to, naming tools, without a real example")
            continue
        column = scores[:, j] if len(sentences) else np.zeros(0)
        if answer_scores is not None:
            out[part] = _learned_verdict(part, sentences, column, float(answer_scores[j]))
            continue
        threshold = params[f"{part}_threshold"]
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


def _learned_verdict(part: StarName, sentences: Sequence[Sentence], logits: np.ndarray, answer: float) -> StarPart:
    """Present when the answer-level logit is at least 0 (probability 0.5); the evidence is the sentences whose own
    logit is at least 0, best first, or the single best sentence when the part shows only across several."""
    chance = 1 / (1 + np.exp(-answer))
    if answer < 0 or not len(logits):
        return StarPart(present=False, reason=f"{_REASON_ABSENT[part]} (learned score {chance:.2f} < 0.50)")
    order = np.argsort(-logits, kind="stable")
    hits = [int(i) for i in order if logits[i] >= 0][:MAX_EVIDENCE] or [int(order[0])]
    return StarPart(present=True, evidence=[sentences[i].quote for i in sorted(hits)],
                    reason=f"{_REASON_PRESENT[part]} (learned score {chance:.2f} ≥ 0.50)")
