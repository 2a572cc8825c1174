"""How a candidate speaks of others' part and of their own: blame and ownership, each found in one sentence.

Pattern-based and deterministic, like flags.py: classes of deflection ("that's on them", "because of the previous
team", "if they had listened"), written from the labelled sentences of evals/tune/sentences.jsonl, the training
splits' answers and the odd half of evals/blame/passages.jsonl (scripts/eval_passages.py measures both halves). A
sentence that takes ownership clears an answer of blame, and others' part told as a plain fact counts only when
the candidate does nothing about it afterwards. The finding is the sentence, so the grader can quote it.

It does not weigh the answer as a whole: stance.py counts how the whole answer speaks of others, and the grader
weighs that with these patterns' finding (stance.decide, with flag_model.py's learned blame model). Arrogance, the other
way a candidate speaks of themselves, is arrogance.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.flags import first_match
from interviewer.segment import Sentence

BLAME = re.compile(
    r"\b(?:not|wasn't|was not|isn't|is not|never) (?:really )?my (?:fault|problem|responsibility)\b|"
    r"\b(?:their|his|her|its|the \w+(?: team)?'s) fault\b(?![- ]?toleran)|\bto blame\b|\bblamed? (?:it )?on\b|"
    r"\b(?:they|he|she|the \w+ team) (?:didn't|did not|never|refused to|failed to|couldn't|wouldn't) "
    r"(?:bother|care|listen|test|read|tell|document|communicate|follow|deliver|do (?:their|his|her) job)|"
    r"\b(?:they|he|she) (?:messed|screwed|broke|botched) (?:it|everything|things)?\b|"
    r"\b(?:they|he|she|team|teams|people|engineers|analysts|developers|devs|vendor|contractors?|managers?)\b"
    r"[^.]{0,25}\b(?:incompetent|lazy|clueless)\b|\b(?:incompetent|lazy|clueless) (?:team|people|engineers|"
    r"analysts|developers|devs|vendor|contractors?|managers?|colleagues?)\b|"
    r"\b(?:team|people|manager|vendor|analysts|engineers|they|he|she)\b[^.]{0,20}"
    r"\b(?:useless|sloppy)\b|\b(?:useless|sloppy) (?:team|people|manager|vendor|analysts|engineers|work)\b|"
    r"\bnothing (?:i|we) could (?:have )?do(?:ne)?\b|"
    r"\b(?:out of|beyond) my control\b|\bhad nothing to do with (?:me|it)\b|\bwasn't on me\b|"
    r"\b(?<!\bno )(?!(?:anyone|anybody|nobody|no-one|everyone|everybody)'s\b)(?:[\w-]+'s?|our|their|your) fault\b"
    r"(?![- ]?toleran)|(?<!nobody )(?<!no one )\b(?:was|were) at fault\b|"
    r"\bthe fault (?:was|is|lay|lies) (?:with|on) (?!me\b|us\b)|\bnot (?:mine|ours)\b|"
    r"\b(?:was|is|it's) (?:really |all )?on them\b|"
    r"\b(?:they|he|she|team|qa|devops|ops|pm|dba|vendor|manager)s?'? (?:had |have |just )?(?:screwed|messed) up\b|"
    r"\b(?:they|he|she|team|guy|qa|pm|manager|devops|dba|developers|analysts)\b[^.]{0,30}\bshould (?:learn|have "
    r"(?:escalated|handled|caught|told|checked|known)|do a better job|be more careful)\b|\bnothing i could do\b|"
    r"\b(?:their|his|her|\w+'s?) (?:mess|problem|side)\b[^.]{0,20}\bnot (?:mine|ours|me|us)\b|"
    r"\bthey never listen(?:ed)?\b|\b(?:neither|none) of them (?:would|will|ever|could)(?: \w+)? (?:listen|budge|"
    r"compromise|agree)\b|\b(?:he|she|they|the \w+ team) (?:wasn't|weren't|isn't|aren't|was not|were not|is not|are "
    r"not) (?:really |very |exactly )?open to\b|\b(?:he|she|they|both|everyone) (?:was|were|are|is) (?:being )?"
    r"(?:pretty |really |so |very |completely |just |totally )?unreasonable\b|\blooked at us like\b|"
    r"\bif (?:they|he|she) (?:had )?(?:did|done|do) (?:their|his|"
    r"her) (?:job|work)\b|\b(?:they|he|she) (?:just )?(?:don't|doesn't|didn't) care\b|\b(?:that's|that is|it's) what "
    r"(?:managers|they|he|she|qa|ops) (?:are|is) (?:there )?for\b|"
    # others at fault, said in general terms: "wasn't on us", "nobody told me", "I did my part, the rest was …"
    r"\b(?:wasn't|was not|isn't|is not|not) (?:really )?(?:on us|our (?:fault|problem|call|responsibility))\b|"
    r"\b(?:nobody|no one|none of them) (?:ever )?(?:told|warned|informed|asked|consulted) (?:me|us)\b"
    r"(?![^.]{0,60}\b(?:so|and|but) (?:i|we) (?:\w+ )?(?:set|asked|started|added|went|built|wrote|made))|"
    r"\b(?:i|we) did (?:my|our) (?:part|bit|job)\b[^.]{0,60}\b(?:rest|they|them|their|team)\b|"
    r"\b(?:was|is|were) (?:all |entirely |really )?(?:their|his|her|the (?:[\w-]+ ){0,2}[\w-]+'s) (?:problem|job|mess|"
    r"responsibility|call|doing)\b|\b(?:thanks to|because of) (?:the|their|them|that) (?:[\w-]+ )?(?:team|vendor|"
    r"qa|devops|client|analysts?)\b[^.]{0,30}\b(?:mistakes?|incompetence|carelessness|sloppiness)\b",
    re.IGNORECASE,
)
OTHERS = (
    r"(?:they|them|he|him|she|her|the (?:[\w-]+ ){0,2}(?:team|teams|people|guys|folks|side|owners?|engineers?|"
    r"developers?|analysts?|scientists?|testers?|vendor|client|contractors?|consultants?|business|management|"
    r"leadership|manager|lead|director|vp|cto|architect|pm|product owner|scrum master|qa|devops|dba|ops|juniors?|"
    r"interns?|new hires|"
    r"offshore team|stakeholders?|users?|steward|support|partner)|management|leadership|the business|qa|devops|"
    r"marketing|finance|sales|legal|compliance|"
    r"my (?:manager|lead|teammate|boss|team lead|director|cto|vp|skip-level))"
)
"""Who a candidate can put the blame on: other people, teams and roles."""
# Deflection: the fault put on named others in general terms ("that's on them", "not my job", "fix their
# mess", "they changed it without telling anyone"). Written from the classes of blame in evals/tune/sentences.jsonl.
_DEFLECTION_FORMS = (
    (r"\b(?:that's|thats|that is|that was|it's|its|it was|this was|which was|was all|is "
     r"all|was really|is really) (?:really |all |totally |entirely |squarely |mainly |mostly |largely |"
     r"completely )?on (?:them|him|her|the (?:[\w-]+ ){0,2}(?:team|side|vendor|client|analysts?|business))\b"),
    (r"\b(?:isn't|isnt|is not|wasn't|wasnt|was not|not) (?:really |exactly )?(?:my|our) "
     r"(?:job|problem|responsibility|department|area|concern)\b"),
    (r"(?<!solved )(?<!solve )(?<!solves )(?<!solving )(?<!than )\b(?:their|his|her|the [\w-]+(?: team)?'s|"
     r"the [\w-]+ guys'?) (?:mess|problem|fault|responsibility|screw-?up)\b(?![- ]?toleran)"),
    (r"\b(?:because of|thanks to) (?:them|him|her|the (?:juniors?|interns?|new hires|contractors?|"
     r"testers?))\b"),
    r"\b" + OTHERS + (r" (?:should|could) have (?:known|tested|caught|noticed|checked|planned|told|asked|"
     r"read|done|documented)\b"),
    (r"\b(?:we|i) (?:get|got|were|was|are|am) (?:always |usually |then )?(?:blamed|the ones blamed)\b|"
     r"\b(?:took|take) the heat\b|"
     r"\bthen blamed us\b|\bblames? us\b"),
    (r"\btypical of (?:them|him|her)\b|\b(?:as usual|like always),? (?:nobody|no one|they|"
     r"he|she|the [\w-]+ team)\b"),
    (r"\b(?:fix|fixing|fixed|clean up|cleaning up|clean) (?:up )?(?:their|his|her|the (?:[\w-]+ "
     r"){0,2}(?:team's|guys'?|contractors'?|previous \w+'s)) (?:mess|code|bugs?|mistakes?|errors?)\b|\bthe "
     r"mess (?:the|they|he|she) [\w ]{0,20}left\b"),
    (r"\b(?:garbage|terrible|useless|awful|lousy) (?:requirements|queries|sql|code|data|"
     r"specs?)\b"),
    # "they sat on our request" (not "I sat on the platform team")
    (r"\bset up to fail\b|\bdropped the ball\b|\brubber[- ]stamped\b|(?<!\bi )(?<!\bwe )\bsat on (?:our|my|"
     r"the)\b(?! (?:[\w-]+ ){0,3}(?:team|squad|committee|board|panel|group|council|rota)\b)|"
     r"\b(?:i'm|im|i am) not taking the blame\b"),
    (r"\bnot (?:really )?(?:something|anything) (?:i|we|you|engineering|an? (?:data )?engineer|any engineer|one "
     r"person) (?:can|could) (?:fix|control|solve|do)\b"),
    (r"\b(?:[\w-]+ )?problem,? not (?:really )?(?:something|mine|ours|an? (?:engineering|"
     r"technical|data) (?:problem|issue))\b"),
    r"\bonly so much (?:i|we|you|a data engineer|one engineer|an engineer|engineering) can do\b",
    (r"\b(?:because of|due to) (?:their|his|her) (?:configuration|code|changes?|mistakes?|"
     r"decisions?|setup|process)\b"),
    (r"\bwhich (?:honestly |frankly )?was unfair because\b|\bwent over my head\b|\bbefore "
     r"it lands on (?:our|my) plate\b"),
    (r"\bsomeone else'?s (?:code|change|changes|fault|problem|mess|job|bug|data)\b|\bcomes? "
     r"down to someone else\b"),
    r"\b" + OTHERS + (r" (?:should(?:'ve| have) (?:\w+ )?(?:\w+ed|shut|known|done|taken|made|been|caught|seen|found|"
     r"spotted|written|told|thought)|should "
     r"(?:really )?be (?:delivering|doing|sending|testing|fixing|handling|owning|checking|"
     r"cleaning))\b"),
    (r"\b(?:need|needs) to (?:get (?:their|his|her) act together|accept that|learn to|grow "
     r"up|take responsibility)\b"),
    (r"(?<!wasn't )(?<!wasnt )(?<!isn't )(?<!not )\b(?:a|the) (?:product |project )?(?:vendor|management|leadership|"
     r"people|political|culture) problem\b|"
     r"\bnot (?:an? )?(?:engineering|technical|data|my|our) (?:problem|issue)\b"),
    (r"\b(?:is|was|are|were|falls?|fell|lies|lay) (?:really |all |squarely |mostly )?on the (?:people|person|"
     r"team|folks) who\b|\bclean(?:ing|ed)? up after (?:them|"
     r"him|her|the)\b"),
    (r"(?<!\bi )(?<!\bwe )\b(?:wrote|write|writes|deliver|delivers|delivered|send|sends|"
     r"sent|push|pushes|pushed|pushing|ship|ships|shipped|merge|merges|merged) (?:\w+ )?(?:terrible|"
     r"garbage|awful|sloppy|lousy|untested)\b"),
    (r"\b(?:caused|created|introduced|broken) by (?:people|managers|them|other teams|the "
     r"other|someone else)\b|\b(?:hadn't|had not|didn't|did not|never) done (?:their|his|"
     r"her) homework\b"),
    (r"\b(?:the other teams?|they|management|leadership|he|she) (?:\w+ ){0,2}made (?:it|"
     r"things|everything|life) (?:hard|harder|difficult|impossible)\b"),
    (r"\b(?:don't|dont|do not) see how (?:that's|thats|that is|it's|its|it was) on (?:me|"
     r"us)\b"),
    # what would have gone right had others acted: "if he'd let the engineers do it", "if people had listened"
    (r"\bif (?:" + OTHERS[3:-1] + r"|people|everyone|anyone|somebody|someone)(?:'d| had| would have)(?: \w+)? "
     r"(?:let|listened|done|followed|tested|told|asked|given|planned|bothered|cared|read|checked|reviewed|kept up|"
     r"accepted|approved|signed off|agreed|funded|waited|invested|prioriti[sz]ed)\b"),
    # the same, said of what would not have happened: "it wouldn't have happened if people followed the process",
    # "if people would just ask me before changing things, these problems would not happen"
    (r"\b(?:wouldn't|would not|would never|never would|none of (?:this|that|it) would) have (?:happened|broken|"
     r"failed)\b[^.;]{0,12}\bif (?:"
     + OTHERS[3:-1] + r"|people|everyone|anyone|somebody|someone)\b|\bif (?:" + OTHERS[3:-1] + r"|people|everyone|"
     r"anyone) would (?:just |only |actually )?(?:ask|listen|follow|test|check|read|talk to|tell)\b"),
    # told, and not heard: "I had told him several times to run the tests, but he just didn't"
    (r"\bi (?:had |have )?(?:told|warned|reminded|asked) (?:him|her|them|the \w+(?: team)?)\b[^.]{0,80}\bbut (?:he|"
     r"she|they|nobody|no one) (?:just |still |simply |really )?(?:didn't|didnt|did not|never|wouldn't|would not|"
     r"ignored)\b"),
    (r"\b(?:isn't|isnt|is not|wasn't|wasnt|was not) (?:even |really )?(?:my|our) (?:code|dag|model|models|bug|"
     r"pipeline|mess)\b"),
    (r"\b(?:" + OTHERS[3:-1] + r"|people) (?:really |just |actually )?(?:needs?|have) to (?:actually |just |"
     r"really )?(?:write better|make sure|step up|do (?:their|his|her) job|care|start caring)\b"),
    (r"\b(?:don't|doesn't|didn't|never|won't|wouldn't) (?:really |ever )?take (?:it|this|that|data(?: quality)?|"
     r"quality|testing|ownership) seriously\b|\b(?:" + OTHERS[3:-1] + r"|other teams|people) (?:just |really )?(?:don't|"
     r"doesn't|didn't|never|won't) (?:really |ever )?take (?:\w+ ){1,2}seriously\b"),
    (r"\b(?:" + OTHERS[3:-1] + r"|people) (?:around (?:me|you|us) |there |on (?:that|the other) team )?(?:just |"
     r"simply )?(?:won't|wouldn't|would not|will not|don't|do not|didn't|did not|never) (?:\w+ )?(?:follow|listen|"
     r"care|bother)\b"),
    # another team's domain, minds changed, people unwilling: "that's more a devops topic", "kept changing his mind"
    (r"\b(?:more |really |just |mostly )?(?:a|an) (?:devops|ops|platform|infra|infrastructure|security|qa|dba) "
     r"(?:topic|thing|problem|issue|question|job|responsibility)\b|\bnot on (?:the |our "
     r"|my )?(?:engineering|data|our|my) side\b|\b" + OTHERS + r" (?:\w+ )?kept changing (?:his|her|their|its) "
     r"minds?\b|\b" + OTHERS + r" (?:just |simply )?(?:didn't|did not|don't|wouldn't|would not) want to (?:learn|"
     r"listen|change|understand)\b|\b(?:don't|do not) think (?:it's|it is|that's|that is) (?:my|our) (?:job|problem|"
     r"responsibility)\b"),
    # "it's really not up to me", "he wasn't being a team player", "most failures come from the infra team"
    (r"\b(?:not|isn't|wasn't) (?:really |entirely )?up to (?:me|us)\b|\b(?:not|wasn't|isn't) (?:being |really )?a team "
     r"player\b|\b(?:failures|problems|issues|incidents|outages|bugs|breakages) (?:\w+ ){0,2}(?:come|came|comes|"
     r"stem|stemmed) from " + OTHERS + r"\b"),
    (r"\b" + OTHERS + r" (?:just |really |only |always )?(?:slowed (?:me|us) down|held (?:me|us) back|got in "
     r"(?:my|our|the) way)\b"),
    # the cause put on others: "because of the previous team", "a direct result of how badly they built it"
    (r"\b(?:because of|due to|caused by|(?:a |the )?(?:direct )?result of|(?:mostly |all |largely )?down to|blame "
     r"(?:it )?on) (?:how (?:\w+ ){0,2})?(?:" + OTHERS[3:-1] + r"|the previous (?:team|owners?|engineers?)|"
     r"(?:an)?other teams?|the business|(?:the )?requirements? (?:churn|changes))\b"),
    (r"\bthe (?:real |main |whole |actual )?(?:problem|issue|reason) (?:was|is) (?:that |just |really )?"
     + OTHERS + r" (?:didn't|did not|don't|doesn't|wouldn't|won't|never|kept|weren't|wasn't|aren't|isn't)\b"),
    (r"(?<!anything )\b(?:outside|out of|beyond) (?:my|our|an? (?:individual "
     r"|single )?(?:engineer|developer|data engineer)'s) control\b|\bnot (?:really )?(?:an? )?(?:engineering|"
     r"technical|data) (?:problem|issue)\b"),
    (r"\b" + OTHERS + r" (?:\w+ ){0,2}(?:were|was|are|is|being) (?:being )?(?:really |pretty |so |very |totally "
     r"|just )?(?:unreasonable|difficult|impossible|hopeless|clueless|useless)\b"),
    (r"\b(?:isn't|is not|wasn't|was not) (?:really )?something (?:i|we) (?:deal with|own|handle|touch|"
     r"look after)\b|\b(?:don't|doesn't|didn't) know how to (?:prioriti[sz]e|plan|scope|decide)\b|\b(?:"
     + OTHERS[3:-1] + r") (?:can't|cannot|couldn't|could not) (?:\w+ )?(?:prioriti[sz]e|plan|decide)\b"),
    # others' job, process or design named as the cause or the cure: "testing is supposed to be QA's job", "the
    # real fix is for the business to …", "the problem was really their process", "even though it was the infra
    # team's design", "the previous lead was out of his depth" (classes of tune9's misses)
    (r"\bsupposed to be (?:the )?(?:[\w-]+ ){0,2}?(?:[\w-]+'s?|their|his|her) (?:job|responsibility|problem)\b|\bthe "
     r"(?:real |only |proper )?(?:fix|solution|answer) (?:is|was|would be) for " + OTHERS + r" to\b|\bthe (?:real |main |"
     r"whole |actual )?(?:problem|issue) (?:was|is) (?:really |just |all )?(?:their|his|her|the [\w-]+(?: team)?'s) "
     r"(?:[\w-]+ )?(?:process|design|code|setup|fault|planning|decision)\b|\beven though it was (?:the (?:[\w-]+ ){0,2}[\w-]+'s|their|"
     r"his|her) (?:design|code|change|decision|fault|setup|call)\b|\bout of (?:his|her|their) depth\b"),
    # others' role named as where the problem belongs, or the candidate's part disowned: "that's what the ops team
    # is for", "more of a question for them", "for someone else to sort out", "I was just implementing what I was
    # told", "let them sort it out", "somehow that was my fault", "I can't say I felt responsible"
    (r"\b(?:that's|thats|that is|it's|its|it is|is|was) what " + OTHERS + r" (?:is|are) (?:there )?for\b|"
     r"\b(?:a question|an issue|a problem|a matter|something) for (?:them|him|her|someone else|another team|the "
     r"other team)\b|\bfor someone else to (?:sort|fix|deal|handle|solve|own)\b|\bi was (?:just|only|simply) "
     r"(?:implementing|doing|following|building) what (?:i was|we were) told\b|\blet (?:them|him|her) (?:sort|"
     r"figure|work) (?:it|that|this) out\b|\blet (?:them|him|her) deal with (?:it|that|this)\b|\bsomehow (?:that|"
     r"it|this) (?:was|became|is) (?:my|our) (?:fault|problem)\b|\b(?:can't|cannot|don't|didn't) (?:really )?(?:say "
     r"(?:that )?i )?(?:felt|feel) (?:personally |very |all that )?responsible\b|\bsomething to (?:put|pin|blame) "
     r"on (?:the )?(?:engineers|us|me|the team)\b|\bcan't babysit\b|\bcame from above\b"),
    # others' competence put down: "the analytics engineers we had were frankly not very good", "they just didn't
    # have the skills", "they didn't really know what they wanted"
    (r"\b" + OTHERS + r" (?:\w+ ){0,3}(?:were|was|are|is) (?:frankly |honestly |just |really |simply )?not "
     r"(?:very |that |particularly |really )?(?:good|competent|skilled|capable)\b|\b" + OTHERS + r" (?:just |"
     r"really |simply )?(?:didn't|did not|don't|do not) (?:really )?have the (?:skills|experience|knowledge|"
     r"competence)\b|\b" + OTHERS + r" (?:just |really |never |honestly )?(?:didn't|did not|don't|do not|never) "
     r"(?:really )?(?:know|knew|understand|understood) what (?:they|he|she) (?:wanted|needed|were doing|was "
     r"doing)\b"),
    (r"\brather than anything (?:on|from) (?:the |our |my )?(?:engineering|data|our|my)\b|\bif (?:" + OTHERS[3:-1]
     + r")(?:'d| had) (?:just )?been (?:more )?(?:reasonable|clear|clearer|honest|organi[sz]ed|disciplined)\b"),
)
# Others' part told as a fact ("the vendor changed the format without telling us", "from their side"): blame
# only in an answer where the candidate does nothing about it afterwards (see `blame`).
_FACTUAL_FORMS = (
    # "the problem was the analysts were querying production directly": a cause, then (or not) what was done
    r"\bthe (?:real |main |whole |actual )?(?:problem|issue|root cause) (?:was|is|were) " + OTHERS + r"\b",
    (r"\b(?:because|since|as) (?:the|our|my|that) (?:\w+ )?(?:team|manager|analysts?|stakeholders?|qa|devops|"
    r"business|product|vendor|client|lead|developers?|engineers?|colleagues?|juniors?|offshore)(?: team)? "
    r"(?:didn't|did not|never|failed|couldn't|could not|wouldn't|would not|refused|kept|messed|screwed|broke|"
    r"forgot)"),
    r"\b(?:their|his|her|the [\w-]+(?: team)?'s|the [\w-]+ guys'?) side\b",
    r",? not (?:me|mine|us|ours|because of (?:me|anything i did|my \w+))\b",
    r"\b" + OTHERS + (r" (?:\w+ ){0,3}(?:changed|renamed|dropped|pushed|rotated|upgraded|shipped|deployed|"
     r"added|moved|restarted|released|switched|removed|changes?)\b[^.]{0,80}\bwithout (?:telling|"
     r"asking|warning|informing|consulting|a heads-up to|testing) (?:anyone|anybody|us|"
     r"me|it)?\b"),
    r"\b" + OTHERS + (r" (?:never|don't|dont|doesn't|doesnt|can't|cant|couldn't|couldnt|won't|wont|didn't|"
     r"didnt|refused to) (?:\w+ ){0,2}(?:told|tell|documented|document|tested|test|read|"
     r"follow|followed|care|cared|plan|understand|bothered|groomed|staffed|answer|approve|"
     r"approved|take|make|made|let|fix|fixed)\b"),
)
_FACTUAL_FORMS += (
    # the candidate warned and was not heard: "nobody listened", "exactly like I said it would", "I did say"
    (r"\b(?:nobody|no one) (?:ever |really )?(?:listened|took (?:it|me) seriously|paid attention|commented|read it)\b|"
     r"\blike i (?:said|told them|predicted|warned) (?:it|they) would\b|\bi did say\b|\bi told (?:them|you) so\b|"
     r"\bi still have the (?:email|message|ticket|doc)\b|\bhow many times i (?:warned|told) them\b"),
    # the cause put on what others did: "because the network team misconfigured", "because he pushed the release"
    (r"\b(?:because|since) (?:the|our|my|that|he|she|they)(?: \w+)?(?: (?:team|manager|analysts?|stakeholders?|qa|"
     r"devops|business|vendor|client|lead|director|developers?|engineers?|colleagues?|juniors?|contractors?))?"
     r" (?:misconfigured|pushed|uploaded|deployed|sent|missed|ignored|delayed|skipped|approved|signed off|overrode|"
     r"changed|kept changing|forgot)\b"),
    (r"\b(?:caused|introduced|triggered|broken) by (?:a|an|the|their|his|her) (?:change|commit|push|mistake|deploy\w*|"
     r"release)s? (?:from|by|of) (?:a|an|one of the|the|our|their) (?:\w+ ){0,2}(?:juniors?|engineers?|developers?|"
     r"contractors?|analysts?|interns?|teams?|vendors?)\b"),
    (r"\b(?:wasn't|was not|weren't|were not|never) (?:picked up|caught|spotted|tested) (?:in|by) (?:their|his|her|the "
     r"(?:\w+ )?team's)\b"),
    # "it wasn't our data, it was their dashboards", "the incident wasn't really ours"
    (r"\b(?:isn't|isnt|is not|wasn't|wasnt|was not) (?:even |really )?(?:my|our) (?:data|dashboards?|tables?|job|"
     r"change|system|service|incident)\b|\b(?:wasn't|wasnt|isn't|isnt|was not|is not) (?:really |even )?"
     r"(?:mine|ours)\b"),
    # others standing in the way: "the DBA team refused to enable binlog", "other teams won't let you build it"
    r"\b(?:" + OTHERS[3:-1] + r"|other teams) (?:just |simply )?(?:won't|wouldn't|would not|didn't|did not|never|"
    r"refused to) let (?:me|us|you)\b|\b" + OTHERS + r" refused to (?:\w+ )?(?:enable|give|grant|allow|approve|change|"
    r"add|share|fund|open)\b",
)
FACTUAL = re.compile("|".join(_FACTUAL_FORMS), re.IGNORECASE)
_OWN_FIX = re.compile(
    r"\b(?:i|we)(?: \w+ly| then| also| just| first| quickly| still)? (?:added|fixed|built|set up|wrote|rewrote|patched|"
    r"put|changed|moved|created|introduced|automated|reran|re-ran|backfilled|owned|took|made|agreed|asked|paired|"
    r"raised|rolled|reverted|restored|paused|mapped|emailed|called|contacted|escalated|worked|switched|replaced|"
    r"negotiated|proposed|scheduled|documented|tested|validated|checked|traced|found|opened|posted|went with|"
    r"chose|designed|redesigned|denormali[sz]ed|modell?ed|split|merged|met|sat down|"
    # the same steps told in the present, as many non-native speakers tell a story: "so first i fix the night"
    r"add|fix|build|write|rewrite|patch|change|move|create|automate|rerun|backfill|ask|call|escalate|switch|"
    r"replace|propose|document|test|check|trace|open|post)\b",
    re.IGNORECASE,
)
"""A step of the candidate's own: after others' part is told as a fact, it shows the candidate took it on."""
DEFLECTION = re.compile("|".join(_DEFLECTION_FORMS), re.IGNORECASE)
OWNERSHIP = re.compile(
    r"\bi should(?: have|'ve)\b|\bi could(?: have|'ve) \w+ (?:earlier|sooner|better)\b|(?<!not )(?<!n't )"
    r"(?<!not really )(?<!n't really )(?<!not entirely )(?<!n't entirely )(?<!not even )(?<!n't even )"
    r"(?<!somehow that was )(?<!somehow it was )(?<!somehow this was )\bmy (?:own )?(?:mistake|bad|fault|miss|"
    r"oversight)\b|\bi (?:owned|own) (?:up\b|(?:my|the|that) (?:mistake|miss|"
    r"failure|error|outage|slip))\b|\bi (?:take|took) (?:full |the )?(?:responsibility|ownership|the blame)\b|"
    r"(?<!not )(?<!n't )\b(?:that|it|this) (?:was|is) on me\b|\bi (?:messed|screwed) up\b|\bi missed\b|"
    r"\bwhat i (?:learned|would do differently|changed in how i)\b|\blesson (?:i|for me)\b|"
    r"\bi owned the (?:fix|follow-?up|recovery|incident|post-?mortem|repair|cleanup)\b|"
    r"\b(?:it was|it's|it is) mine to (?:sort out|fix|own|handle|solve)\b|"
    # owned for the team, or the fix claimed: "we should have caught it in our pipeline", "fixing it was mine"
    r"\b(?:the |that )?(?:fault|mistake|error|blame|miss) (?:was|is) (?:all |entirely |really )?mine\b|"
    r"\bwe should(?: have|'ve) (?:caught|tested|checked|noticed|validated|spotted|seen|guarded)\b|"
    r"\b(?:fixing|sorting|cleaning up|handling) (?:it|that|this|the \w+) (?:out |up )?(?:was|is) (?:mine|on me|"
    r"my (?:job|call|responsibility))\b",
    re.IGNORECASE,
)
"""Sentences that take ownership: an answer with one does not blame others, whatever else it says of them."""


NOT_BLAMING = re.compile(
    r"\b(?:rather than|instead of|not|never|didn't|did not|don't|do not|without|no point in) "
    r"(?:(?!my\b|our\b|mine\b|me\b)\w+ ){0,3}?"
    r"(?:blam\w*|(?:the |their |its |his |her |[\w-]+'s? )?(?:(?!my\b|our\b)[\w-]+ )?fault|someone else'?s "
    r"(?:problem|job|fault|mess)|(?:a |an )?(?:people|vendor|management|leadership|political|culture|team) problem|"
    # a cause denied: "so the load never failed because of them" (bad rows routed aside) puts no fault on anyone
    r"(?:failed|broke|crashed|stopped|fell over|went down) because of (?:them|those|these|it))\b"
    r"(?!,? but\b)|"
    # a wrong cause in an analysis: "you'd pin the blame on the wrong plan"
    r"\bblam\w* (?:\w+ )?(?:on )?the wrong\b",
    re.IGNORECASE,
)
"""Blame named only to be set aside: "I didn't want to blame the tooling", "my design rather than the tool's fault",
a cause denied ("it never failed because of them"); but "not the engineers' fault but the infrastructure's" moves
the blame on."""


def blames(text: str) -> bool:
    """Whether `text` (a sentence) puts the fault on others (BLAME or DEFLECTION), blame set aside not counted."""
    text = NOT_BLAMING.sub(" ", text)
    return bool(BLAME.search(text) or DEFLECTION.search(text))


def blame(sentences: Sequence[Sentence]) -> Sentence | None:
    """The first sentence that puts the fault on others, unless the answer also takes ownership somewhere.

    Others' part told as a fact (FACTUAL: "the vendor changed the format without telling us") counts only when
    no step of the candidate's own follows it: telling what went wrong and then fixing it is not blame."""
    if first_match(OWNERSHIP, sentences):
        return None
    for i, s in enumerate(sentences):
        if blames(s.text):
            return s
        told = NOT_BLAMING.sub(" ", s.text)
        m = FACTUAL.search(told)
        # what follows, read as one text: a transcript cut into windows can split "i | posted"
        if m and not _OWN_FIX.search(" ".join([told[m.end():], *(t.text for t in sentences[i + 1:])])):
            return s
    return None


