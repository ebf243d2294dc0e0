"""The three facts the cohort spreadsheet exists for (coverage, credits, services), each with the
words it was read from, the rule that read it and a confidence.

``read_facts`` is the one entry point the record builder calls; the extractors themselves live
in ``harvester.parse.coverage``, ``.credits`` and ``.services``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from harvester.parse.facts.fact import HIGH, LOW, Fact
from harvester.parse.facts.sources import source_entry

__all__ = [
    "FACT_COLUMNS",
    "HIGH",
    "LOW",
    "AnswerSpan",
    "Fact",
    "FactsResult",
    "fact_rows",
    "low_confidence",
    "source_note",
    "read_facts",
]


@dataclass(frozen=True)
class AnswerSpan:
    """One answer: its question number, text and the README lines it occupies (0-based)."""

    question: int
    text: str
    first: int
    last: int


@dataclass
class FactsResult:
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, Any] = field(default_factory=dict)


def read_facts(
    answers: dict[str, AnswerSpan | None],
    lines: list[str],
    template: str | None,
    guard: Callable[[str, int, Callable[[str], Any], str, Any], Any],
) -> FactsResult:
    """Coverage, credits and services with their ``facts_sources`` entries.

    ``answers`` maps "code_coverage", "credits", "gcp_services" to their answer (or None);
    ``guard(what, question, fn, text, default)`` runs one extractor so a crash on student text
    becomes a warning (the record builder's ``_safe``).
    """
    from harvester.parse.coverage import read_coverage
    from harvester.parse.credits import read_credits
    from harvester.parse.services import read_services

    result = FactsResult(
        values={"code_coverage": None, "credits": None, "services": [], "services_other": []},
        sources={"code_coverage": None, "credits": None, "services": []},
    )
    for key, what, reader in (
        ("code_coverage", "the coverage", read_coverage),
        ("credits", "the credits", read_credits),
    ):
        span = answers.get(key)
        if span is None or not span.text:
            continue
        fact = guard(what, span.question, reader, span.text, None)
        if fact is None:
            continue
        result.values[key] = fact.value
        result.sources[key] = source_entry(fact, span.question, lines, span.first, span.last)
    span = answers.get("gcp_services")
    if span is not None and span.text:
        reading = guard(
            "the services",
            span.question,
            lambda text: read_services(text, template),
            span.text,
            None,
        )
        if reading is not None:
            result.values["services"] = list(reading.services)
            result.values["services_other"] = sorted(
                {m.hit.name for m in reading.mentions if m.sid == "other" and m.status == "used"}
            )
            result.sources["services"] = [_service_entry(m, span, lines) for m in reading.mentions]
    return result


_DOUBT_TEXT = {
    "tried_failed": "left out: tried and never worked",
    "compared": "left out: only compared",
    "future": "left out: only planned",
}


def _service_entry(mention: Any, span: AnswerSpan, lines: list[str]) -> dict[str, Any]:
    hit = mention.hit
    fact = Fact(mention.status == "used", mention.rule, hit.words, mention.context)
    fact.rule = f"{mention.rule}:{hit.kind}"
    if hit.kind == "fuzzy":
        fact.doubt(f"a fuzzy name match ({hit.words!r} ~ {hit.name}, {hit.score:g}/100)")
    if hit.kind in ("unknown", "function"):
        fact.doubt(
            "an unknown Google Cloud product" if hit.kind == "unknown" else "named by its function"
        )
    if mention.status in _DOUBT_TEXT:
        label = _DOUBT_TEXT[mention.status]
        fact.doubt(f"{label} ({mention.cue!r})" if mention.cue else label)
    entry = source_entry(fact, span.question, lines, span.first, span.last)
    entry.pop("answer")
    return {"service": hit.sid, "name": hit.name, "status": mention.status, **entry}


def low_confidence(record: dict, field_name: str) -> bool:
    """Is the record's ``field_name`` (code_coverage, credits, services) marked low-confidence?

    A services list is low when any of its entries is: a fuzzy or unknown name, or a service
    left out only because it was tried, compared or planned.
    """
    sources = (record.get("facts_sources") or {}).get(field_name)
    if isinstance(sources, list):
        return any(isinstance(s, dict) and s.get("confidence") == LOW for s in sources)
    return isinstance(sources, dict) and sources.get("confidence") == LOW


def source_note(record: dict, field_name: str) -> str:
    """Where a fact was read and how sure, in a few words for a terminal ("" when unknown).

    Coverage/credits: ``Q8 line 140 "82%"``, plus ``LOW: reason`` when low. Services: how many
    mentions were read, which to check, and how many were left out (not used, tried, ...).
    """
    sources = (record.get("facts_sources") or {}).get(field_name)
    if isinstance(sources, dict):
        line = sources.get("line")
        where = f"Q{sources.get('question')}" + (f" line {line}" if line is not None else "")
        words = sources.get("words")
        note = f'{where} "{words}"' if words else where
        if sources.get("confidence") == LOW:
            note += f"; LOW: {sources.get('reason') or 'check it'}"
        return note
    if not isinstance(sources, list):
        return ""
    entries = [s for s in sources if isinstance(s, dict)]
    low = sorted(
        {str(s.get("name") or s.get("service")) for s in entries if s.get("confidence") == LOW}
    )
    dropped = sum(1 for s in entries if s.get("status") != "used")
    parts = [f"{len(entries)} mention(s)"]
    if dropped:
        parts.append(f"{dropped} left out (not used, tried, compared or planned)")
    if low:
        parts.append("LOW: check " + ", ".join(low))
    return "; ".join(parts)


FACT_COLUMNS = [
    "field", "service", "name", "status", "value", "confidence", "reason", "rule",
    "question", "line", "words", "sentence", "candidates",
]  # fmt: skip


def fact_rows(record: dict | None) -> list[dict[str, Any]]:
    """record.json's ``facts_sources`` as tidy rows (one per fact or service mention).

    ``value`` is the fact as text ("82", "6.12 USD", "used"); ``candidates`` joined by "; ".
    """
    sources = (record or {}).get("facts_sources")
    if not isinstance(sources, dict):
        return []
    rows: list[dict[str, Any]] = []
    for field_name in ("code_coverage", "credits"):
        entry = sources.get(field_name)
        if isinstance(entry, dict):
            rows.append(_row(field_name, entry, _value_text(entry.get("answer"))))
    for entry in sources.get("services") or []:
        if isinstance(entry, dict):
            rows.append(_row("services", entry, entry.get("status")))
    return rows


def _value_text(value: Any) -> str | None:
    if isinstance(value, dict):
        return f"{value.get('amount'):g} {value.get('unit')}" if value.get("amount") else None
    return None if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _row(field_name: str, entry: dict, value: Any) -> dict[str, Any]:
    candidates = entry.get("candidates") or []
    return {
        "field": field_name,
        "service": entry.get("service"),
        "name": entry.get("name"),
        "status": entry.get("status"),
        "value": value,
        "confidence": entry.get("confidence"),
        "reason": entry.get("reason"),
        "rule": entry.get("rule"),
        "question": entry.get("question"),
        "line": entry.get("line"),
        "words": entry.get("words"),
        "sentence": entry.get("sentence"),
        "candidates": "; ".join(str(c) for c in candidates) or None,
    }
