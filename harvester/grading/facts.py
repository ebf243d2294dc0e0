"""Facts about a group that graders look at and the course may return to the group: answers
outside the official limits, unanswered questions, and (when `evidence.json` exists) checklist
items ticked without evidence. Pure functions over the record and evidence dicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harvester.grading.config import grading_config
from harvester.grading.values import format_number


@dataclass(frozen=True)
class EvidenceNote:
    item_id: str
    text: str  # the checklist item as the report states it (student text: escape when shown)
    verdict: str
    meaning: str  # the course's sentence for the verdict (bank/grading.json)


def _limit_text(limit: Any) -> str:
    if not isinstance(limit, list | tuple) or len(limit) != 2:
        return ""
    low, high = limit
    if low is not None and low == high:
        return f"exactly {low}"
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _outside(count: Any, limit: Any) -> bool:
    if not isinstance(count, int | float) or not isinstance(limit, list | tuple):
        return False
    if len(limit) != 2:
        return False
    low, high = limit
    return (low is not None and count < low) or (high is not None and count > high)


def limit_violations(record: dict[str, Any] | None) -> list[str]:
    """'Question 14: 320 words (limit 200–300)' for each answered question outside a limit."""
    out = []
    for answer in (record or {}).get("answers") or []:
        if not isinstance(answer, dict) or not answer.get("answered"):
            continue
        parts = []
        for count_key, limit_key, unit in (
            ("words", "word_limit", "word"),
            ("images", "image_limit", "image"),
        ):
            count = answer.get(count_key)
            if _outside(count, answer.get(limit_key)):
                plural = unit if count == 1 else unit + "s"
                limit = _limit_text(answer.get(limit_key))
                parts.append(f"{format_number(float(count))} {plural} (limit {limit})")
        if parts:
            out.append(f"Question {answer.get('question')}: {', '.join(parts)}")
    return out


def unanswered(record: dict[str, Any] | None) -> list[int]:
    return [q for q in (record or {}).get("unanswered") or [] if isinstance(q, int)]


def evidence_notes(
    evidence: dict[str, Any] | None, record: dict[str, Any] | None
) -> list[EvidenceNote] | None:
    """Ticked checklist items whose verdict the course returns (None: no evidence.json)."""
    if not isinstance(evidence, dict) or not isinstance(evidence.get("items"), dict):
        return None
    meanings: dict[str, str] = grading_config()["feedback"]["evidence_verdicts"]
    texts = {
        item.get("id"): item.get("text") or ""
        for item in (record or {}).get("checklist_items") or []
        if isinstance(item, dict)
    }
    notes = []
    for item_id, item in evidence["items"].items():
        if not isinstance(item, dict) or item.get("ticked") is not True:
            continue
        verdict = str(item.get("verdict") or "")
        if verdict in meanings:
            text = texts.get(item_id) or item_id
            notes.append(EvidenceNote(item_id, text, verdict, meanings[verdict]))
    return notes


def evidence_summary(evidence: dict[str, Any] | None) -> str:
    """'no 3, weak 2' over ticked items (for the Grading sheet); '' without evidence.json."""
    notes = evidence_notes(evidence, None)
    if notes is None:
        return ""
    counts: dict[str, int] = {}
    for note in notes:
        counts[note.verdict] = counts.get(note.verdict, 0) + 1
    return ", ".join(f"{v} {n}" for v, n in sorted(counts.items())) or "none"
