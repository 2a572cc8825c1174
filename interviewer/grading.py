"""The offline grader: one answer to one question in, a `Grade` with reasons and verbatim evidence out.

Pure given embeddings. `analyse` embeds the answer's sentences in ONE `embed()` call and derives every
measurement (analysis.py's `Analysis`) from those vectors: STAR parts (star.py and its cues in star_cues.py,
decided by the learned model of star_model.py where it was fitted with this embedder), key-point coverage
(coverage.py), on-topic (against the answer centroids of exemplars.py where the guide has them, else the question
profiles of coverage.py, and by the nearest labelled answers to the question; an answer that sidesteps the
question with too little story of its own is off topic too, evasion.py), repetition. Prototype, question and
key-point vectors, and the fitted models, are loaded once per Grader, lazily and thread-safely (guide_index.py).
Surface signals (numbers, tools, ownership) come from flags.py, blame from conduct.py and stance.py, and arrogance
from arrogance.py.
Vague is learned from the labels over a few answer-level measurements (flag_model.py), and so are blame (over the
patterns' finding and the answer's stance towards others), rambling, whether a complete answer earns 5, and the
similarity a main point needs to count as covered; without those models vague is the SCHEMA's definition taken
literally (no narrated example: fewer than two sentences that tell what happened, no numbers and no named tools),
blame the patterns of conduct.py and rambling the rules of rambling.py.
`decide` turns the measurements into the grade by the SCHEMA table (grade_table.py; 5: complete, specific,
covering the main points, 150–450 words … 1: off topic or too short): a monotone count of STAR parts capped at 2
by any of vague, blame or rambling and at 3 by arrogance, and kept within one of both readings of a decision in
doubt (grade_table.hedge: a STAR part or the rambling score the learned models find borderline, or a story that no
sentence narrates while the model reads its parts), with thresholds from params.py (`grader_params.json`, fitted
on the training splits, over its defaults).

Instructions addressed to the grader inside an answer are dropped before scoring (segment.py), so they change
nothing. It never imports the LLM client, the UI or the CLI, and never calls the network.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np

from interviewer import (
    arrogance,
    coverage,
    evasion,
    evidence,
    exemplars,
    flag_model,
    flags,
    grade_table,
    rambling,
    spelling,
    stance,
    star,
    star_cues,
    star_model,
)
from interviewer.analysis import Analysis
from interviewer.guide_index import Embedder, GuideIndex, build_index
from interviewer.models import STAR_PARTS, Grade, Guide, RedFlag, Specificity, StarName, StarPart
from interviewer.params import DEFAULT_PARAMS, load_params
from interviewer.segment import Sentence, merge_short, segment

GRADER_VERSION = "offline-grader 0.31"


class Grader:
    def __init__(self, guide: Guide, embedder: Embedder, params: dict[str, float] | None = None) -> None:
        self.guide = guide
        self.embedder = embedder
        self.params = {**DEFAULT_PARAMS, **(params if params is not None else load_params())}
        self._lock = threading.RLock()
        self._index_cache: GuideIndex | None = None
        self._points_cache: dict[str, tuple[list[str], np.ndarray]] = {}

    def _index(self) -> GuideIndex:
        if self._index_cache is None:
            with self._lock:
                if self._index_cache is None:
                    self._index_cache = build_index(self.guide, self.embedder)
        return self._index_cache

    def _points(self, question_id: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """A question's main points, the vectors they are matched with (heading plus gloss) and its full topic
        profile (question text and all reference points), embedded on first use and kept."""
        if question_id not in self._points_cache:
            question = self.guide.question(question_id)
            labels, texts = coverage.main_points(question)
            reference = coverage.reference_points(question)
            vecs = np.asarray(self.embedder.embed([question.text, *reference, *texts]), dtype=np.float32)
            profile = coverage.topic_profile(vecs[0], vecs[1 : 1 + len(reference)])
            entry = (labels, vecs[1 + len(reference) :], profile)
            with self._lock:
                self._points_cache.setdefault(question_id, entry)
        return self._points_cache[question_id]

    def _topic(self, a: Analysis, p: dict[str, float]) -> tuple[bool, str | None, str]:
        """Decided by the answer centroids where the guide has them and the answer is concrete, else by the question
        profiles (`_topic_by_profiles`), and then by the centroids with `unconcrete_margin_factor` times the margins.
        An answer either calls on topic is still off topic when its nearest labelled answer to this question is one
        labelled off topic (`exemplars.topic_by_neighbours`)."""
        index = self._index()
        asked = index.ids.index(a.question_id)
        has = np.abs(index.centroids).sum(axis=1) > 0
        # Answers with nothing concrete (no example, numbers or tools) say too little to tell which question's answers
        # they resemble: their centroid scores move with a word or two, so they keep the question-profile check.
        concrete = a.narrative >= p["example_sentences"] or bool(a.numbers) or bool(a.tools)
        long_enough = a.seg.word_count >= p["too_short_words"]
        scores = np.where(has, index.centroids @ a.answer_vec, -np.inf).astype(np.float32)
        centroids_apply = long_enough and has[asked] and has.sum() > 1
        if centroids_apply and concrete:
            on, better, reason = exemplars.topic_by_centroids(scores, asked, float(a.topic_scores[asked]),
                                                              index.near[asked], index.ids, index.subjects, p)
        else:
            on, better, reason = self._topic_by_profiles(a, asked, p)
            if on and centroids_apply:  # unless another question's answers are far nearer: by a wider margin
                k = p["unconcrete_margin_factor"]
                wide = {**p, "exemplar_margin": k * p["exemplar_margin"],
                        "exemplar_near_margin": k * p["exemplar_near_margin"], "topic_min": -np.inf}
                off = exemplars.topic_by_centroids(scores, asked, float(a.topic_scores[asked]), index.near[asked],
                                                   index.ids, index.subjects, wide)
                if not off[0]:
                    on, better, reason = off
        if on and long_enough:  # like answers labelled off topic for this question, or like none to any question
            return (exemplars.topic_by_neighbours(*index.neighbours[asked], a.answer_vec, index.subjects[asked],
                                                  index.ids[asked], p["neighbour_margin"])
                    or exemplars.topic_by_domain(index.answers, a.answer_vec, index.subjects[asked], index.ids[asked],
                                                 p["domain_min"]) or (on, better, reason))
        return on, better, reason

    def _topic_by_profiles(self, a: Analysis, asked: int, p: dict[str, float]) -> tuple[bool, str | None, str]:
        """On topic unless the cheap headline profiles AND the full profiles both say a clearly different question
        (not a near neighbour of the asked one) fits better, or the answer is far from the asked question: a false
        off-topic costs the candidate the most."""
        index = self._index()
        # A sentence or two is too little to say which other question it answers: only distance counts then.
        screen = p["topic_screen_margin"] if a.seg.word_count >= p["too_short_words"] else np.inf
        on, better, reason = coverage.topic_decision(a.topic_scores, asked, index.ids, p["topic_min"], screen,
                                                     index.near[asked], index.subjects)
        if on:
            return on, better, reason
        rivals = [better] if better else []
        full = np.full(len(index.ids), -1.0, dtype=np.float32)
        for qid in [a.question_id, *rivals]:
            full[index.ids.index(qid)] = float(self._points(qid)[2] @ a.answer_vec)
        on, better, reason = coverage.topic_decision(full, asked, index.ids, p["topic_min"], p["topic_margin"],
                                                     index.near[asked], index.subjects)
        if not on and better is not None:
            told = " ".join(s.text for s in a.seg.sentences)
            named = coverage.situation_named(self.guide.question(a.question_id), told)
            if len(named) >= p["situation_mentions"]:
                return True, None, (f"on topic: a story about {', '.join(sorted(set(named)))}, what the question "
                                    f"asks, even if its subject is closer to {better}")
        return on, better, reason

    def _vague(self, a: Analysis, on_topic: bool, parts: dict[StarName, StarPart], measured: bool, too_short: bool,
               p: dict[str, float]) -> tuple[bool, str]:
        """Vague or not, and why. With the learned model (flag_model.py), its probability decides; without, the
        SCHEMA's definition taken literally: no concrete example, no numbers, no named tools."""
        wc, example = a.seg.word_count, a.narrative >= p["example_sentences"]
        model = self._index().flags.get("vague")
        if not wc or not on_topic:
            return False, ""
        if model is None or a.star_answer is None:
            return (not example and not a.numbers and not a.tools), "vague: no concrete example, numbers or named tools"
        told = f"{a.narrative} sentence(s) tell what happened, {len(a.numbers)} number(s), {len(a.tools)} tool(s)"
        chance = model.probability(flag_model.vague_features(
            wc, a.narrative, len(a.tools), len(a.numbers), a.generic_sentences, too_short, a.told_sentences,
            a.filler_density, a.star_answer, sum(part.present for part in parts.values()), measured))
        return chance >= flag_model.THRESHOLD, f"vague (learned score {chance:.2f} ≥ 0.50): {told}"

    def _blame(self, a: Analysis, reading: bool | None = None) -> tuple[Sentence | None, str, float | None]:
        """The sentence to quote when the answer blames others (else None), why, and the learned probability."""
        model = self._index().flags.get("blame") if a.star_answer is not None else None
        result = float(a.star_answer[STAR_PARTS.index("result")]) if a.star_answer is not None else 0.0
        return stance.decide(model, a.stance, a.seg.sentences, a.singular, a.ownership, result, a.seg.word_count,
                             reading)

    def _rambling(self, a: Analysis, parts: dict[StarName, StarPart], p: dict[str, float]) -> tuple[str | None, str]:
        """The sentence to quote when the answer rambles (else None), and why. Too long or repetitive by the rules
        of rambling.py; otherwise, with the learned model (flag_model.py), its probability decides whether the
        structure is buried, and without it the rules do."""
        chance = self._rambling_chance(a, parts, p)
        if chance is None:
            return rambling.rambling(a, p), rambling.reason(a, p)
        quote = rambling.where(a, p) if chance >= flag_model.THRESHOLD else None
        return quote, f"rambling (learned score {chance:.2f} ≥ 0.50): {rambling.signs(a)}"

    def _rambling_chance(self, a: Analysis, parts: dict[StarName, StarPart], p: dict[str, float]) -> float | None:
        """The learned probability that the answer's structure is buried; None where the rules decide (no model,
        too short to ramble: under `ramble_talk_words`, or too long or repetitive by rambling.py)."""
        model = self._index().flags.get("rambling")
        if model is None or a.seg.word_count < p["ramble_talk_words"] or rambling.too_long(a, p) is not None:
            return None
        return model.probability(flag_model.rambling_features(
            a.seg.word_count, a.repeat_share, a.filler_density, a.digressions, a.signposts, a.generic_sentences,
            a.told_sentences, sum(part.present for part in parts.values())))

    def analyse(self, question_id: str, answer: str) -> Analysis:
        """Measure an answer: one embedding call for its sentences, everything else derived from the vectors."""
        question = self.guide.question(question_id)
        index = self._index()
        seg = segment(answer)
        told, as_told = len(seg.sentences), spelling.mend_sentences(seg.sentences)  # mending is word by word, so
        seg = replace(seg, sentences=merge_short(answer, as_told))  # merged pieces of mended sentences are mended
        sentences = seg.sentences
        dim = index.prototypes.shape[1]
        if sentences:
            vecs = np.asarray(self.embedder.embed([s.text for s in sentences]), dtype=np.float32)
        else:
            vecs = np.zeros((0, dim), dtype=np.float32)
        whole = coverage.answer_vector(vecs, [s.words for s in sentences])
        similarity = star.part_similarity(vecs, index.prototypes)
        cues = star_cues.cue_matrix(sentences)
        singular = star_cues.first_person(sentences)
        logits = answer_logits = None
        if index.model is not None and sentences:
            logits = index.model.logits(star_model.features(vecs, similarity, cues, singular))
            answer_logits = index.model.answer_scores(logits)
        topic = index.profiles @ whole if sentences else np.zeros(len(index.ids), dtype=np.float32)
        text = " ".join(s.text for s in sentences)
        return Analysis(
            question_id=question.id,
            seg=seg,
            star_similarity=similarity,
            star_cues=cues,
            singular=singular,
            star_logits=logits,
            star_answer=answer_logits,
            narrative=star_cues.narrative_count(sentences),
            point_sims=vecs @ self._points(question.id)[1].T,
            topic_scores=topic,
            answer_vec=whole,
            repeat_share=rambling.repeat_share(vecs, self.params["repeat_similarity"]),
            tools=flags.tools(text),
            numbers=flags.numbers(text),
            ownership=flags.ownership(text),
            blame=(found := stance.measure(sentences)).found,
            stance=found,
            arrogance=arrogance.find(sentences),
            generic_sentences=flags.count_matches(flags.GENERIC, sentences),
            filler_density=flags.filler_density(text),
            digressions=len(flags.DIGRESSION.findall(text)),
            signposts=len(flags.SIGNPOST.findall(text)),
            told_sentences=told,
            told=tuple(as_told),
            told_cues=star_cues.cue_matrix(as_told),
        )

    def grade(self, question_id: str, answer: str) -> Grade:
        return self.decide(self.analyse(question_id, answer))

    def decide(self, a: Analysis, params: dict[str, float] | None = None) -> Grade:
        """Turn measurements into the verdict; `params` overrides the Grader's thresholds (for calibration).

        Where a decision is in doubt, the grade is also decided with it read both ways and kept within one of both
        (grade_table.hedge), so a rewording that tips it cannot move the grade by two. In doubt: a STAR part whose
        learned answer logit is within `borderline_logit` of 0; rambling whose learned score is as close to 0.5, and
        blame whose score is within `blame_borderline_logit` (wider: blame caps a grade at 2, so misread costs most);
        and a story that no sentence narrates ("I/we did", "there was") while the learned model reads at least
        `story_parts_read` of situation, task and result in it (read both ways: with the story told, and not).
        With `borderline_logit` 0 nothing is in doubt: the table's own verdict (as the flag models are fitted on)."""
        p = {**self.params, **(params or {})}
        grade = self._decide(a, p)
        scores = self._answer_scores(a, p)
        if scores is None or a.star_answer is None or not len(a.seg.sentences):
            return grade
        width = p["borderline_logit"]
        border = [j for j, score in enumerate(scores) if abs(score) < width]
        doubts = {STAR_PARTS[j]: f"learned score {1 / (1 + np.exp(-scores[j])):.2f}" for j in border}
        best, worst = {}, {}  # the readings: each decision in doubt taken the answer's way, and against it
        for flag, chance, band in (("rambling", self._rambling_chance(a, grade.star, p), width),
                                   ("blame", self._blame(a)[2], p["blame_borderline_logit"])):
            if chance is not None and width > 0 and abs(np.log(max(chance, 1e-9) / max(1 - chance, 1e-9))) < band:
                doubts[flag], best[flag], worst[flag] = f"learned score {chance:.2f}", False, True
        read = [part for part in star.STORY_PARTS if scores[STAR_PARTS.index(part)] > 0]
        if width > 0 and a.narrative < p["story_sentences"] and len(read) >= p["story_parts_read"]:
            doubts["example"] = f"no sentence says what happened, yet the learned model reads {', '.join(read)}"
        if not doubts:
            return grade
        shift = np.zeros(len(STAR_PARTS), dtype=np.float32)
        shift[border] = 100.0  # far past any logit: the part reads as plainly told, or plainly not
        if "example" in doubts:
            best["story"] = True
        high = self._decide(replace(a, star_answer=a.star_answer + shift), p, best).overall
        low = self._decide(replace(a, star_answer=a.star_answer - shift), p, worst).overall
        overall, why = grade_table.hedge(grade.overall, high, low, doubts)
        return grade if why is None else grade.model_copy(update={"overall": overall, "reasons": [*grade.reasons, why]})

    def _answer_scores(self, a: Analysis, p: dict[str, float], cued: np.ndarray | None = None) -> np.ndarray | None:
        """The learned model's answer-level logit per STAR part (star_model.py), with the outcome rules' margin
        added to the result's; None without the model, and the model's own for an answer with no sentences."""
        if a.star_answer is None or not len(a.seg.sentences):
            return a.star_answer
        res_col = STAR_PARTS.index("result")
        if cued is None:
            cued = star.part_scores(a.star_similarity, a.star_cues, p, a.singular)
        scores = a.star_answer.copy()
        scores[res_col] += p["result_rule_weight"] * (cued[:, res_col].max() - p["result_threshold"])
        return scores

    def _decide(self, a: Analysis, p: dict[str, float], reading: dict[str, bool] | None = None) -> Grade:
        """The grade by the table; `reading` forces a decision in doubt one way ("story": told; "rambling",
        "blame": on or off) for decide's hedge."""
        reading = reading or {}
        sentences = a.seg.sentences
        wc = a.seg.word_count
        story = a.narrative >= p["story_sentences"] or reading.get("story", False)
        cued = star.part_scores(a.star_similarity, a.star_cues, p, a.singular)
        blamed, blame_why, _ = self._blame(a, reading.get("blame"))
        res_col = STAR_PARTS.index("result")
        answer_scores = self._answer_scores(a, p, cued)
        parts = star.detect(sentences, cued if a.star_logits is None else a.star_logits, p, story=story,
                            how_to=bool(a.tools), blames=blamed is not None, answer_scores=answer_scores)
        points = self._points(a.question_id)[0]
        cover = self._index().flags.get("covered")  # the bar learned from labelled points, else the fixed one
        bar = p["key_point_threshold"] if cover is None else flag_model.similarity_bar(cover)
        kp = coverage.key_points(points, a.point_sims, sentences, bar)
        share = len(kp.covered) / len(points) if points else 0.0
        if sentences:
            on_topic, better, topic_reason = self._topic(a, p)
        else:
            on_topic, better, topic_reason = False, None, "no answer to compare with the question"
        # Measured: a number in any sentence that reads as an outcome by its cues and prototypes, not only in the
        # quoted evidence. Not the model's result sentences: they also take numbers told as the situation ("the job
        # took five hours"), and with them more answers reached 5 than the labels give (dev2-dev7).
        measured = parts["result"].present and any(
            flags.has_measure(s.text) for s, v in zip(sentences, cued[:, res_col]) if v >= p["result_threshold"])
        spec = Specificity(numbers=a.numbers, tools=a.tools, measured_result=measured)

        red: dict[RedFlag, str] = {}
        if blamed:
            red["blame"] = blamed.quote
        if a.arrogance:
            red["arrogance"] = a.arrogance.quote
        quote, rambling_why = self._rambling(a, parts, p)
        if "rambling" in reading:
            quote = (quote or rambling.where(a, p)) if reading["rambling"] else None
        if quote is not None:
            red["rambling"] = quote
        if 0 < wc < p["too_short_words"] or (0 < wc < p["too_short_two_sentences_words"] and a.told_sentences <= 2):
            red["too_short"] = sentences[0].quote if sentences else ""
        vague, vague_why = self._vague(a, on_topic, parts, measured, "too_short" in red, p)
        if vague:
            red["vague"] = evidence.most_generic(sentences)
        dodge = evasion.sidesteps(sentences, sum(part.present for part in parts.values()), red) if on_topic else None
        if dodge is not None:  # after vague: an evasion is vague as well, most writers say
            on_topic, better, index = False, None, self._index()
            quote = evidence.flag_quote(dodge.quote, sentences, a.told, evasion.shows)
            topic_reason = evasion.reason(index.subjects[index.ids.index(a.question_id)], a.question_id, quote)
        red = evidence.narrow_flags(red, sentences, a.told)

        five_model = self._index().flags.get("five")
        five = None if five_model is None or a.star_answer is None else five_model.probability(
            flag_model.five_features(len(a.tools), len(a.numbers), measured, share, wc, float(a.star_answer[res_col])))
        why = {"vague": vague_why, "rambling": rambling_why, "blame": blame_why}
        overall, reasons = grade_table.overall(parts, on_topic, topic_reason, spec, share, kp.covered, red, wc,
                                               len(a.seg.injections), p, why, five)
        return Grade(
            question_id=a.question_id,
            overall=overall,
            star=star.untold(parts, "a sentence or two tells no story") if "too_short" in red else
            evidence.pinpoint(parts, sentences, a.told, a.told_cues),
            key_points=kp,
            on_topic=on_topic,
            better_match=better,
            red_flags=[f for f in ("blame", "rambling", "arrogance", "vague", "too_short") if f in red],
            flag_evidence={k: v for k, v in red.items() if v},
            specificity=spec,
            word_count=wc,
            ownership=a.ownership,
            reasons=reasons,
            grader=GRADER_VERSION,
        )
