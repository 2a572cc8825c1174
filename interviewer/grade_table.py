"""The overall grade 1–5 from the verdicts: SCHEMA.md's grade table applied top-down, one reason per point.

5: all four STAR parts, on topic, specific (tools, numbers, a measured result), covering the main points, 150–450
words (with the learned model of flag_model.py, its score decides "specific and covering"; the length stays a
rule); 4: all four parts; 3: one part missing; 2: two or more missing, or capped by vague, blame or rambling; 1: off
topic, too short or empty. Arrogance caps at 3. Pure: the grader (grading.py) measures and decides the parts and
flags; this only counts them and says why. It does not look at the answer's text.
"""

from __future__ import annotations

from collections.abc import Mapping

from interviewer.models import STAR_PARTS, RedFlag, Specificity, StarName, StarPart

THRESHOLD = 0.5
"""A learned score at or above this earns the 5 (the same cut as the learned flags)."""


def overall(parts: Mapping[StarName, StarPart], on_topic: bool, topic_reason: str, spec: Specificity, share: float,
            covered: list[str], red: Mapping[RedFlag, str], wc: int, injections: int, p: Mapping[str, float],
            why_flagged: Mapping[str, str], five: float | None = None) -> tuple[int, list[str]]:
    """The grade and its reasons. `red` holds the flags raised (flag -> quote), `why_flagged` the reason line of
    vague and rambling, `share` the share of main points covered, `injections` how many passages addressed to the
    grader were dropped. `five` is the learned probability that a complete answer of 150–450 words earns 5
    (flag_model.py); without it, 5 takes tools, numbers, a measured result and `coverage_for_5` of the points."""
    reasons: list[str] = []
    if injections:
        reasons.append(f"· ignored {injections} passage(s) addressed to the grader")
    if wc == 0:
        return 1, reasons + ["1: empty answer: nothing to grade"]
    if not on_topic:
        return 1, reasons + [f"1: off topic: {topic_reason}"]
    if "too_short" in red:
        return 1, reasons + [f"1: too short ({wc} words): a sentence or two"]
    missing: list[StarName] = [s for s in STAR_PARTS if not parts[s].present]
    reasons.append(f"+ {topic_reason}" if topic_reason.startswith("on topic") else f"+ on topic ({topic_reason})")
    if not missing:
        grade = 4
        reasons.append("4: all four STAR parts present")
    elif len(missing) == 1:
        grade = 3
        reasons.append(f"3: one STAR part missing: {missing[0]}")
    else:
        grade = 2
        reasons.append(f"2: {len(missing)} STAR parts missing: {', '.join(missing)}")
    for flag, why in (("vague", why_flagged["vague"]), ("blame", why_flagged.get("blame", "blames others")),
                      ("rambling", why_flagged["rambling"])):
        if flag in red and grade > 2:
            grade = 2
            reasons.append(f"- capped at 2: {why}")
        elif flag in red:
            reasons.append(f"· also {why}")
    if "arrogance" in red and grade > 3:  # not in SCHEMA's grade-2 list: it costs the top grades, not the story
        grade = 3
        reasons.append("- capped at 3: arrogant tone")
    if grade == 4:
        lacks = []
        told = (f"{len(spec.tools)} tool(s), {len(spec.numbers)} number(s), "
                f"{'a' if spec.measured_result else 'no'} measured result, {len(covered)} main point(s) covered")
        if five is None:  # the rules
            if not (spec.tools and spec.numbers and spec.measured_result):
                lacks.append("specifics (tools, numbers and a measured result)")
            if share < p["coverage_for_5"]:
                lacks.append(f"main points ({len(covered)} covered, {share:.0%})")
        elif five < THRESHOLD:
            lacks.append(f"the specifics of a 5 (learned score {five:.2f} < {THRESHOLD:.2f}: {told})")
        if not p["words_for_5_min"] <= wc <= p["words_for_5_max"]:
            lacks.append(f"length {wc} words outside {p['words_for_5_min']:.0f}–{p['words_for_5_max']:.0f}")
        if lacks:
            reasons.append("- stays at 4: lacks " + "; ".join(lacks))
        elif five is not None:
            grade = 5
            reasons.append(f"+ 5: specific (learned score {five:.2f} ≥ {THRESHOLD:.2f}: {told}), {wc} words")
        else:
            grade = 5
            reasons.append(f"+ 5: specific ({', '.join(spec.tools[:3])}; {', '.join(spec.numbers[:2])}), measured "
                           f"result, covers {len(covered)} main points, {wc} words")
    return grade, reasons


def hedge(grade: int, high: int, low: int, doubts: Mapping[str, str]) -> tuple[int, str | None]:
    """Keep a grade within one of both readings of the decisions in doubt (`doubts`: a STAR part, "rambling" or
    "example" -> why it is in doubt, e.g. "learned score 0.45"): `high` with each read the answer's way (the part
    plainly told, not rambling, a story told), `low` against it. Where the two readings are two or more apart (5
    and 3), the grade moves to within one of each (4), and the reason says why; else unchanged. Where no grade is
    within one of both (5 and 2: a borderline blame or rambling caps a complete answer at 2), it is one below the
    answer's reading (4): a decision in doubt costs one grade at most, and which side of even odds it falls on
    changes nothing."""
    if high - low < 2:
        return grade, None
    kept = high - 1
    if kept == grade:
        return grade, None
    told = ", ".join(f"{what} ({why})" for what, why in doubts.items())
    return kept, (f"± {kept} rather than {grade}: borderline {told}; read its way the answer would earn {high}, "
                  f"against it {low}, so it gets " + ("a grade within one of both" if high - low == 2 else
                                                      "one less than the better reading: a doubt costs one grade at most"))

