"""How a whole answer speaks of others: the counts the learned blame decision weighs (flag_model.py).

conduct.py finds blame in one sentence, by its patterns. Most writers blame without any one damning phrase: they tell
of others obstructing ("the platform team wouldn't enable it"), of faults no one did ("it was never read"), of their
own part as done or out of their hands ("the design was fine"), with sarcasm or put-downs ("in their infinite
wisdom"), and with no lesson of their own. `measure` counts the sentences that do each, with the patterns' own
finding; `decide` weighs them with flag_model.py's learned blame model (or, without one, keeps the patterns'
finding) and `telling` picks the sentence to quote when the weighing, not a pattern, finds blame. Pattern-based and
deterministic; it does not decide the grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from interviewer import conduct, flag_model
from interviewer.flags import first_match
from interviewer.segment import Sentence

# Written from the misses of the training splits written at blame's boundary (evals/tune10-tune12).
OBSTRUCTING = re.compile(
    r"\b" + conduct.OTHERS + r" (?:\w+ ){0,2}(?:didn't|did not|never|wouldn't|would not|won't|refused|couldn't|weren't|"
    r"wasn't|don't|doesn't|kept|blocked|ignored|overrode|overruled|insisted)\b",
    re.IGNORECASE,
)
"""Others as the subject of a refusal or a failure: "the platform team wouldn't enable it", "they simply didn't"."""
FAULT_PASSIVE = re.compile(
    r"\b(?:was|were|had) never (?:been )?(?:actually |really |properly |even )?"
    r"(?!(?:failed|happened|needed|existed|changed|mattered)\b)(?:[a-z]+ed|read|done|written|given|"
    r"made|taken|seen|run)\b|\b(?:was|were) not (?:actually |really |properly )?(?:read|done|tested|acted on|checked|"
    r"followed|reviewed|finali[sz]ed|fixed)\b|\b(?:was|were|got) (?:put down to|treated as|blamed on|pinned on|"
    r"chalked up to|logged as|written up as)\b|\b(?:went|showed up|ended up) (?:in|into|as) (?:the |an? )?(?:incident|"
    r"post-?mortem|retro|review|my)\b|\bmistakes were made\b|\b(?:made|decided) (?:above|over) my head\b",
    re.IGNORECASE,
)
"""A fault no one did, or one laid on the candidate's side: "it was never read", "put down to engineering"."""
DISOWNING = re.compile(
    r"\bonly so much\b|\bout of (?:my|our) (?:hands|control)\b|\blimit to what\b|\bcan't (?:really )?be (?:held )?"
    r"accountable\b|\bnothing (?:moved|changed)\b|\bstuck with\b|\bnot something (?:i|we|an? \w+) (?:could|can)\b|"
    r"\bhoped for the best\b|\blived with\b|\bnobody asked\b|\b(?:nothing|not much|little) (?:that )?(?:i|we|an? "
    r"(?:data )?engineer|anyone|engineering) (?:could|can)(?: have)? (?:do|done|design|catch)\b|\bwhat more (?:i|we) "
    r"could\b|\bwhat more could\b|\bonly (?:be )?as good as\b|\bdid (?:my|our) (?:part|bit|job)\b|\b(?:wasn't|"
    r"isn't|is not|was not|not) (?:really |entirely )?on (?:me|us)\b|\b(?:upstream|outside) of (?:me|us|engineering)\b|"
    r"\b(?:the|my|our) (?:design|code|pipeline|checks|estimates?|tests?|work|architecture|process) (?:was|were|is|are) "
    r"(?:fine|right|solid|correct|sound|working)\b|\bdespite (?:the team|them|him|her)\b|\bnot (?:really )?fair\b|"
    r"\b(?:wasn't|isn't|weren't) allowed to\b|\bif it had been allowed\b|\baren't things (?:i|we|an? \w+ \w+)\b|"
    r"\bi (?:literally )?told (?:you|them|everyone|my manager)\b|\b(?:had been|was) saying (?:it )?all along\b|"
    r"\bprove[sd]? (?:the|my) point\b|\bhad done what was asked\b|\bwhat i was (?:given|told)\b",
    re.IGNORECASE,
)
"""The candidate's part cleared or given up: "there's only so much we can do", "the design was fine", "I told them"."""
DISPARAGING = re.compile(
    r"\bvery (?:thorough|efficient|helpful|professional)\b|\bgenius\b|\bin (?:their|his|her) (?:infinite )?wisdom\b|"
    # "naturally" and "who knew" as asides ("so naturally the job fell over", "Who knew?"), not as an adverb or a
    # relative clause ("batch handles late data naturally", "analysts who knew SQL")
    r"\bguess who\b|(?:^|[,;:(\u2014]\s*|\b(?:and|but|so|then)\s+)naturally\b|\bof course\b|\bapparently\b|"
    r"\bsurprise,? surprise\b|(?:^|[.!?;:(\u2014]\s*)who knew\b|\bwho knew[?!]|\bbrilliant\b|"
    r"\bpredictably\b|\binevitably\b|\bbless (?:them|him|her)\b|\bwho does that\b|\bwith (?:all )?due respect\b|"
    r"\b(?:clearly|obviously) (?:had no idea|didn't (?:understand|know|care))\b|\b(?:didn't|don't|doesn't) have the "
    r"(?:background|experience|skills)\b|\banyone with (?:any )?experience\b|\bstuck in (?:the|their|his|her) (?:old )?"
    r"ways\b|\bhaven't done (?:their|his|her) homework\b|\b(?:actually|just) do (?:their|his|her|its) (?:jobs?|part)\b|"
    r"\ba joke\b|\bhobby project\b|\bsomehow (?:it's|it was|that was|it became)\b",
    re.IGNORECASE,
)
"""Sarcasm and put-downs of others: "in their infinite wisdom", "bless them", "clearly had no idea"."""
REFLECTION = re.compile(
    r"\b(?:i|we) should have\b|\bin hindsight\b|\blooking back\b|\bi learned\b|\bmy (?:mistake|part|share)\b|"
    r"\bi (?:own|owned)\b|\bon me\b|\bi take\b|\blessons?\b|\b(?:i'd|i would) do differently\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Stance:
    """Counts of sentences, for the learned blame decision; `found` is what the rules alone decide (`blame`)."""

    found: Sentence | None
    deflecting: int
    owned: bool
    told_as_fact: int
    obstructing: int
    fault_passive: int
    disowning: int
    disparaging: int
    reflection: int


def measure(sentences: Sequence[Sentence]) -> Stance:
    """How the answer speaks of others, sentence by sentence (blame set aside not counted)."""
    told = [conduct.NOT_BLAMING.sub(" ", s.text) for s in sentences]
    count = lambda pattern: sum(bool(pattern.search(t)) for t in told)
    return Stance(found=conduct.blame(sentences), deflecting=sum(conduct.blames(s.text) for s in sentences),
                  owned=first_match(conduct.OWNERSHIP, sentences) is not None, told_as_fact=count(conduct.FACTUAL),
                  obstructing=count(OBSTRUCTING), fault_passive=count(FAULT_PASSIVE), disowning=count(DISOWNING),
                  disparaging=count(DISPARAGING), reflection=count(REFLECTION))


def telling(sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence that most shows others blamed, to quote when the learned decision (not a rule) finds blame."""
    patterns = (OBSTRUCTING, FAULT_PASSIVE, DISOWNING, DISPARAGING, conduct.FACTUAL)
    hits = [(sum(bool(p.search(s.text)) for p in patterns), -i, s) for i, s in enumerate(sentences)]
    best = max(hits, default=None, key=lambda h: h[:2])
    return best[2] if best and best[0] else None


def told(found: Stance) -> str:
    """What the counts say, for the grade's reason: "2 sentence(s) of others refusing or failing, 1 of sarcasm"."""
    said = [f"{n} {what}" for n, what in (
        (found.deflecting, "putting the fault on others"), (found.obstructing, "of others refusing or failing"),
        (found.fault_passive, "of a fault no one did"), (found.disowning, "clearing your own part"),
        (found.disparaging, "of sarcasm or put-downs")) if n]
    return f"sentence(s) {', '.join(said)}" if said else "the answer's tone towards others"


def decide(model: flag_model.FlagModel | None, found: Stance | None, sentences: Sequence[Sentence],
           first_person: Sequence[float], ownership: float, result_logit: float, words: int,
           reading: bool | None = None) -> tuple[Sentence | None, str, float | None]:
    """The sentence to quote when the answer blames others (else None), why, and the learned probability. With the
    learned model its probability over the stance decides; without it, the patterns' own finding (and no
    probability). `reading` forces the decision one way, for the grader's hedge of a decision in doubt."""
    if found is None:
        found = measure(sentences)
    chance = None if model is None or not sentences else model.probability(flag_model.blame_features(
        found, len(sentences), first_person, ownership, result_logit, words))
    if reading is not None:
        blames = reading
    else:
        blames = chance >= flag_model.THRESHOLD if chance is not None else found.found is not None
    if not blames or not sentences:
        return None, "", chance
    quote = found.found or telling(sentences) or sentences[0]
    if chance is None:
        return quote, "blames others", None
    return quote, f"blames others (learned score {chance:.2f} ≥ 0.50: {told(found)})", chance
