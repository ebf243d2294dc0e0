"""Facts about a group that graders look at and the course may return to the group: answers
outside the official limits, unanswered questions, and (when `evidence.json` exists) checklist
items ticked without evidence. Pure functions over the record and evidence dicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harvester.grading.config import grading_config
from harvester.parse.limits import within


@dataclass(frozen=True)
class EvidenceNote:
    item_id: str
    text: str  # the checklist item as the report states it (student text: escape when shown)
    verdict: str
    meaning: str  # the course's sentence for the verdict (bank/grading.json)


def _violation(count: Any, limit: Any, unit: str) -> str:
    """'320 words (limit 200–300)' when an answer's count misses its limit, else ''."""
    if not isinstance(limit, list | tuple) or len(limit) != 2:
        return ""
    if not all(isinstance(v, int) for v in (count, *limit)) or within(count, limit):
        return ""
    span = f"exactly {limit[0]}" if limit[0] == limit[1] else f"{limit[0]}–{limit[1]}"
    return f"{count} {unit if count == 1 else unit + 's'} (limit {span})"


def limit_violations(record: dict[str, Any] | None) -> list[str]:
    """'Question 14: 320 words (limit 200–300)' for each answered question outside a limit."""
    out = []
    for answer in (record or {}).get("answers") or []:
        if not isinstance(answer, dict) or not answer.get("answered"):
            continue
        parts = [
            _violation(answer.get("words"), answer.get("word_limit"), "word"),
            _violation(answer.get("images"), answer.get("image_limit"), "image"),
        ]
        if any(parts):
            out.append(f"Question {answer.get('question')}: {', '.join(p for p in parts if p)}")
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
