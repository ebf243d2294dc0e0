"""Assemble the normalized record (DESIGN.md) plus the extra keys of docs/CONTRACTS.md.

This is the only place that knows all parts of the parser; every part is a pure function of the
text, so the record is deterministic. A failing field extractor becomes a warning, never a crash.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from harvester.parse.bank import GENERATIONS, Bank, load_bank
from harvester.parse.checklist import count_states, parse_checklist
from harvester.parse.facts import AnswerSpan, read_facts
from harvester.parse.images import find_image_refs, resolve_image
from harvester.parse.limits import checker_images, checker_words, fair_words, limit_warnings
from harvester.parse.lines import build_doc, strip_comments
from harvester.parse.members import extract_group_number, extract_members
from harvester.parse.segment import Segmentation, question_headings, segment
from harvester.parse.template import detect_template

T = TypeVar("T")

# Field extractors read one answer; a real one is a few thousand characters. Longer answers are
# read from their start only, so a pasted log in question 27 cannot stall a cohort run.
MAX_FIELD_CHARS = 50_000

# "TODO: Anna", "FIXME", "tbd: add numbers": a line that is a note to the team, not an answer
# "[USER INPUT NEEDED: list who did what]", "[INSERT FIGURE]", "[placeholder]": a whole line in
# brackets that asks for text (no link after it) is a note too
_NOTE_LINE_RE = re.compile(
    r"^[\s>*_`#+-]*(?:\[[ xX]?\][\s*_`]*)?(?:(?:TODO|FIXME|TBD)\b|(?i:todo|fixme|tbd)\s*:)"
    r"|^[\s>*_`#+-]*\[\s*(?:[A-Z]{3,}\b|(?i:todo|placeholder|insert|fill in)\b)[^\]\n]*\][\s*_`.]*$"
)
_ALNUM_RE = re.compile(r"\w", re.UNICODE)
# Beside the untouched placeholder, this few words cannot answer a 50+ word question:
# "Anna will do this one", "Bo?" are notes to the team.
NOTE_MAX_WORDS = 6
NOTE_MIN_LIMIT = 50

RECORD_KEYS = (
    "template",
    "group_number",
    "study_numbers",
    "members_listed",
    "checklist",
    "unanswered",
    "code_coverage",
    "credits",
    "services",
    "images",
)


def _warning(kind: str, detail: str, question: int | None = None, line: int | None = None):
    return {"kind": kind, "question": question, "line": line, "detail": detail}


def empty_record(warnings: list[dict] | None = None, source: dict | None = None) -> dict:
    """A record with every key present and nothing known (empty or unreadable README)."""
    return {
        "template": None,
        "group_number": None,
        "study_numbers": [],
        "members_listed": 0,
        "checklist": {"done": 0, "partial": 0, "open": 0},
        "unanswered": [],
        "code_coverage": None,
        "credits": None,
        "services": [],
        "services_other": [],
        "facts_sources": {"code_coverage": None, "credits": None, "services": []},
        "images": {"referenced": 0, "missing": None},
        "members": [],
        "checklist_items": [],
        "answers": [],
        "image_refs": [],
        "warnings": list(warnings or []),
        "source": source or {"encoding": None, "bytes": 0, "sha256": None},
    }


def _safe(
    warnings: list[dict], what: str, question: int, fn: Callable[[str], T], arg: str, default: T
) -> T:
    try:
        return fn(arg[:MAX_FIELD_CHARS])
    except Exception as exc:  # noqa: BLE001 - student text must never crash a harvest
        warnings.append(
            _warning(
                "extractor_error",
                f"question {question}: could not read {what} ({type(exc).__name__}: {exc})",
                question,
            )
        )
        return default


def note_only(text: str, placeholder: bool, word_limit: tuple[int, int] | None) -> bool:
    """The answer is only a note to the team, so the question is still unanswered.

    Lines opening with TODO/FIXME/TBD are notes wherever they are; what is left must be an
    image or real text. Next to the untouched ``--- question N fill here ---`` a handful of
    words cannot be the answer to a question that asks for 50 words or more.
    """
    if "![" in text or "<img" in text.lower():
        return False
    rest = "\n".join(line for line in text.split("\n") if not _NOTE_LINE_RE.match(line))
    if not _ALNUM_RE.search(strip_comments(rest, "")):
        return True
    if not placeholder or word_limit is None or word_limit[0] < NOTE_MIN_LIMIT:
        return False
    return fair_words(rest) <= NOTE_MAX_WORDS


def _answer_text(bank: Bank, seg: Segmentation, key: str) -> tuple[int | None, str]:
    for q in bank.questions:
        if q.key == key:
            block = seg.blocks.get(q.number)
            return q.number, block.text if block and block.answered else ""
    return None, ""


def _answer_span(bank: Bank, seg: Segmentation, key: str) -> AnswerSpan | None:
    number, text = _answer_text(bank, seg, key)
    block = seg.blocks.get(number) if number else None
    return AnswerSpan(number, text, block.anchor, block.end) if block and text else None


def _fields(
    bank: Bank, seg: Segmentation, warnings: list[dict], lines: list[str]
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "group_number": None,
        "study_numbers": [],
        "members": [],
        "members_listed": 0,
        "code_coverage": None,
        "credits": None,
        "services": [],
    }
    number, text = _answer_text(bank, seg, "group_number")
    if number and text:
        out["group_number"] = _safe(
            warnings, "the group number", number, extract_group_number, text, None
        )
    number, text = _answer_text(bank, seg, "study_numbers")
    if number and text:
        members = _safe(warnings, "the members", number, extract_members, text, None)
        if members is not None:
            out["study_numbers"] = list(members.study_numbers)
            out["members"] = list(members.members)
            out["members_listed"] = len(members.members)
    spans = {
        key: _answer_span(bank, seg, key) for key in ("code_coverage", "credits", "gcp_services")
    }
    facts = read_facts(spans, lines, bank.generation, partial(_safe, warnings))
    out.update(facts.values)
    out["facts_sources"] = facts.sources
    return out


def _image_refs(
    text: str, seg: Segmentation, files: set[str] | None, lfs: set[str] | None, warnings: list
) -> list[dict]:
    refs: list[dict] = []
    try:
        found = find_image_refs(text)
    except Exception as exc:  # noqa: BLE001
        warnings.append(_warning("extractor_error", f"could not list images ({exc})"))
        return refs
    for ref in found:
        question = seg.question_at(ref.line - 1)
        try:
            res = resolve_image(ref.src, files)
            resolved, missing = res.resolved, res.missing
        except Exception as exc:  # noqa: BLE001
            warnings.append(_warning("extractor_error", f"image {ref.src!r}: {exc}", question))
            resolved, missing = None, None if files is None else True
        refs.append(
            {
                "question": question,
                "src": ref.src,
                "alt": ref.alt,
                "kind": ref.kind,
                "in_code": bool(ref.in_code),
                "missing": missing,
                "lfs": bool(lfs and resolved in lfs),
                "resolved": resolved,
                "line": ref.line,
            }
        )
        where = f"question {question}" if question else "outside the questions"
        if ref.in_code:
            warnings.append(
                _warning(
                    "image_in_code",
                    f"{where}: image {ref.src!r} is inside code/backticks and shows as text",
                    question,
                    ref.line,
                )
            )
        if missing:
            warnings.append(
                _warning(
                    "missing_image",
                    f"{where}: image {ref.src!r} is not in the reports folder",
                    question,
                    ref.line,
                )
            )
        if lfs and resolved in lfs:
            warnings.append(
                _warning(
                    "lfs_image",
                    f"{where}: image {ref.src!r} is a Git LFS pointer, not the picture",
                    question,
                    ref.line,
                )
            )
    return refs


def _guess(scores: dict[str, float], heads: dict[int, list[int]]) -> str:
    """Unknown template: cut it with the bank its numbering fits (27 vs 31 questions)."""
    if any(scores.values()):
        return max(GENERATIONS, key=lambda g: (scores[g], g))
    return "2025" if any(28 <= n <= 31 for n in heads) else "2023"


def build_record(
    text: str,
    files: set[str] | None = None,
    lfs: set[str] | None = None,
    source: dict | None = None,
    warnings: list[dict] | None = None,
) -> dict:
    """The record for one README text (see module doc)."""
    warnings = list(warnings or [])
    if source is None:
        data = text.encode("utf-8", errors="surrogatepass")
        source = {"encoding": None, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    record = empty_record(warnings, source)
    if not text.strip():
        if not any(w["kind"] == "empty" for w in warnings):
            warnings.append(_warning("empty", "the README has no text"))
        return record
    doc = build_doc(text)
    heads = question_headings(doc)
    detection = detect_template(doc, heads)
    warnings.extend(detection.warnings)
    bank = load_bank(detection.generation or _guess(detection.scores, heads))
    seg = segment(doc, bank, heads)
    warnings.extend(seg.warnings)

    items, item_warnings = parse_checklist(
        doc, seg.checklist_end, bank if detection.generation else None
    )
    warnings.extend(item_warnings)

    refs = _image_refs(text, seg, files, lfs, warnings)
    refs_by_question: dict[int | None, list[dict]] = {}
    for ref in refs:
        refs_by_question.setdefault(ref["question"], []).append(ref)
    answers: list[dict] = []
    unanswered: list[int] = []
    for q in bank.questions:
        block = seg.blocks.get(q.number)
        if block is None:
            warnings.append(
                _warning(
                    "missing_question", f"question {q.number} ({q.key}) was not found", q.number
                )
            )
        answered = bool(block and block.answered)
        if (
            block is not None
            and answered
            and note_only(block.text, block.placeholder, q.word_limit)
        ):
            block.answered = answered = False
            warnings.append(
                _warning(
                    "note_only",
                    f"question {q.number}: only a note to the team is written "
                    f"({block.text.strip()[:60]!r}); counted as unanswered",
                    q.number,
                    block.answer_start + 1,
                )
            )
        if not answered:
            unanswered.append(q.number)
        elif block is not None and block.placeholder:
            warnings.append(
                _warning(
                    "placeholder",
                    f"question {q.number}: the '--- question {q.number} fill here ---' "
                    "placeholder was left next to the answer",
                    q.number,
                    block.answer_start + 1,
                )
            )
        q_refs = refs_by_question.get(q.number, [])
        answer = {
            "question": q.number,
            "key": q.key,
            "section": q.section,
            "prompt": q.text,
            "text": block.text if block else "",
            "answered": answered,
            "line": (block.answer_start + 1 if answered else block.anchor + 1) if block else None,
            "words": fair_words(block.text) if block else 0,
            "words_checker": checker_words(block.raw) if block else 0,
            "images": sum(1 for r in q_refs if not r["in_code"]),
            "images_checker": checker_images(block.raw) if block else 0,
            "word_limit": list(q.word_limit) if q.word_limit else None,
            "image_limit": list(q.image_limit) if q.image_limit else None,
        }
        wl, il = q.word_limit, q.image_limit
        answer["ok"] = answered and (
            (wl is None or wl[0] <= answer["words"] <= wl[1])
            and (il is None or il[0] <= answer["images"] <= il[1])
        )
        warnings.extend(limit_warnings(answer))
        answers.append(answer)

    record.update(_fields(bank, seg, warnings, doc.lines))
    record.update(
        {
            "template": detection.generation,
            "checklist": count_states(items),
            "unanswered": unanswered,
            "images": {
                "referenced": len(refs),
                "missing": None if files is None else sum(1 for r in refs if r["missing"]),
            },
            "checklist_items": items,
            "answers": answers,
            "image_refs": refs,
            "warnings": warnings,
        }
    )
    return record
