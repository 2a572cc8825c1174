"""Build interviewer/question_aliases.json from paraphrased questions (training splits, and two validation ones).

    $ .venv/bin/python scripts/build_aliases.py

Reads evals/tune*/retrieval.jsonl and the paraphrased questions of the validation splits in splits.ALIAS_EXTRA
(dev13-dev16: added after their first run, since one more writer's aliases helped the others' unseen questions;
evals/README.md, "After 0.20"), never held-out or any other set, and keys each paraphrase by the text of the guide
question it rephrases, so the aliases attach to this guide's questions and no other.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from splits import ALIAS_EXTRA

from interviewer.aliases import ALIASES_FILE
from interviewer.corpus import load_guide
from interviewer.evaluate import load_retrieval
from interviewer.settings import DEFAULT_CORPUS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*sorted((ROOT / "evals").glob("tune*/retrieval.jsonl")),
           *(ROOT / "evals" / name / "retrieval.jsonl" for name in ALIAS_EXTRA)]


def main() -> None:
    guide = load_guide(DEFAULT_CORPUS)
    text = {q.id: q.text for q in guide.questions}
    aliases: dict[str, list[str]] = {q.text: [] for q in guide.questions}
    sources = []
    for path in SOURCES:
        cases = load_retrieval(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        sources.append(f"{path.relative_to(ROOT)} sha256:{digest} ({len(cases)} queries)")
        for case in cases:
            if case.question_id in text and case.query not in aliases[text[case.question_id]]:
                aliases[text[case.question_id]].append(case.query)
    ALIASES_FILE.write_text(json.dumps({"built_from": sources, "aliases": aliases}, indent=1, ensure_ascii=False)
                            + "\n", encoding="utf-8")
    print(f"wrote {ALIASES_FILE.relative_to(ROOT)}: {sum(map(len, aliases.values()))} aliases "
          f"for {sum(bool(v) for v in aliases.values())} questions from {len(SOURCES)} files")


if __name__ == "__main__":
    main()
