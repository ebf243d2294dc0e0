"""Which template generation a report was written in, recognised from its text (not dates).

Each generation's question sentences are looked up in the report; a sentence found under a
"Question N" heading with the bank's number counts fully, one found elsewhere half. The
31-question generations "2025" and "2026" differ in question 3's wording and in one checklist
item (M27, input-output data); the question text decides first, since groups sometimes paste an
older checklist into a newer template.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from harvester.parse.bank import GENERATIONS, Bank, all_banks, load_bank
from harvester.parse.lines import Doc, norm
from harvester.parse.segment import SHINGLE_WORDS, ngrams, question_shingles

# Below this share of recognised questions (and checklist items) nothing matches "well".
MIN_SCORE = 0.4
MIN_CHECKLIST_SCORE = 0.6
_NEAR_LINES = 25  # a question sentence belongs to the "Question N" heading at most this far up


@dataclass
class Detection:
    generation: str | None
    scores: dict[str, float]
    checklist_scores: dict[str, float]
    reason: str
    warnings: list[dict] = field(default_factory=list)


def _question_score(doc: Doc, bank: Bank, heads: dict[int, list[int]]) -> float:
    marks = sorted((line, number) for number, lines in heads.items() for line in lines)
    starts = [m[0] for m in marks]
    total = 0.0
    shingles = question_shingles(bank.generation)
    for q in bank.questions:
        best = 0.0
        for p in shingles[q.number]:
            for line in doc.find_all(p, limit=4):
                idx = bisect_right(starts, line) - 1
                near = idx >= 0 and line - starts[idx] <= _NEAR_LINES
                best = max(best, 1.0 if (not near or marks[idx][1] == q.number) else 0.5)
        total += best
    return total / max(1, len(bank.questions))


def _item_found(doc: Doc, text: str) -> bool:
    return bool(doc.find_all(" ".join(norm(text).split()[:10]), limit=1))


def _checklist_score(doc: Doc, bank: Bank) -> float:
    if not bank.checklist:
        return 0.0
    found = sum(1 for item in bank.checklist if _item_found(doc, item.text))
    return found / len(bank.checklist)


def _distinctive(doc: Doc, bank: Bank, other: Bank) -> tuple[int, int]:
    """(items only ``bank`` has, items ``bank`` words differently) that the report contains."""
    other_ids = {item.id for item in other.checklist}
    other_texts = {norm(item.text) for item in other.checklist}
    added = reworded = 0
    for item in bank.checklist:
        if norm(item.text) in other_texts or not _item_found(doc, item.text):
            continue
        if item.id in other_ids:
            reworded += 1
        else:
            added += 1
    return added, reworded


def _q3_says(doc: Doc, bank: Bank, other: Bank) -> bool:
    """Does the report hold ``bank``'s wording of question 3 (and not ``other``'s)?"""
    q, q_other = bank.question(3), other.question(3)
    if q is None or q_other is None:
        return False
    theirs = ngrams(q_other.text, SHINGLE_WORDS)
    own = [p for p in question_shingles(bank.generation)[3] if p not in theirs]
    return any(doc.find_all(p, limit=1) for p in own)


def detect_template(doc: Doc, heads: dict[int, list[int]]) -> Detection:
    """The generation whose questions (then checklist) the report matches best, else None."""
    banks = {b.generation: b for b in all_banks()}
    scores = {g: round(_question_score(doc, banks[g], heads), 3) for g in GENERATIONS}
    checklist_scores = {g: round(_checklist_score(doc, banks[g]), 3) for g in GENERATIONS}
    old = scores["2023"]
    new = max(scores["2025"], scores["2026"])
    if max(old, new) < MIN_SCORE:
        best = max(GENERATIONS, key=lambda g: (checklist_scores[g], g))
        if checklist_scores[best] >= MIN_CHECKLIST_SCORE:
            return Detection(best, scores, checklist_scores, "checklist only")
        detail = (
            "no template generation matches well (question match "
            + ", ".join(f"{g}: {scores[g]:.0%}" for g in GENERATIONS)
            + ")"
        )
        warning = {"kind": "template_unknown", "question": None, "line": None, "detail": detail}
        return Detection(None, scores, checklist_scores, "no match", [warning])
    if old > new:
        return Detection("2023", scores, checklist_scores, "27-question texts")
    b25, b26 = load_bank("2025"), load_bank("2026")
    says26, says25 = _q3_says(doc, b26, b25), _q3_says(doc, b25, b26)
    if says26 != says25:
        gen = "2026" if says26 else "2025"
        return Detection(gen, scores, checklist_scores, "question 3 wording")
    added26, reworded26 = _distinctive(doc, b26, b25)
    added25, reworded25 = _distinctive(doc, b25, b26)
    if added26 != added25:
        gen = "2026" if added26 > added25 else "2025"
        return Detection(gen, scores, checklist_scores, "checklist items")
    if reworded26 != reworded25:
        gen = "2026" if reworded26 > reworded25 else "2025"
        return Detection(gen, scores, checklist_scores, "checklist wording")
    return Detection("2025", scores, checklist_scores, "31-question texts, nothing newer")
