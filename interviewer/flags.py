"""Surface signals of an answer: numbers, named tools, ownership (I vs we), generic phrasing and filler talk.

Pattern-based and deterministic: a lexicon of data-engineering tools and clouds, numbers written as digits or
spoken as words ("forty percent", "two hours"), generic phrasings, filler words and digressions. Blame and
arrogance, which need a sentence to quote, live in conduct.py and arrogance.py.

It does not decide the overall grade, nor flags that need length or embeddings (rambling, vague, too short):
the grader combines these signals with those.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from interviewer.segment import Sentence

# Canonical name -> extra spellings. Matched case-insensitively on word boundaries, spaces flexible.
_TOOLS: dict[str, tuple[str, ...]] = {
    "Spark": ("pyspark", "spark sql", "spark streaming", "structured streaming", "sparksql"),
    "Kafka": ("kafka connect", "ksql", "ksqldb", "confluent"), "Flink": (), "Beam": ("apache beam",),
    "Airflow": ("mwaa", "cloud composer"), "Dagster": (), "Prefect": (), "Luigi": (), "Oozie": (), "NiFi": (),
    "dbt": ("dbt cloud", "dbt core"), "SQLMesh": (), "Great Expectations": ("great expectation", "gx"),
    "Soda": ("soda core",), "Monte Carlo": (), "Deequ": (), "Snowflake": ("snowpipe",), "Redshift": ("spectrum",),
    "BigQuery": ("big query",), "Databricks": ("unity catalog", "delta live tables"),
    "Delta Lake": ("delta table", "delta tables"), "Iceberg": ("apache iceberg",), "Hudi": (),
    "Trino": ("starburst",), "Presto": (), "Hive": ("hive metastore",), "Hadoop": ("hdfs", "mapreduce", "yarn"),
    "Druid": (), "ClickHouse": (), "Pinot": (), "Synapse": (), "Data Factory": ("adf",),
    "S3": (), "GCS": ("cloud storage",), "ADLS": ("blob storage",), "EMR": (), "Glue": ("glue catalog",),
    "Athena": (), "Lambda": ("aws lambda",), "Kinesis": ("firehose",), "Step Functions": (), "SQS": (), "SNS": (),
    "Pub/Sub": ("pubsub", "pub sub"), "Dataflow": (), "Dataproc": (), "Cloud Functions": (),
    "AWS": ("amazon web services",), "GCP": ("google cloud",), "Azure": (), "Postgres": ("postgresql",),
    "MySQL": (), "Oracle": (), "SQL Server": ("mssql",), "MongoDB": ("mongo",), "Cassandra": (),
    "DynamoDB": ("dynamo",), "Elasticsearch": ("opensearch",), "Redis": (), "Teradata": (),
    "Vertica": (), "Debezium": (), "Fivetran": (), "Airbyte": (), "Informatica": (), "Talend": (),
    "SSIS": (), "Superset": (), "Tableau": (), "Looker": ("lookml",), "Power BI": ("powerbi",), "Metabase": (),
    "ThoughtSpot": (), "Grafana": (), "Prometheus": (), "Datadog": (), "PagerDuty": (), "Opsgenie": (),
    "CloudWatch": (), "Sentry": (), "Terraform": (), "Kubernetes": ("k8s", "eks", "gke", "aks", "helm"),
    "Docker": (), "Jenkins": (), "GitHub Actions": (), "GitLab CI": ("gitlab",), "CircleCI": (), "Git": (),
    "Jira": (), "Confluence": (), "Pandas": (), "Polars": (), "DuckDB": (), "Python": (),
    "Scala": (), "Java": (), "SQL": (), "Parquet": (), "Avro": (), "ORC": (), "Protobuf": (),
    "Schema Registry": (), "pytest": (), "DataHub": (), "OpenLineage": (), "Amundsen": (), "MLflow": (),
    "SageMaker": (), "Feast": (), "Dask": (), "Kubeflow": (), "Argo": (),
}
# Tool names that are also modelling terms: "a snowflake schema" names no tool.
_NOT_A_TOOL_AFTER = {"Snowflake": r"(?![\s-]*(?:schemas?|model|design|style|pattern)\b)"}
_TOOL_PATTERNS = [
    (name, re.compile(r"(?<![\w-])(?:" + "|".join(
        re.escape(s).replace(r"\ ", r"[\s-]?") for s in sorted({name.lower(), *spell}, key=len, reverse=True)
    ) + r")(?![\w-])" + _NOT_A_TOOL_AFTER.get(name, ""), re.IGNORECASE),
     frozenset(s.split()[0] for s in {name.lower(), *spell}))
    for name, spell in _TOOLS.items()
]
"""(name, pattern, first words of its spellings): a tool whose first words are not in the text is not searched."""



def tool_spellings() -> list[str]:
    """Every spelling of every tool in the lexicon, lower case ("pyspark", "great expectations")."""
    return sorted({s.lower() for name, spell in _TOOLS.items() for s in (name, *spell)})


_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|double|triple|dozen)"
)
_UNIT = (
    r"(?:%|percent|x\b|times|hours?|hrs?|minutes?|mins?|seconds?|secs?|ms|milliseconds?|days?|weeks?|months?|"
    r"years?|quarters?|sprints?|people|engineers|tables|pipelines|jobs|dashboards|reports|rows|records|events|"
    r"files|tb|gb|mb|pb|terabytes?|gigabytes?|k\b|m\b|dollars?|usd|per ?cent|nodes|clusters|sources|teams)"
)
_NUMBERS = re.compile(
    r"[$€£]\s?\d[\d,.]*\s?[kmb]?\b|\b\d[\d,.]*\s?" + _UNIT + r"?|\b" + _NUMBER_WORD + r"(?:[\s-]" + _NUMBER_WORD
    + r")*\s+" + _UNIT,
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
# A small count is a measurement when it is a change ("from 6 a month to 1") or a rate ("3 incidents a week").
_SMALL = r"(?:\d[\d,.]*|(?!half\b)" + _NUMBER_WORD + r")"
_CHANGE_OR_RATE = re.compile(
    r"\bfrom (?:about |around |roughly )?" + _SMALL + r"\b[^.;:?!]{0,30}?\bto (?:about |around |roughly |just |under )?"
    r"(?:" + _SMALL + r"|zero|none)\b|\b" + _SMALL + r"(?: [a-z]+)? (?:a|per|each) "
    r"(?:day|week|month|night|run|sprint|quarter|year|hour|release)\b",
    re.IGNORECASE,
)
# A count of none ("zero failed loads") and a time against a plan ("a week early", "a day late") measure an
# outcome too, though no digit or unit says so.
_NONE_OR_SLIP = re.compile(
    r"\bzero (?!copy\b|tolerance\b|trust\b|in\b|to\b|out\b)(?:[a-z-]+ ){0,2}?(?:[a-z-]+s|downtime|data[ -]loss)\b|"
    r"\b(?:a|an|one|half a|" + _NUMBER_WORD + r") (?:hours?|days?|weeks?|months?|sprints?|quarters?) "
    r"(?:early|earlier|ahead(?: of (?:schedule|plan|the deadline))?|sooner|late|behind(?: schedule)?)\b",
    re.IGNORECASE,
)

_FIRST_SINGULAR = re.compile(r"\b(?:i|me|my|mine|myself|i'm|i've|i'd|i'll)\b", re.IGNORECASE)
_FIRST_PLURAL = re.compile(r"\b(?:we|us|our|ours|ourselves|we're|we've|we'd|we'll)\b", re.IGNORECASE)

GENERIC = re.compile(
    r"\b(?:in general|generally|usually|typically|normally|always|best practices?|it depends|i would|i'd|"
    r"you (?:should|would|can|need to)|one should|the key is|it's important to|it is important to|"
    r"various|things like|stuff like|etc|and so on|some kind of|somehow)\b",
    re.IGNORECASE,
)


FILLER_TALK = re.compile(
    r"\b(?:so|like|actually|basically|anyway|um|uh|yeah|you know|i think|i mean|kind of|sort of|and then|stuff|"
    r"things?)\b",
    re.IGNORECASE,
)
"""Words that carry no content in an answer: a page of them is talk with the structure buried."""
SIGNPOST = re.compile(
    r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|finally|(?:step|phase|layer|part) (?:one|two|three|four|\d)|"
    r"(?:the|my) (?:context|setup|situation|problem|result|outcome|role|task|responsibility|goal)(?: was| is|:)|"
    r"what i (?:did|changed|built)|(?:in|into) (?:two|three|four|five) (?:parts|steps|phases|layers|stages)|"
    r"so that'?s the)\b",
    re.IGNORECASE,
)
"""Words that show the structure of a long answer ("first…", "phase two", "so that's the context", "what I
changed"): a long answer full of them keeps its structure in view."""
DIGRESSION = re.compile(
    r"\b(?:anyway|anyways|by the way|i remember|wait,? no|long story|side note|which (?:was|is) a whole|"
    r"that'?s another story|but that'?s|where was i|going back|i digress|tangent|what was i saying)\b",
    re.IGNORECASE,
)
"""Markers of a detour away from the story and back."""


def filler_density(text: str) -> float:
    """FILLER_TALK words per 100 words."""
    words = len(text.split())
    return 100 * len(FILLER_TALK.findall(text)) / words if words else 0.0


def tools(text: str) -> list[str]:
    """Canonical names of tools and clouds named in `text`, in order of first mention."""
    low = text.lower()
    found = [(m.start(), name) for name, pat, keys in _TOOL_PATTERNS
             if any(k in low for k in keys) and (m := pat.search(text))]
    return [name for _, name in sorted(found)]


def numbers(text: str) -> list[str]:
    """Numbers with their units as written (digits or spoken words); bare years and list markers are skipped, and a
    single digit counts only in a change or a rate ("from 6 a month to 1", "3 incidents a week"); a count of none
    ("zero failed loads") and a slip against a plan ("a week early") count too."""
    found: list[tuple[int, str]] = []
    for m in _NUMBERS.finditer(text):
        value = m.group(0).strip(" ,.")
        if not value or _YEAR.match(value):
            continue
        if re.fullmatch(r"\d", value) and not re.search(r"[%x$]", value):
            continue  # "step 1", "2 teams": single bare digits carry little
        found.append((m.start(), value))
    for m in (*_CHANGE_OR_RATE.finditer(text), *_NONE_OR_SLIP.finditer(text)):  # one each, unless already counted
        if not any(m.start() <= at < m.end() for at, _ in found) and not re.search(r"\b(?:19|20)\d\d\b", m.group(0)):
            found.append((m.start(), m.group(0)))
    return [value for _, value in sorted(found)]


def has_measure(text: str) -> bool:
    return bool(numbers(text))


def ownership(text: str) -> float:
    """Share of first-person pronouns that are singular ("I") rather than plural ("we"); 0 when there are none."""
    singular = len(_FIRST_SINGULAR.findall(text))
    plural = len(_FIRST_PLURAL.findall(text))
    return round(singular / (singular + plural), 3) if singular + plural else 0.0


def first_match(pattern: re.Pattern[str], sentences: Sequence[Sentence]) -> Sentence | None:
    return next((s for s in sentences if pattern.search(s.text)), None)


def count_matches(pattern: re.Pattern[str], sentences: Sequence[Sentence]) -> int:
    return sum(1 for s in sentences if pattern.search(s.text))
