"""Metamorphic checks on the shared corpus: the messy habits groups have must not change the
record. Each real report is rewritten the way other groups write theirs (hint lines deleted,
headings bolded or re-levelled or deleted, blockquotes or "Answer:" lines removed, CRLF) and the
DESIGN fields must stay what they were. Skipped when ../shared is not there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harvester.parse import parse_text
from harvester.parse.decode import decode_bytes
from harvester.parse.record import RECORD_KEYS

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
HINT = re.compile(r"^\s*>?\s*(?:Recommended answer length|Answer length|Example:?\s*$)")
TRANSFORMS = {
    "no_hints": lambda t: "\n".join(x for x in t.split("\n") if not HINT.match(x)),
    "bold_headings": lambda t: re.sub(r"(?m)^### Question (\d+)\s*$", r"**Question \1**", t),
    "h2_headings": lambda t: re.sub(r"(?m)^### Question (\d+)", r"## Question \1", t),
    "no_blockquotes": lambda t: re.sub(r"(?m)^> ?", "", t),
    "no_answer_lines": lambda t: re.sub(r"(?m)^>\s*Answer:\s*$", ">", t),
    "no_headings": lambda t: re.sub(r"(?m)^#+ Question \d+.*$", "", t),
}
REPORTS = sorted(p.parent for p in CORPUS.rglob("labels.json")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not REPORTS, reason="shared corpus not available")
@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_messy_habits_do_not_change_the_record(name: str) -> None:
    changed = []
    for folder in REPORTS:
        text = decode_bytes((folder / "README.md").read_bytes()).text
        assert text is not None
        files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
        base = parse_text(text, files)
        other = parse_text(TRANSFORMS[name](text), files)
        diff = [k for k in RECORD_KEYS if other[k] != base[k]]
        if diff:
            changed.append((folder.name, {k: (base[k], other[k]) for k in diff}))
    assert changed == []
