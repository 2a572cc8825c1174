"""Parse an interview guide written in Markdown into typed questions and documents, and chunk it.

The shape it reads (the Senior Data Engineer AI-round guide, or any guide written the same way):

    # Guide title
    ## 1. Section name              <- a numbered section; the ones holding questions become categories
    ### Q1: The question text?      <- a question; its body, up to the next heading, is the reference answer
    **Answer:** / **STAR Answer:**  <- optional label line, dropped from the answer
    **Situation:** … **Result:**    <- optional STAR sections of the reference
    ## Final Preparation Tips       <- sections without questions are kept as GuideDocs

Pure: text in, pydantic records out. It touches no store, no network and no file other than the one read by
`load_guide`. Errors are `GuideError`s that name the line, so a broken guide can be fixed where it breaks.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from interviewer.errors import InterviewerError
from interviewer.models import Chunk, Guide, GuideDoc, Question, StarName

_SECTION = re.compile(r"^##\s+(?:(\d+)\.\s*)?(.+?)\s*$")
_QUESTION = re.compile(r"^###\s+Q(\d+)\s*[:.)-]\s*(.+?)\s*$")
_QUESTION_LIKE = re.compile(r"^###\s+Q\d+\b")
_ANSWER_LABEL = re.compile(r"^\*\*[^*]*\banswer\b[^*]*:?\*\*:?\s*$", re.IGNORECASE)
_BOLD_LABEL = re.compile(r"^\*\*([^*]+?):\*\*\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.+)$")
_HEADING_LINE = re.compile(r"^\s*(?:\d+[.)]\s*)?\*\*([^*]+?)\*\*:?\s*(.*)$")
_BEHAVIORAL_TEXT = re.compile(
    r"^(tell me (about|how)|describe a (time|situation)|give me an example|walk me through a time|"
    r"share an example|have you ever)",
    re.IGNORECASE,
)

# Labels the guide uses for the parts of a STAR story. Synonyms map to the part they play.
_STAR_LABELS: dict[str, StarName] = {
    "situation": "situation",
    "context": "situation",
    "business context": "situation",
    "example scenario": "situation",
    "task": "task",
    "my role": "task",
    "my task": "task",
    "action": "action",
    "actions": "action",
    "resolution": "action",
    "my prioritization": "action",
    "result": "result",
    "results": "result",
    "outcome": "result",
    "business impact": "result",
    "impact": "result",
}

# A moral drawn after the story ("**Key Principle:**") is not part of its result.
_STAR_CLOSERS = {"key principle", "bottom line", "key takeaway", "key takeaways", "lesson learned", "lessons learned"}

_DOC_ALIASES = (("walkthrough", "walkthrough"), ("red flag", "red-flags"), ("questions to ask", "questions-to-ask"),
                ("tips", "tips"))
_SKIPPED_SECTIONS = ("table of contents",)
_ANSWER_CHUNK_WORDS = 120


class GuideError(InterviewerError, ValueError):
    """The guide cannot be used as it is; `line` is the 1-based line to look at (0 when it is the whole file)."""

    def __init__(self, message: str, line: int = 0, source: str = "<guide>") -> None:
        self.line = line
        self.source = source
        where = f"{source}:{line}: " if line else f"{source}: "
        super().__init__(where + message)


@dataclass
class _Block:
    """Lines under one heading while the file is being read."""

    kind: str  # "question" | "section"
    line: int
    title: str
    category: str | None = None
    number: int | None = None
    lines: list[str] = field(default_factory=list)


def load_guide(path: Path) -> Guide:
    """Read and parse a guide. `path` is a Markdown file, or a folder holding exactly one."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.md"))
        if len(files) != 1:
            found = ", ".join(f.name for f in files) or "none"
            raise GuideError(f"expected one Markdown guide in the folder, found {found}", source=str(path))
        path = files[0]
    if not path.exists():
        raise GuideError("no such file", source=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GuideError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=str(path)) from exc
    return parse_guide(text, source=str(path))


def parse_guide(text: str, source: str = "<guide>") -> Guide:
    """Parse guide Markdown into a Guide. Raises GuideError naming the line on a malformed guide."""
    lines = text.replace("\r\n", "\n").split("\n")
    title = next((ln[2:].strip() for ln in lines if ln.startswith("# ")), Path(source).stem)
    blocks = _split_blocks(lines, source)
    questions = [_question(b, source) for b in blocks if b.kind == "question"]
    if not questions:
        raise GuideError("no questions found: expected headings like '### Q1: The question?'", source=source)
    _check_unique(questions, source)
    docs = _documents(blocks)
    return Guide(title=title, source=source, questions=questions, documents=docs)


def _split_blocks(lines: list[str], source: str) -> list[_Block]:
    blocks: list[_Block] = []
    section: _Block | None = None
    in_code = False
    for i, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and (m := _SECTION.match(raw)):
            section = _Block("section", i, m.group(2).strip())
            blocks.append(section)
            continue
        if not in_code and (m := _QUESTION.match(raw)):
            if section is None:
                raise GuideError("question before any '## ' section heading", i, source)
            blocks.append(_Block("question", i, m.group(2).strip(), category=section.title,
                                 number=int(m.group(1))))
            continue
        if not in_code and _QUESTION_LIKE.match(raw):
            raise GuideError(f"question heading without text; write it as '### Q7: The question?': {raw!r}",
                             i, source)
        if blocks:
            # Sub-headings (### Template:, ### 1. Practice Out Loud) stay inside their section's text.
            blocks[-1].lines.append(raw)
    return blocks


def _question(block: _Block, source: str) -> Question:
    body = _strip_rule(block.lines)
    while body and (not body[0].strip() or _ANSWER_LABEL.match(body[0].strip())):
        body = body[1:]
    answer = "\n".join(body).strip()
    if not answer:
        raise GuideError(f"question Q{block.number} has no answer under it", block.line, source)
    category = _clean_category(block.category or "")
    return Question(
        id=f"Q{block.number}",
        number=block.number or 0,
        category=category,
        kind="behavioral" if _is_behavioral(block.title, category) else "technical",
        text=block.title,
        answer=answer,
        star=_star_sections(body),
        key_points=_key_points(body),
        line=block.line,
    )


def _clean_category(title: str) -> str:
    return re.sub(r"^bonus:\s*", "", title, flags=re.IGNORECASE).strip()


def _is_behavioral(text: str, category: str) -> bool:
    return "behavio" in category.lower() or bool(_BEHAVIORAL_TEXT.match(text.strip()))


def _strip_rule(lines: list[str]) -> list[str]:
    """Drop trailing blank lines and horizontal rules (the guide separates questions with '---')."""
    out = list(lines)
    while out and out[-1].strip() in ("", "---", "***", "___"):
        out.pop()
    return out


def _star_sections(body: list[str]) -> dict[StarName, str]:
    """Text under each STAR label of the reference, where the guide gives labels."""
    star: dict[StarName, list[str]] = {}
    current: StarName | None = None
    for raw in body:
        m = _BOLD_LABEL.match(raw.strip())
        if m:
            label = m.group(1).strip().lower()
            if label in _STAR_LABELS:
                current = _STAR_LABELS[label]
                star.setdefault(current, [])
                if m.group(2).strip():
                    star[current].append(m.group(2).strip())
                continue
            if label in _STAR_CLOSERS:
                current = None
                continue
        if current is not None:
            star[current].append(raw)
    return {part: "\n".join(text).strip() for part, text in star.items() if "\n".join(text).strip()}


def _key_points(body: list[str]) -> list[str]:
    """The bold headings and bullet points of an answer, each cut to one short plain sentence."""
    points: list[str] = []
    in_code = False
    for raw in body:
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        text = None
        if m := _BULLET.match(raw):
            text = m.group(1)
        elif m := _HEADING_LINE.match(raw):
            label, rest = m.group(1), m.group(2)
            if label.strip().lower().rstrip(":") in _STAR_LABELS or _ANSWER_LABEL.match(raw.strip()):
                continue
            text = f"{label.rstrip(':')}: {rest}" if rest.strip() else label
        if text is None:
            continue
        point = _plain(text)
        if len(point.split()) >= 2 and point.lower() not in (p.lower() for p in points):
            points.append(point)
    return points


def _plain(text: str) -> str:
    """Markdown emphasis, code and links removed; the first sentence, at most ~30 words."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    text = text.strip().strip("\"'").strip()
    text = re.sub(r"\s+", " ", text).rstrip(":").strip()
    words = text.split()
    if len(words) > 30:
        first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
        text = first if len(first.split()) <= 30 else " ".join(words[:30]) + "…"
    return text


def _check_unique(questions: list[Question], source: str) -> None:
    seen: dict[str, int] = {}
    for q in questions:
        if q.id in seen:
            raise GuideError(f"duplicate question id {q.id} (first at line {seen[q.id]})", q.line, source)
        seen[q.id] = q.line


def _documents(blocks: list[_Block]) -> list[GuideDoc]:
    """Sections that hold no question: the walkthrough template, tips, red flags, questions to ask."""
    has_question = {id(b) for b in _sections_with_questions(blocks)}
    docs: list[GuideDoc] = []
    for b in blocks:
        if b.kind != "section" or id(b) in has_question:
            continue
        if any(s in b.title.lower() for s in _SKIPPED_SECTIONS):
            continue
        text = "\n".join(_strip_rule(b.lines)).strip()
        if text:
            docs.append(GuideDoc(id=_doc_id(b.title, docs), title=b.title, text=text, line=b.line))
    return docs


def _sections_with_questions(blocks: list[_Block]) -> list[_Block]:
    out: list[_Block] = []
    section: _Block | None = None
    for b in blocks:
        if b.kind == "section":
            section = b
        elif section is not None and section not in out:
            out.append(section)
    return out


def _doc_id(title: str, existing: list[GuideDoc]) -> str:
    low = title.lower()
    slug = next((alias for key, alias in _DOC_ALIASES if key in low), None)
    slug = slug or re.sub(r"[^a-z0-9]+", "-", low).strip("-") or "doc"
    taken = {d.id for d in existing}
    base, n = slug, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def chunk_guide(guide: Guide) -> list[Chunk]:
    """Deterministic chunks: "Q7:question", "Q7:answer:0…", "doc:tips:0…".

    The same guide always gives the same ids and hashes, so re-ingest can skip what is unchanged. Key points are
    not chunks of their own: they did not help retrieval, and the grader embeds them where it needs them.
    """
    chunks: list[Chunk] = []
    for q in guide.questions:
        chunks.append(_chunk(f"{q.id}:question", q.text, q.id, "question"))
        for i, part in enumerate(_split_words(q.answer, _ANSWER_CHUNK_WORDS)):
            chunks.append(_chunk(f"{q.id}:answer:{i}", part, q.id, "answer"))
    for d in guide.documents:
        for i, part in enumerate(_split_words(d.text, _ANSWER_CHUNK_WORDS)):
            chunks.append(_chunk(f"doc:{d.id}:{i}", part, None, d.id))
    return chunks


def _chunk(cid: str, text: str, qid: str | None, section: str) -> Chunk:
    return Chunk(id=cid, text=text, question_id=qid, section=section, content_hash=content_hash(text))


def _split_words(text: str, max_words: int) -> list[str]:
    """Split on paragraph boundaries into pieces of about `max_words` words (a longer paragraph stays whole)."""
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for para in re.split(r"\n\s*\n", text):
        n = len(para.split())
        if current and count + n > max_words:
            pieces.append("\n\n".join(current))
            current, count = [], 0
        if para.strip():
            current.append(para.strip())
            count += n
    if current:
        pieces.append("\n\n".join(current))
    return pieces
