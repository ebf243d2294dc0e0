"""Regenerate harvester/bank/similarity_templates.json from every official report template.

The similarity check must never count the template's own words (question, hints, example answer,
placeholder) as shared between two answers, whichever template generation a group used. The
product cannot read ../shared at run time, so this script copies the template text it needs into
the bank, grouped by question key (keys are the stable ids of scripts/build_bank.py):

    python scripts/build_similarity_bank.py ../shared/templates harvester/bank

`questions[key]` holds every distinct text piece of that question's block across all template
files; `common` holds the rest (preamble, section intros, checklist items), which no answer's
shared passage may count either.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bank import KEYS_2023, KEYS_2025, generation_of  # noqa: E402

QUESTION_RE = re.compile(r"^###\s+Question\s+(\d+)")
HEADING_RE = re.compile(r"^#{1,6}\s")
MARKUP_RE = re.compile(r"^[>\s]*|[*`]+")


def clean(line: str) -> str:
    """A template line without blockquote marks and emphasis: the words a student would quote."""
    return MARKUP_RE.sub("", line).strip()


def blocks(text: str) -> tuple[dict[int, list[str]], list[str]]:
    """(question number -> its lines, every other line) of one template file."""
    questions: dict[int, list[str]] = {}
    common: list[str] = []
    current: int | None = None
    for raw in text.splitlines():
        match = QUESTION_RE.match(raw)
        if match:
            current = int(match.group(1))
            questions.setdefault(current, [])
            continue
        if HEADING_RE.match(raw):
            current = None
        line = clean(raw)
        if not line:
            continue
        (questions[current] if current is not None else common).append(line)
    return questions, common


def paragraphs(lines: list[str]) -> list[str]:
    """Wrapped template lines joined back into the sentences they are (one piece per line run)."""
    pieces: list[str] = []
    for line in lines:
        if pieces and not re.search(r"[.:?!]$", pieces[-1]):
            pieces[-1] += " " + line
        else:
            pieces.append(line)
    return pieces


def build(templates: Path) -> dict:
    questions: dict[str, list[str]] = {}
    common: list[str] = []
    files = sorted(templates.glob("*.md"))
    if not files:
        raise SystemExit(f"{templates}: no template *.md files")
    for path in files:
        text = path.read_text(encoding="utf-8")
        keys = KEYS_2023 if generation_of(text) == "2023" else KEYS_2025
        by_number, rest = blocks(text)
        for number, lines in by_number.items():
            pieces = questions.setdefault(keys[number], [])
            pieces.extend(p for p in paragraphs(lines) if p not in pieces)
        common.extend(p for p in paragraphs(rest) if p not in common)
    return {
        "comment": "Template text of every generation, by question key; written by "
        "scripts/build_similarity_bank.py. Never counted as shared text.",
        "templates": [p.name for p in files],
        "questions": dict(sorted(questions.items())),
        "common": common,
    }


def main(argv: list[str]) -> int:
    templates = Path(argv[0]) if argv else Path("../shared/templates")
    out = Path(argv[1]) if len(argv) > 1 else Path("harvester/bank")
    bank = build(templates)
    path = out / "similarity_templates.json"
    path.write_text(json.dumps(bank, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    pieces = sum(len(v) for v in bank["questions"].values())
    print(
        f"{path}: {len(bank['questions'])} question keys, {pieces} pieces, "
        f"{len(bank['common'])} common pieces from {len(bank['templates'])} templates"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
