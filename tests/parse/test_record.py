"""The record: every contract key, deterministic, JSON-serializable, warnings instead of crashes."""

from __future__ import annotations

import json

import pytest
from parse_synth import full_answers, question_lines, render, sub, words

from harvester.parse import coverage as coverage_module
from harvester.parse import parse_text
from harvester.parse.bank import GENERATIONS, load_bank

DESIGN_KEYS = {
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
}
EXTRA_KEYS = {"members", "checklist_items", "answers", "image_refs", "warnings", "source"}
ANSWER_KEYS = {
    "question",
    "key",
    "section",
    "text",
    "answered",
    "line",
    "words",
    "words_checker",
    "images",
    "images_checker",
    "word_limit",
    "image_limit",
    "ok",
}


def check_shape(record: dict) -> None:
    assert set(record) >= DESIGN_KEYS | EXTRA_KEYS
    assert set(record["checklist"]) == {"done", "partial", "open"}
    assert set(record["images"]) == {"referenced", "missing"}
    assert sum(record["checklist"].values()) == len(record["checklist_items"])
    assert record["images"]["referenced"] == len(record["image_refs"])
    for answer in record["answers"]:
        assert set(answer) >= ANSWER_KEYS
    for warning in record["warnings"]:
        assert set(warning) == {"kind", "question", "line", "detail"}
        assert warning["detail"]
    json.dumps(record, allow_nan=False)


@pytest.mark.parametrize("gen", GENERATIONS)
def test_full_report_record(gen: str) -> None:
    bank = load_bank(gen)
    marks = {item.id: "x" for item in bank.checklist[:10]}
    marks[bank.checklist[10].id] = "-"
    answers = full_answers(gen)
    credits_q = next(q.number for q in bank.questions if q.key == "credits")
    coverage_q = next(q.number for q in bank.questions if q.key == "code_coverage")
    services_q = next(q.number for q in bank.questions if q.key == "gcp_services")
    answers[credits_q] = "In total we spent 12.5 USD; Cloud Run was the most expensive."
    answers[coverage_q] = "Our total code coverage is 81%, which includes all our source code."
    answers[services_q] = "We used Cloud Storage (buckets) and Cloud Run for the API."
    answers[2] = "s123456, s234567, phigon"
    record = parse_text(render(gen, answers, marks))
    check_shape(record)
    assert record["template"] == gen
    assert record["group_number"] == 7
    assert record["study_numbers"] == ["s123456", "s234567"]
    assert record["members_listed"] == 3
    assert record["checklist"] == {"done": 10, "partial": 1, "open": len(bank.checklist) - 11}
    assert record["unanswered"] == []
    assert record["code_coverage"] == 81
    assert record["credits"] == {"amount": 12.5, "unit": "USD"}
    assert record["services"] == ["cloud_run", "cloud_storage"]
    images = sum(1 for q in bank.questions if q.image_limit)
    assert record["images"] == {"referenced": images, "missing": None}
    assert [a["question"] for a in record["answers"]] == bank.numbers
    assert {w["kind"] for w in record["warnings"]} <= {"word_limit"}


def test_files_decide_missing_images() -> None:
    gen = "2025"
    text = render(gen, full_answers(gen))
    present = {f"figures/q{q.number}_1.png" for q in load_bank(gen).questions if q.image_limit}
    assert parse_text(text, files=present)["images"]["missing"] == 0
    record = parse_text(text, files=set())
    assert record["images"]["missing"] == len(present)
    assert [w["kind"] for w in record["warnings"]].count("missing_image") == len(present)


def test_lfs_flag_comes_from_the_lfs_set() -> None:
    text = render("2025", full_answers("2025"))
    files = {"figures/q14_1.png", "figures/q19_1.png"}
    record = parse_text(text, files=files, lfs={"figures/q14_1.png"})
    flags = {r["src"]: r["lfs"] for r in record["image_refs"]}
    assert flags["figures/q14_1.png"] is True and flags["figures/q19_1.png"] is False
    assert "lfs_image" in {w["kind"] for w in record["warnings"]}


def test_untouched_template_is_all_unanswered() -> None:
    record = parse_text(render("2023"))
    check_shape(record)
    assert record["unanswered"] == list(range(1, 28))
    assert record["group_number"] is None and record["study_numbers"] == []
    assert record["checklist"] == {"done": 0, "partial": 0, "open": 36}
    assert record["images"] == {"referenced": 0, "missing": None}  # the example is not counted


def test_limits_are_checked_per_answer() -> None:
    answers = full_answers("2025")
    answers[14] = "Too short, no image."
    record = parse_text(render("2025", answers))
    q14 = next(a for a in record["answers"] if a["question"] == 14)
    assert (q14["words"], q14["images"], q14["ok"]) == (4, 0, False)
    assert q14["word_limit"] == [200, 300] and q14["image_limit"] == [1, 3]
    kinds = [(w["kind"], w["question"]) for w in record["warnings"]]
    assert ("word_limit", 14) in kinds and ("image_limit", 14) in kinds


def test_missing_question_and_placeholder_warnings() -> None:
    answers = full_answers("2025")
    answers[5] = answers[5] + "\n\n--- question 5 fill here ---"
    text = sub(render("2025", answers), "\n".join(question_lines("2025", 12, answers[12])), "")
    record = parse_text(text)
    assert record["unanswered"] == [12]
    kinds = {(w["kind"], w["question"]) for w in record["warnings"]}
    assert ("missing_question", 12) in kinds
    assert ("placeholder", 5) in kinds


def test_notes_to_the_team_are_not_answers() -> None:
    answers = full_answers("2025")
    answers[8] = "Maria writes this part\n--- question 8 fill here ---"  # note + placeholder
    answers[12] = "TODO: everyone\n\n--- question 12 fill here ---"
    answers[13] = "FIXME"  # a note alone, no placeholder
    answers[15] = "- [ ] TODO @someone"  # a to-do box
    answers[14] = "TODO: explain the plots\n\n![loss](figures/loss.png)"  # the figure answers
    answers[16] = "todo: ask Bo\n\n" + words(120)  # a note inside a real answer
    answers[1] = "Group 7\n--- question 1 fill here ---"  # short, but the whole answer
    record = parse_text(render("2025", answers))
    assert record["unanswered"] == [8, 12, 13, 15]
    assert record["code_coverage"] is None
    notes = {w["question"] for w in record["warnings"] if w["kind"] == "note_only"}
    assert notes == {8, 12, 13, 15}
    assert record["group_number"] == 7


def test_a_bracketed_request_for_text_is_a_note() -> None:
    answers = full_answers("2025")
    answers[31] = "[MISSING TEXT: each member writes two lines about their part here.]"
    answers[30] = "> [placeholder for the struggles]"
    answers[29] = "[Architecture](figures/overview.png)\n\n" + words(220)  # a link, then text
    answers[28] = "[ONNX] We also exported the model.\n\n" + words(30)  # text after the bracket
    record = parse_text(render("2025", answers))
    assert record["unanswered"] == [30, 31]
    notes = {w["question"] for w in record["warnings"] if w["kind"] == "note_only"}
    assert notes == {30, 31}


def test_a_short_real_answer_beside_no_placeholder_stays_answered() -> None:
    answers = full_answers("2025")
    answers[8] = "We reached 87% coverage."
    answers[22] = "No, we did not."
    record = parse_text(render("2025", answers))
    assert record["unanswered"] == []
    assert record["code_coverage"] == 87.0


@pytest.mark.parametrize("text", ["", "   \n", "just some notes\n", "\x00\x01 odd"])
def test_degenerate_text_has_every_key(text: str) -> None:
    record = parse_text(text)
    check_shape(record)
    assert record["template"] is None


def test_deterministic() -> None:
    text = render("2026", full_answers("2026"))
    first = json.dumps(parse_text(text, files={"figures/q14_1.png"}), sort_keys=True)
    second = json.dumps(parse_text(text, files={"figures/q14_1.png"}), sort_keys=True)
    assert first == second


def test_failing_extractor_becomes_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fault injection: whatever an extractor does with odd text, the record still comes out."""

    def broken(answer: str) -> float:
        raise ValueError("odd text")

    monkeypatch.setattr(coverage_module, "read_coverage", broken)
    record = parse_text(render("2025", full_answers("2025")))
    assert record["code_coverage"] is None
    assert ("extractor_error", 8) in {(w["kind"], w["question"]) for w in record["warnings"]}


def test_unknown_template_still_cut_by_its_numbering() -> None:
    text = "\n\n".join(f"### Question {n}\n\nanswer {n}" for n in range(1, 32))
    record = parse_text(text)
    assert record["template"] is None
    assert "template_unknown" in {w["kind"] for w in record["warnings"]}
    assert len(record["answers"]) == 31 and record["unanswered"] == []
    assert record["group_number"] == 1
