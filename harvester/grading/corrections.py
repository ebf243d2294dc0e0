"""The one place where a TA's corrections of extracted facts replace the parser's values.

The export calls `apply_corrections` on every group's record before it builds anything, so the
corrected code coverage, credits and services are what the tables, CSVs, pages, index and every
sheet show. `record.json` on disk stays the parser's output; the corrected record carries
`corrections` ({fact: {"parsed", "corrected", "by", "time"}}) so a page can say what changed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from harvester.grading.book import GroupGrades
from harvester.grading.fields import COVERAGE, CREDITS, CREDITS_UNIT, SERVICES, services_list
from harvester.grading.values import format_number
from harvester.tables import GroupData

DEFAULT_UNIT = "USD"
CORRECTION_RULE = "ta_correction"  # the rule named for a fact a TA typed in the Grading sheet


def corrected_record(record: dict[str, Any], grades: GroupGrades) -> dict[str, Any]:
    """A copy of `record` with the group's corrections laid over it."""
    fixes = grades.corrections
    record = dict(record)
    done: dict[str, dict[str, Any]] = {}

    def note(fact: str, parsed: Any, corrected: Any, *fields: str) -> None:
        change = max(
            (grades.changes[f] for f in fields if f in grades.changes), key=lambda c: c.row
        )
        done[fact] = {
            "parsed": parsed,
            "corrected": corrected,
            "by": change.grader,
            "time": change.time,
        }
        record[fact] = corrected
        sources = record.get("facts_sources")
        sources = dict(sources) if isinstance(sources, dict) else {}
        sources[fact] = corrected_source(fact, sources.get(fact), corrected, change.grader)
        record["facts_sources"] = sources

    if COVERAGE in fixes:
        note("code_coverage", record.get("code_coverage"), float(fixes[COVERAGE]), COVERAGE)
    if CREDITS in fixes or CREDITS_UNIT in fixes:
        parsed = record.get("credits") if isinstance(record.get("credits"), dict) else None
        amount = float(fixes[CREDITS]) if CREDITS in fixes else (parsed or {}).get("amount")
        unit = fixes.get(CREDITS_UNIT) or (parsed or {}).get("unit") or DEFAULT_UNIT
        if amount is not None:
            note("credits", parsed, {"amount": amount, "unit": unit}, CREDITS, CREDITS_UNIT)
    if SERVICES in fixes:
        note("services", record.get("services"), services_list(fixes[SERVICES]), SERVICES)
    record["corrections"] = done
    return record


def corrected_source(fact: str, parsed: Any, corrected: Any, grader: str) -> Any:
    """The facts_sources entry of a corrected fact: the TA's value, checked by definition
    (high confidence, so it leaves the facts to check), saying what the parser had read and
    where. record.json on disk keeps the parser's own entry."""
    first = parsed[0] if isinstance(parsed, list) and parsed else parsed
    first = first if isinstance(first, dict) else {}
    said = first.get("sentence") or first.get("words")
    sentence = f"corrected by {grader or 'a TA'}" + (
        f"; the parser read it from: {said}" if said and not isinstance(parsed, list) else ""
    )

    def entry(**extra: Any) -> dict[str, Any]:
        return {
            "question": first.get("question"), "words": None, "line": None, "span": None,
            "sentence": sentence, "rule": CORRECTION_RULE, "confidence": "high",
            "reason": None, "candidates": [], **extra,
        }  # fmt: skip

    if fact == "services":
        return [entry(service=s, name=s, status="used") for s in corrected or []]
    return entry(answer=corrected)


def apply_corrections(groups: list[GroupData], book: dict[str, GroupGrades]) -> list[GroupData]:
    """Every group, with its record corrected where a TA corrected a fact."""
    out = []
    for data in groups:
        grades = book.get(data.group)
        if grades is not None and grades.corrections and data.record is not None:
            data = replace(data, record=corrected_record(data.record, grades))
        out.append(data)
    return out


def describe_corrections(record: dict[str, Any] | None) -> list[str]:
    """Sentences for a page: 'code coverage corrected by alice: 78 → 80 (parsed from report)'."""
    notes = []
    for fact, fix in ((record or {}).get("corrections") or {}).items():
        by = f" by {fix['by']}" if fix.get("by") else ""
        notes.append(
            f"{fact.replace('_', ' ')} corrected{by}: {_show(fix['parsed'])} (parsed) → "
            f"{_show(fix['corrected'])}"
        )
    return notes


def _show(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return f"{_show(value.get('amount'))} {value.get('unit') or ''}".strip()
    if isinstance(value, float):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)
