"""Lexical matching for question retrieval: a small BM25 with stemming and data-engineering concept expansion.

`BM25` scores a query against a handful of documents (one per guide question). Terms are crude stems plus
concept tokens from `CONCEPTS`, a hand-written table of general data-engineering and interview vocabulary
(size ~ estimate, ticket ~ story, CDC ~ change data capture…) so that a paraphrase matches without sharing words.
`STORY_ASK` recognises a query that asks for a story. No embeddings, no store, no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

_STOPWORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "did", "do", "does", "for", "from", "have", "how",
    "i", "if", "in", "is", "it", "me", "my", "of", "on", "or", "tell", "that", "the", "this", "to", "we", "what",
    "when", "which", "who", "why", "with", "would", "you", "your",
))
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ers", "er", "es", "ed", "ly", "s")


def _stem(word: str) -> str:
    """A crude suffix stripper: enough to match "estimating"/"estimates"/"estimate" and "stories"/"story"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
    return word


# General data-engineering and interview vocabulary, used to expand BM25 terms on both sides: every match of a
# group's pattern (on lower-cased text) adds the token "~group", so "size user stories" and "estimate story
# points" share "~estimate" and "~ticket". Written from domain knowledge (by someone who had read the tune split's
# queries, so tune retrieval numbers are optimistic; the held-out split is the fair check) and guide-independent:
# a guide on another topic simply matches fewer groups. Add groups, keep them general.
CONCEPTS: dict[str, str] = {
    "estimate": (
        r"estimat\w*|story[- ]?points?|\bpoint(?:s|ing)?\b|\bsiz(?:e|es|ed|ing)\b|planning poker"
        r"|fibonacci|t-?shirt|\beffort\b|velocity"
    ),
    "ticket": r"tickets?|jira|\bstor(?:y|ies)\b|\btasks?\b|sub-?tasks?|\bepics?\b|work items?|backlog",
    "agile": r"sprints?|scrum|agile|stand-?ups?|retros?(?:pectives?)?|ceremon\w*|cadence|iterations?|kanban",
    "blocker": r"\bblock(?:ed|er|ers|ing)\b|\bstuck\b|impediments?|waiting (?:on|for)|dependenc(?:y|ies)",
    "escalate": r"escalat\w*|\braise\b|\bflag\b|communicat\w*|heads-?up|let (?:\w+ )?know|notify",
    "document": (
        r"document\w*|write-?ups?|write (?:it )?down|written|confluence|\bwiki\b|\bspecs?\b"
        r"|\brecord\w*"
    ),
    "requirement": r"requirements?|\basks?\b|\brequests?\b|\bneeds?\b|\bscope\b",
    "stakeholder": (
        r"stakeholders?|business|product (?:manager|owner)|\bpm\b|\bvp\b|head of|leadership"
        r"|executives?|clients?"
    ),
    "change": r"chang\w*|shift\w*|evolv\w*|moving|changing (?:their|its) mind|pivot\w*|scope creep",
    "vague": r"vague|fuzzy|ambigu\w*|unclear|incomplete|half-?baked",
    "test": r"\btest\w*|pytest|validat\w*|\bchecks?\b|assert\w*|verif\w*|prove",
    "deploy": r"deploy\w*|releas\w*|go(?:es|ing)? live|\bship\w*|\bprod\b|production|roll-?out|launch\w*",
    "cicd": (
        r"\bci\b|\bcd\b|ci/cd|continuous (?:integration|delivery|deployment)|pull requests?|\bprs?\b"
        r"|\bmerges?\b|github actions|jenkins|gitlab"
    ),
    "large": (
        r"billions?|millions?|huge|massive|petabytes?|terabytes?|\btb\b|\bpb\b|\blarge\b"
        r"|\bvolumes?\b|big data"
    ),
    "sample": r"sampl\w*|checksums?|hash\w*|reconcil\w*|row counts?",
    "scale": r"scal\w*|\bgrow\w*|\d+x\b|tenfold|hundredfold|horizontal\w*|parallel\w*",
    "availability": (
        r"availab\w*|uptime|downtime|outages?|redundan\w*|failover|replicas?|\bsla\w*"
        r"|single point of failure"
    ),
    "failure": (
        r"fail\w*|crash\w*|\bbr(?:oke|eaks?|oken)\b|blow(?:s|n)? up|blew up|errors?|incidents?"
        r"|outages?|paged|pager|on-?call|\balerts?\b|\b[1-5] ?am\b|middle of the night|overnight"
    ),
    "monitor": r"monitor\w*|alert\w*|observab\w*|on-?call|paged|pager",
    "cost": (
        r"\bcosts?\b|spend\w*|\bbills?\b|cheap\w*|expens\w*|budget\w*|finops|credits?"
        r"|\bsav(?:e|es|ing|ings)\b"
    ),
    "conflict": r"conflict\w*|disagree\w*|push ?back|clash\w*|oppos\w*|competing|argu\w*|tension",
    "priority": r"priorit\w*|urgent\w*|urgency|triage|on fire|can'?t wait|\bsequenc\w*",
    "ownership": (
        r"ownership|\bown(?:ed)?\b|end[- ]to[- ]end|start to finish|from scratch|accountab\w*"
        r"|\bdr(?:ove|ive)\b"
    ),
    "incident": (
        r"incidents?|outages?|firefight\w*|production (?:issue|bug|problem)s?|\bsev ?[0-9]\b"
        r"|postmortem|post-mortem"
    ),
    "pressure": r"pressure|deadlines?|time-?critical|everyone (?:was )?watching",
    "batch": r"batch\w*|nightly|\bdaily\b|hourly|schedul\w*|\bcron\b",
    "stream": r"stream\w*|real-?time|near-real-time|kafka|flink|kinesis|latency|\bevents?\b",
    "cdc": (
        r"\bcdc\b|change data capture|debezium|binlog|\bwal\b|replicat\w*"
        r"|inserts?,? updates?,? (?:and )?deletes?|log-based"
    ),
    "lake": (
        r"data ?lakes?|lakehouse|\bs3\b|object stor\w*|\badls\b|\bgcs\b|delta lake|iceberg|\bhudi\b"
        r"|parquet"
    ),
    "warehouse": r"warehous\w*|bigquery|redshift|synapse",
    "source": (
        r"\bsources?\b|upstream|\bapis?\b|\bsaas\b|oltp|postgres\w*|mysql"
        r"|operational (?:db|database)s?"
    ),
    "quality": (
        r"data quality|\bquality\b|bad (?:data|records?|rows?)|dirty data|great expectations"
        r"|anomal\w*|\bnulls?\b|duplicat\w*"
    ),
    "spark": (
        r"\bspark\b|pyspark|executors?|shuffl\w*|\bskew\w*|broadcast|spill\w*|dataframes?|\brdds?\b"
        r"|databricks"
    ),
    "dbt": r"\bdbt\b|materiali[sz]\w*|incremental models?|macros?|jinja|slim ci",
    "schema": (
        r"schema (?:drift|chang\w*|evolution)"
        r"|(?:add|added|adds|drop|dropped|drops|renam\w*|new|missing) columns?"
        r"|columns? (?:added|dropped|renamed)|\bstructure\b"
    ),
    "resilience": (
        r"fault[- ]toleran\w*|resilien\w*|recover\w*|retr(?:y|ies|ied)|idempot\w*|checkpoint\w*"
        r"|dead[- ]letter|\bdlq\b|exactly[- ]once|re-?runs?|backfill\w*"
    ),
    "scd": (
        r"\bscd\w*|slowly changing|type ?(?:1|2|one|two)\b|history|historical|versioned"
        r"|effective dates?|valid_from|overwrit\w*"
    ),
    "dimensional": (
        r"star schema|snowflake schema|dimensional model\w*|fact tables?|dimension tables?"
        r"|dimensions?|\bdims?\b|normali[sz]\w*|denormali[sz]\w*|kimball"
    ),
    "engine": r"\btrino\b|presto|athena|interactive|ad[- ]hoc|exploratory|query engines?|\bmpp\b",
    "dashboard": (
        r"dashboards?|\breports?\b|reporting|visuali[sz]\w*|\bbi\b|tableau|looker|power bi|\bkpis?\b"
    ),
    "sales": r"\bsales\b|revenue|selling|commercial",
    "translate": (
        r"translat\w*|convert\w*|turn (?:\w+ )?into|break (?:\w+ )?down|breakdown|decompos\w*"
        r"|\bsplit\w*|\bslic\w*"
    ),
    "colleague": r"colleagues?|co-?workers?|teammates?|peers?|team members?",
}
_CONCEPTS = [(f"~{name}", re.compile(pattern)) for name, pattern in CONCEPTS.items()]

# A query that asks for a story (the store favours behavioral questions when it matches).
STORY_ASK = re.compile(
    r"\b(?:tell me about|describe|walk me through|talk (?:me )?through|share|think of) (?:a|an|one) "
    r"(?:time|situation|occasion|example|case|project|incident)\b"
    r"|\bhave you ever\b|\bgive (?:me )?an example (?:of a time|where|when)\b|\ba time (?:when|where|you)\b",
    re.IGNORECASE,
)


def terms(text: str) -> list[str]:
    """The stemmed content words of `text`, stopwords dropped, once per mention."""
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOPWORDS]


def concepts(text: str) -> list[str]:
    """The concept tokens ("~conflict", "~priority") that `text` names, once per mention."""
    low = text.lower()
    return [token for token, pattern in _CONCEPTS for _ in pattern.findall(low)]


class BM25:
    """Okapi BM25 over a handful of documents (one per question); small enough to rebuild on every load.

    Terms are stems plus concept tokens (`CONCEPTS`). With `idf_docs`, a word's IDF is the smaller of its
    IDF over `docs` and over `idf_docs` (rescaled to the same range): a word rare among the questions but
    common in the guide's prose counts as generic. Concept tokens keep their IDF over `docs`.
    """

    def __init__(
        self, docs: list[str], k1: float = 1.2, b: float = 0.75, idf_docs: list[str] | None = None
    ) -> None:
        self._tf = [Counter(self._terms(d)) for d in docs]
        lengths = [sum(tf.values()) for tf in self._tf]
        avg = max(sum(lengths) / max(len(lengths), 1), 1e-9)
        self._norm = [k1 * (1 - b + b * n / avg) for n in lengths]
        self._k1 = k1
        self._idf = _idf([set(tf) for tf in self._tf])
        if idf_docs:
            wide = _idf([set(self._terms(d)) for d in idf_docs])
            scale = max(self._idf.values(), default=1.0) / max(max(wide.values(), default=1.0), 1e-9)
            for term in self._idf:
                if not term.startswith("~") and term in wide:
                    self._idf[term] = min(self._idf[term], wide[term] * scale)

    @staticmethod
    def _terms(text: str) -> list[str]:
        return terms(text) + concepts(text)

    def scores(self, query: str) -> np.ndarray:
        out = np.zeros(len(self._tf))
        for term in set(self._terms(query)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for j, tf in enumerate(self._tf):
                if f := tf.get(term):
                    out[j] += idf * f * (self._k1 + 1) / (f + self._norm[j])
        return out


def _idf(docs: list[set[str]]) -> dict[str, float]:
    df = Counter(t for d in docs for t in d)
    return {t: math.log(1 + (len(docs) - f + 0.5) / (f + 0.5)) for t, f in df.items()}
