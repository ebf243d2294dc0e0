"""Where a fact was read: its words found again in the README, as ``facts_sources`` entries.

Extractors read a cleaned copy of the answer (no emphasis, no blockquote markers), so the words
are found again in the README's own lines, tolerant of the markup between them
("**Cloud** Run", "$ 3.57\\,"). Among several occurrences, the line sharing most words with the
sentence the extractor read wins.
"""

from __future__ import annotations

import re
from typing import Any

from harvester.parse.facts.fact import Fact

_TOKEN = re.compile(r"\w+|[^\w\s]")
_GAP = r"[^\w\n]{0,8}?"
_MAX_WORDS = 200


def words_pattern(words: str) -> re.Pattern[str] | None:
    """A pattern for ``words`` that allows markup and spacing between their tokens."""
    # markdown emphasis and code marks are not words: "Cloud **Run" is "Cloud Run"
    tokens = [t for t in _TOKEN.findall(words) if t not in "*`~"][:40]
    if not any(t[0].isalnum() or t[0] == "_" for t in tokens):
        return None
    return re.compile(_GAP.join(re.escape(t) for t in tokens), re.I)


def locate(
    words: str | None, context: str | None, lines: list[str], first: int, last: int
) -> tuple[int, int, int] | None:
    """(0-based line, start, end) of ``words`` within ``lines[first:last]``, else None."""
    if not words or len(words) > _MAX_WORDS:
        return None
    pattern = words_pattern(words)
    if pattern is None:
        return None
    wanted = {w.lower() for w in re.findall(r"\w+", context or "")}
    best: tuple[int, int, int, int] | None = None
    for index in range(max(0, first), min(len(lines), last)):
        line = lines[index]
        match = pattern.search(line)
        if match is None:
            continue
        overlap = len(wanted & {w.lower() for w in re.findall(r"\w+", line)})
        if best is None or overlap > best[0]:
            best = (overlap, index, match.start(), match.end())
    return None if best is None else best[1:]


def source_entry(
    fact: Fact, question: int | None, lines: list[str], first: int, last: int
) -> dict[str, Any]:
    """The record's ``facts_sources`` entry of one fact (line is 1-based, span 0-based)."""
    found = locate(fact.words, fact.context, lines, first, last)
    entry: dict[str, Any] = {
        "question": question,
        "answer": fact.value,
        "words": None,
        "line": None,
        "span": None,
        "sentence": _clean(fact.context),
        "rule": fact.rule,
        "confidence": fact.confidence,
        "reason": fact.reason,
        "candidates": list(fact.candidates),
    }
    if found is not None:
        index, start, end = found
        entry.update({"words": lines[index][start:end], "line": index + 1, "span": [start, end]})
    elif fact.words:
        entry["words"] = fact.words
    return entry


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= 500 else text[:497] + "..."
