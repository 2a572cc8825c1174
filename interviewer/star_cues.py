"""The STAR cue patterns: wordings that show a part ("the problem was", "my job was", "I migrated", "cut … by 40%").

`cue_matrix` marks, per sentence, which parts' cues match, with the conventions that go with the words: a result
cue counts only after the first 40% of the answer, a number inside a rule or threshold ("warn if the row count is
50 percent below …") is not an outcome, the closing sentence of a story that says how it ended counts double, and
a cue cut in two where an unpunctuated transcript was split into windows still counts, in the piece where it
starts. `narrative_count` counts sentences that tell what happened (none means no concrete example) and
`first_person` marks sentences that speak as "I".

It only matches text: it does not embed, weigh the cues against prototypes or decide a part (star.py does).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from interviewer.models import STAR_PARTS, StarName
from interviewer.segment import Sentence

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
        r"\b(?:was|is|were|are) (?:all |entirely )?mine\b|"
        r"\b(?:i|which i|that i) (?:own|maintain|look after|run|lead)\b|"
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
        r"(?:on-?call|on call)\b|"
        # the same responsibility in other words: "fixing it was assigned to me", "it landed with me", "supplier
        # ingestion was my area", "the request was for me to deliver", "I worked as data engineer on", "I was the
        # team's senior engineer", "as owner of the dbt project", "it was just me on it", "I ran the migration"
        r"\b(?:was|were|got) (?:assigned|given|handed|delegated|passed|left) to me\b|\b(?:fell|landed|came|was "
        r"left|ended up) (?:with|on|to) me\b|\b(?:was|is) (?:down|up) to me\b|\bmy (?:aim|objective|area|remit|"
        r"patch|brief|ask|focus|charge) (?:was|is|became)\b|\b(?:was|is) (?:my (?:area|patch|baby|domain|"
        r"project|problem to (?:solve|fix))|part of my (?:job|role|remit|work))\b|\bthe (?:ask|request|brief|"
        r"assignment) (?:was|came) (?:for|to) me\b|\bi (?:worked|served|joined|was hired|started) as (?:the |a |an "
        r")?(?:[\w-]+ ){0,2}(?:engineer|lead|developer|architect|owner)\b|\bi was (?:the |a |an )?(?:[\w'-]+ ){0,3}"
        r"(?:lead|owner|architect|engineer)\b|\bas (?:the )?(?:owner|lead|tech lead|maintainer) (?:of|for|on)\b|"
        r"\b(?:it|that|this) was (?:just |only |all )?me on (?:it|that|this)\b|"
        r"\bi (?:ran|spearheaded|championed|headed up|drove) the (?:\w+ )?(?:migration|move|rollout|project|rewrite|"
        r"redesign|evaluation|effort|work|rebuild)\b|"
        r"\bi was (?:doing|handling|leading|driving|running|working on) (?:the|our|this|that|a|an)\b|\bi (?:got|'d "
        r"been|had been) (?:asked|tasked|told|pulled in|brought in)\b|\bi (?:picked up|took on|got) (?:the|this|that|"
        r"our) (?:[\w-]+ ){0,2}(?:work|task|job|ticket|project|story|problem)\b|\bi was one of (?:several|many|a "
        r"handful of|a couple of|only)\b|\bi led (?:[\w-]+ ){0,2}(?:engineering|work|effort|design|team)\b|\bowning "
        r"(?:the|a|this|that|our) (?:[\w-]+ ){0,3}(?:was|fell|came)\b|"
        # and in the passive: "they tasked me with it", "I was put in charge of", "the migration was led by me",
        # "the squad's stories are on me", "the payments pipeline I maintained"
        r"\b(?:tasked|charged|entrusted|trusted) me with\b|\bi was (?:put|placed|left|made) (?:in charge|"
        r"responsible)\b|\b(?:was|were) (?:led|owned|driven|run|handled) by me\b|\b(?:is|are|was|were) "
        r"(?:all |squarely )?on me\b|\b(?:pipeline|platform|system|service|warehouse|squad)s? (?:that )?i (?:led|"
        r"owned|ran|maintained|managed|looked after)\b",
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
