"""Highlight each extracted fact's source words in the rendered answer, so the facts box can link
to them (record.json ``facts_sources``).

The marks are placed on the *sanitized* HTML, after nh3 has run: the sanitizer never has to allow
``<mark>`` or ``id`` attributes in student HTML, and the only markup added is ours (an id we
build from the field name, never from student text). Words are found in the text between tags,
so "**Cloud** Run" (rendered ``<strong>Cloud</strong> Run``) is marked piece by piece.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from harvester.parse.facts.sources import words_pattern

_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class FactMark:
    """One fact to highlight in one answer: our anchor id, the words and their sentence."""

    anchor: str
    question: int
    words: str
    sentence: str


def fact_marks(record: dict[str, Any]) -> list[FactMark]:
    """Every fact of ``record["facts_sources"]`` that has source words, with its anchor id."""
    sources = record.get("facts_sources") if isinstance(record, dict) else None
    if not isinstance(sources, dict):
        return []
    entries: list[tuple[str, Any]] = [
        ("fact-code-coverage", sources.get("code_coverage")),
        ("fact-credits", sources.get("credits")),
    ]
    services = sources.get("services")
    if isinstance(services, list):
        entries += [(f"fact-service-{i}", entry) for i, entry in enumerate(services)]
    marks: list[FactMark] = []
    for anchor, entry in entries:
        if not isinstance(entry, dict):
            continue
        words, question = entry.get("words"), entry.get("question")
        if isinstance(words, str) and words.strip() and isinstance(question, int):
            sentence = entry.get("sentence")
            marks.append(
                FactMark(anchor, question, words, sentence if isinstance(sentence, str) else "")
            )
    return marks


def mark_facts(safe_html: str, marks: list[FactMark]) -> tuple[str, dict[str, str]]:
    """``safe_html`` with each mark's words wrapped in ``<mark id=...>``.

    Returns the new HTML and, per mark anchor, the id the link should use (its own, or that of
    an earlier mark over the same words). Marks whose words are not in the text are left out.
    """
    parts = _TAG_SPLIT.split(safe_html)
    texts = [(i, p) for i, p in enumerate(parts) if i % 2 == 0]
    plain = "".join(p for _, p in texts)
    placed: list[tuple[int, int, str]] = []  # (start, end, anchor) in plain
    targets: dict[str, str] = {}
    for mark in marks:
        span = _best_span(plain, mark)
        if span is None:
            continue
        overlap = next((a for s, e, a in placed if s < span[1] and span[0] < e), None)
        if overlap is not None:
            targets[mark.anchor] = overlap
            continue
        placed.append((*span, mark.anchor))
        targets[mark.anchor] = mark.anchor
    if not placed:
        return safe_html, targets
    offset = 0
    for index, text in texts:
        parts[index] = _wrap(text, offset, placed)
        offset += len(text)
    return "".join(parts), targets


def _best_span(plain: str, mark: FactMark) -> tuple[int, int] | None:
    pattern = words_pattern(html.escape(mark.words, quote=False))
    if pattern is None:
        return None
    wanted = {w.lower() for w in _WORD.findall(html.unescape(mark.sentence))}
    best: tuple[int, int, int] | None = None
    for match in pattern.finditer(plain):
        around = plain[max(0, match.start() - 200) : match.end() + 200]
        score = len(wanted & {w.lower() for w in _WORD.findall(html.unescape(around))})
        if best is None or score > best[0]:
            best = (score, match.start(), match.end())
    return None if best is None else (best[1], best[2])


def _wrap(text: str, offset: int, placed: list[tuple[int, int, str]]) -> str:
    """One text piece with the parts that fall inside a mark wrapped (the first piece gets the
    id, so the link lands where the words begin)."""
    cuts: list[tuple[int, int, str | None]] = []
    end_of_text = offset + len(text)
    for start, end, anchor in sorted(placed):
        a, b = max(start, offset), min(end, end_of_text)
        if a < b:
            cuts.append((a - offset, b - offset, anchor if a == start else None))
    if not cuts:
        return text
    out: list[str] = []
    position = 0
    for a, b, anchor in cuts:
        out.append(text[position:a])
        id_attr = f' id="{anchor}"' if anchor else ""
        out.append(f'<mark class="fact"{id_attr}>{text[a:b]}</mark>')
        position = b
    out.append(text[position:])
    return "".join(out)
