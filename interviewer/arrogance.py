"""Arrogance in an answer: boasting, superiority, talking down to others or to the question, found in one sentence.

Pattern-based and deterministic, like conduct.py: stock phrases ("I knew better", "nobody else could") and
classes of superiority in general terms ("better at Spark than anyone", "which most people don't", "sprints are
for people who…"), written from the labelled sentences of evals/tune/sentences.jsonl and the training splits'
answers. The finding is the sentence, so the grader can quote it. Where the grader has joined short pieces told on
separate lines into one sentence (an answer and its follow-up), the phrase must lie within one line: "the other team
kept breaking things" and the next turn's "I don't know" are not "the other team … don't know".
evals/arrogance/passages.jsonl measures it at its boundary (scripts/eval_passages.py); classes written from that
file did not carry over and were not kept.

It does not decide the grade: an arrogant answer is capped by the grader.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer import spelling
from interviewer.segment import Sentence, clean, mask_hidden

ARROGANCE = re.compile(
    r"\b(?:i'm|i am) (?:usually |always |easily |by far |clearly )the most (?:senior|experienced)\b|"
    r"\bthe most (?:senior|experienced) (?:person|one|engineer) in (?:the|any|every) room\b|"
    r"\b(?:i'm|i am|i was) (?:usually |always |easily |by far |clearly )?the (?:best|smartest|most "
    r"(?:skilled|knowledgeable))\b|\bi (?:knew|know) better\b|\b(?:obviously|of course|as "
    r"usual|as always),? i was right\b|\bi was right,? (?:obviously|of course|as usual|as always)\b|"
    r"\banyone who (?:has to ask|asks|needs to ask|doesn't (?:know|get))\b|\bstuck in the (?:past|stone age|"
    r"nineties|\d0s)\b|\bmore \w+ than (?:most|any|all) (?:people|engineers|of (?:you|them))\b|"
    r"\bi don't (?:even |really )?need to (?:justify|explain|prove)\b|"
    r"\bonly i (?:could|knew|understood|can)\b|\bonly one who (?:could|can) (?:\w+ )?(?:fix|do|handle|understand|"
    r"solve) (?:it|this|that|anything)\b|\bi (?:single-?handedly|alone) (?:saved|fixed|built|did)\b|"
    r"\b(?:nobody|no one|none of them) (?:could|knew|understood|was able)\b[^.]{0,40}\b(?:but|except|apart from) me\b|"
    r"\bi (?:never|don't) make mistakes\b|\bi (?:always|already) know (?:best|better|everything)\b|"
    r"\b(?:obviously|clearly) (?:i was|i am|i'm) right\b|\b(?:trivial|easy|child's play) for (?:me|someone like me)\b|"
    r"\bi don't need (?:help|to (?:ask|listen|test))\b|\b(?:way|much) (?:smarter|better) than (?:them|everyone|"
    r"the others|my (?:team|colleagues|manager))\b|\bi'm a (?:genius|rockstar|ninja|10x)\b|"
    r"\bi (?:basically |pretty much )?carried (?:the|that|my|our|this) (?:\w+ )?(?:team|project|company|migration)\b|"
    r"\bthey (?:should|could) (?:just )?(?:learn|listen) (?:from|to) me\b|\bi'm (?:usually|always|almost always) right\b|"
    r"\bi'm never wrong\b|\b(?:most|other|the other) (?:engineers|people|developers|teams?) (?:just )?(?:don't|do not|"
    r"can't|cannot) (?:understand|get)\b|\bnobody else can\b|\bany (?:decent|competent|good|real|half-decent) "
    r"(?:engineer|developer|data engineer)s? (?:should|would|knows|can)\b|\bi (?:just )?overruled\b|"
    r"\bi don't (?:even |really )?need (?:to )?(?:run |do )?(?:a |the |any )?(?:benchmarks?|tests?|spark ui|help|"
    r"anyone|to ask|to check|to measure)\b|\bis for people who\b|\bobviously (?:better|superior|the right)\b|"
    r"\bbehind the times\b|\b(?:they|people|teams?) (?:probably |just )?(?:don't|do not) understand\b|"
    r"\b(?:is|was) (?:trivial|easy|simple), (?:honestly|frankly|really)\b",
    re.IGNORECASE,
)
# Superiority and dismissal in general terms ("sprints are for people who…", "this is a solved problem",
# "I know better than the product owner"). Written from the classes of arrogance in evals/tune/sentences.jsonl.
_SUPERIORITY_FORMS = (
    (r"\b(?:is|are|were|was|mostly|really|just|basically|kind of|kinda) (?:\w+ ){0,2}for "
     r"(?:people|teams|managers|analysts|juniors|amateurs|beginners|folks) (?:who|that|"
     r"with)\b"),
    r"\bfor (?:amateurs|juniors|beginners)\b",
    r"\btraining wheels\b",
    r"\b(?:is|are) (?:a |just a |basically a )?(?:toy|theatre|theater)\b",
    r"\b(?:know|knew|knows) better than\b",
    (r"\b(?:is|are|was|were|end up|ended up) (?:usually |always |often |much |way |a lot "
     r")?better than (?:what )?(?:the|most|my|everyone|anyone|theirs|others?)\b"),
    (r"\b(?:i'm|im|i am|i was|i'd be) (?:probably |easily |clearly |honestly |by far )?(?:the "
     r"(?:best|strongest|smartest)|one of the (?:few|best|strongest)|overqualified|wasted)\b"),
    r"\bforgotten more\b",
    r"\b(?:faster|smarter|quicker) than (?:the people|everyone|anyone|most)\b",
    r"\bas (?:fast|good|smart) as i am\b",
    (r"\bmy (?:code|stuff|designs?|solutions?|architecture|pipelines|instincts)\b[^.]{0,30}\b(?:is|"
     r"are|was|were|usually|always|just) (?:\w+ )?(?:right|better|works?|fine|built right|"
     r"the only)\b"),
    (r"\bi (?:just )?(?:don't|dont|do not|never) (?:really )?make (?:those|that kind of|"
     r"these|such) (?:\w+ )?mistakes\b"),
    (r"\b(?:question|this|that) is (?:a bit |pretty |kind of |rather |quite )?(?:basic|"
     r"beneath|for juniors)\b"),
    (r"\b(?:is|was|are) (?:pretty |really |just |basically |kind of )?(?:trivial|beneath|"
     r"overhyped|a solved problem)\b"),
    r"\bin my sleep\b",
    r"\bin a (?:weekend|couple of (?:days|weeks|months))\b[^.]{0,20}$",
    r"\bby myself in\b",
    r"\bsurprised (?:people|anyone|teams) still\b",
    r"\brather not explain\b",
    r"\b(?:don't|dont) see the point of\b",
    r"\b(?:waste of time|pointless|noise) (?:for|when) (?:someone|me|i'm|youre|you're)\b",
    r"\bat my level\b",
    r"\bmy home turf\b",
    r"\bwhere i (?:usually |really )?shine\b",
    r"\bcomes? naturally to me\b",
    (r"\b(?:most|other|the other) (?:people|engineers|data engineers|teams?|seniors|stakeholders|"
     r"analysts|developers|managers)\b[^.]{0,40}\b(?:don't|dont|do not|can't|cant|aren't|"
     r"arent) (?:really )?(?:understand|know|get|paying attention)\b"),
    (r"\b(?:they|he|she|people|engineers|developers|analysts|colleagues|juniors|(?:their|his|her) "
     r"(?:code|work|sql|skills?)) (?:were|was) (?:pretty |really |all )?(?:weak|mediocre)\b"),
    r"\bnobody else (?:in|there|at|on) \w+\b[^.]{0,30}\bcould\b",
    r"\bpadding their (?:cvs?|resumes?)\b",
    r"\bthe only one in\b",
    (r"\b(?:i )?(?:don't|dont|do not) (?:really )?need (?:code reviews?|a runbook|runbooks|"
     r"documentation|a stand-?up|tests|a mentor|to prepare)\b"),
    r"\b(?:any|every) (?:competent|serious|decent|good) (?:engineer|developer|person)\b",
    r"\banyone (?:whos |who's |who is )?serious\b",
    r"\breal engineers\b",
    r"\bif you (?:actually|really) know what you'?re doing\b",
    # boasting and dismissal as tune4/tune5 writers put it: "better at Spark than anyone", "second nature",
    # "people realise I'm right", "not very technical", "most people don't"
    r"\bbetter at (?:\w+ ){1,3}than (?:anyone|anybody|everyone|most|all)\b",
    r"\b(?:usually|always) the only one\b",
    (r"\b(?:realiz|realis|see|saw|learn|admit)\w* (?:that )?(?:i'm|im|i am|i was) (?:right|correct)\b|\b(?:usually|"
     r"almost always|always) (?:i'm|im|i am) right\b"),
    (r"\b(?:they|he|she|people|analysts|engineers|developers|juniors|colleagues|others|ones) (?:\w+ ){0,3}(?:were|are|"
     r"was|is) (?:frankly |honestly |just |simply )?not (?:very |that |really |particularly )?(?:technical|smart|"
     r"competent|capable|bright)\b"),
    (r"\b(?:i'm|im|i am) (?:usually |normally |always |probably )?(?:the (?:\w+est|best|most \w+) (?:one|person|"
     r"engineer|developer)|a natural leader)\b|\bevery project i'?ve (?:led|touched|owned) (?:has been|was) a "
     r"success\b|\bdon't know any better\b|\bnever had to think twice\b"),
    r"\bsecond nature\b|\b(?:basically |pretty much )?mastered\b|\bamateurs?\b|\bseen through\b",
    (r"\bi(?:'ve| have)? (?:basically |single-?handedly |practically |literally |really |actually |just |pretty much "
     r")?saved (?:my|the|our) (?:team|company|project)\b|\bthe (?:\w+est|best) (?:person|one|"
     r"engineer) in the room\b"),
    r"\b(?:good|real|decent|competent|serious) engineers (?:can|don't|do not|know|would|should)\b",
    (r"\b(?:people|others|most people|my colleagues|the others)\b[^.]{0,25}\b(?:don't|do not|never) (?:really )?"
     r"take ownership\b|\bat the scale i have\b|\bnever met an? (?:\w+ ){1,2}i (?:couldn't|could not|can't)\b"),
    (r"\b(?:which|that),? (?:to be fair |honestly |frankly )?most (?:people|engineers|developers|teams) (?:don't|"
     r"do not|can't|cannot)\b"),
    r"\b(?:don't|doesn't|never) (?:really )?happen (?:on|with|in) my\b",
    r"\b(?:i'm|im|i am) (?:rarely|never|hardly ever|seldom) wrong\b",
    r"\bone of the most \w+ (?:people|engineers|persons?) (?:on|in|at) (?:any|every|the)\b",
    r"\bcarr(?:y|ying|ied) the (?:others|rest|team)\b",
    r"\bif (?:people|they|others|everyone|the others) (?:knew|understood) what they were doing\b",
    r"\banyone (?:\w+ ){1,6}(?:doesn't|does not|don't) (?:really )?(?:understand|know|get)\b",
)
SUPERIORITY = re.compile("|".join(_SUPERIORITY_FORMS), re.IGNORECASE)
"""An answer with one of these reads as arrogant (with or without ARROGANCE's stock phrases)."""


NOBODY_ELSE = re.compile(r"\b(?:nobody|no one|none of them) else (?:could|knew|understood|was able)\b", re.IGNORECASE)
""""Nobody else could": a boast only where the sentence speaks of the candidate ("…, so I rewrote it"); "she knew
the vendor's quirks, which nobody else knew" credits a colleague."""
_FIRST_PERSON = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|myself)\b", re.IGNORECASE)


def boasts(text: str) -> bool:
    """Whether `text` has one of ARROGANCE's stock phrases or SUPERIORITY's general ones, or NOBODY_ELSE said of
    the candidate."""
    return bool(ARROGANCE.search(text) or SUPERIORITY.search(text)
                or (NOBODY_ELSE.search(text) and _FIRST_PERSON.search(text)))


def find(sentences: Sequence[Sentence]) -> Sentence | None:
    """The first sentence that boasts or talks down (ARROGANCE's stock phrases or SUPERIORITY's general ones), with
    the phrase inside one line of the answer where the sentence spans several."""
    return next((s for s in sentences if boasts(s.text) and ("\n" not in s.quote.strip() or any(
        boasts(spelling.mend_text(clean(mask_hidden(line)))) for line in s.quote.splitlines()))), None)
