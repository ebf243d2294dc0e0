"""record.json's facts_sources: every fact points at the words of the README it was read from."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parse_synth import full_answers, render  # noqa: E402

from harvester.parse import parse_text  # noqa: E402

ANSWERS = {
    8: "We measured with coverage.py: the **total** coverage of our code is **82%**, while "
    "the data module alone reaches 95%.",
    17: "- **Cloud Run**: serves the API\n- Gcloud Build: builds images on push\n"
    "- Tracer: timing of requests\n\nWe played with Vertex AI, but never got it to work.",
    27: "Altogether the group spent $ 6.12 on the project.",
}


def _record() -> tuple[dict, list[str]]:
    answers = full_answers("2025")
    answers.update(ANSWERS)
    text = render("2025", answers)
    return parse_text(text), text.split("\n")


def _at(lines: list[str], entry: dict) -> str:
    start, end = entry["span"]
    return lines[entry["line"] - 1][start:end]


def test_coverage_and_credits_point_at_their_words() -> None:
    record, lines = _record()
    coverage = record["facts_sources"]["code_coverage"]
    assert record["code_coverage"] == 82.0
    assert coverage["question"] == 8 and coverage["answer"] == 82.0
    assert _at(lines, coverage) == coverage["words"] == "82%"
    assert coverage["rule"] == "coverage.total" and coverage["confidence"] == "high"
    assert "total" in coverage["sentence"]
    credits = record["facts_sources"]["credits"]
    assert credits["answer"] == {"amount": 6.12, "unit": "USD"}
    assert _at(lines, credits) == "$ 6.12"


def test_each_service_mention_has_its_source_status_and_confidence() -> None:
    record, lines = _record()
    assert record["services"] == ["cloud_build", "cloud_run", "other"]
    assert record["services_other"] == ["Cloud Trace"]
    by_service = {e["service"]: e for e in record["facts_sources"]["services"]}
    run = by_service["cloud_run"]
    assert _at(lines, run) == "Cloud Run" and run["status"] == "used"
    assert run["confidence"] == "high"
    assert by_service["cloud_build"]["rule"].endswith(":prefixed")
    trace = by_service["other"]
    assert trace["name"] == "Cloud Trace" and trace["confidence"] == "low"
    assert "fuzzy" in trace["reason"]
    vertex = by_service["vertex_ai"]
    assert vertex["status"] == "tried_failed" and vertex["confidence"] == "low"
    assert _at(lines, vertex) == "Vertex AI"


def test_a_report_without_the_answers_has_empty_sources() -> None:
    record = parse_text(render("2025", {}))
    assert record["facts_sources"] == {"code_coverage": None, "credits": None, "services": []}
