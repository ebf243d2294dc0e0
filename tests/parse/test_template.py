"""Template generation is recognised from the text: question sentences first, then checklist."""

from __future__ import annotations

import pytest
from parse_synth import checklist_lines, full_answers, render, sub

from harvester.parse.bank import GENERATIONS
from harvester.parse.lines import build_doc
from harvester.parse.segment import question_headings
from harvester.parse.template import Detection, detect_template


def detect(text: str) -> Detection:
    doc = build_doc(text)
    return detect_template(doc, question_headings(doc))


@pytest.mark.parametrize("gen", GENERATIONS)
def test_each_official_generation_is_recognised(gen: str) -> None:
    assert detect(render(gen)).generation == gen
    assert detect(render(gen, full_answers(gen))).generation == gen


def test_2023_without_checklist_is_recognised_from_questions() -> None:
    assert detect(render("2023", checklist=False)).generation == "2023"


@pytest.mark.parametrize("gen", ["2025", "2026"])
def test_31_question_generations_without_checklist(gen: str) -> None:
    assert detect(render(gen, checklist=False)).generation == gen


def test_2026_questions_with_pasted_older_checklist_is_2026() -> None:
    text = render("2026")
    old = "\n".join(checklist_lines("2025"))
    new = "\n".join(checklist_lines("2026"))
    text = sub(text, new, old)
    assert detect(text).generation == "2026"


def test_2025_questions_with_newer_checklist_is_2025() -> None:
    old, new = "\n".join(checklist_lines("2025")), "\n".join(checklist_lines("2026"))
    text = sub(render("2025"), old, new)
    assert detect(text).generation == "2025"


def _drop_question_3_text(text: str, gen: str) -> str:
    """Delete the whole question-3 sentence (every bold line of its block)."""
    lines = text.split("\n")
    start = lines.index("### Question 3")
    end = lines.index("### Question 4")
    return "\n".join(
        line for k, line in enumerate(lines) if not (start < k < end and line.startswith("> **"))
    )


def test_second_line_of_question_3_is_enough() -> None:
    lines = render("2026").split("\n")
    q3 = lines.index("### Question 3")
    del lines[q3 + 2]  # the first line of the sentence; its second line still says "2026"
    assert detect("\n".join(lines)).generation == "2026"


def test_question_3_deleted_checklist_decides() -> None:
    text26 = _drop_question_3_text(render("2026"), "2026")
    text25 = _drop_question_3_text(render("2025"), "2025")
    assert detect(text26).generation == "2026"  # the M27 input-output item is there
    assert detect(text25).generation == "2025"


def test_question_3_and_checklist_deleted_defaults_to_2025() -> None:
    text = _drop_question_3_text(render("2026", checklist=False), "2026")
    detection = detect(text)
    assert detection.generation == "2025"
    assert detection.warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "# My project\n\nThis is a README about a cat classifier.\n",
        "### Question 1\n\n42\n\n### Question 2\n\ns123456\n",
        "hello " * 1000,
    ],
)
def test_unrelated_text_is_unknown_with_warning(text: str) -> None:
    detection = detect(text)
    assert detection.generation is None
    assert [w["kind"] for w in detection.warnings] == ["template_unknown"]


def test_checklist_alone_is_enough() -> None:
    text = "\n".join(checklist_lines("2026"))
    assert detect(text).generation == "2026"
    assert detect("\n".join(checklist_lines("2023"))).generation == "2023"


def test_shared_question_sentences_are_placed_by_number() -> None:
    """Monitoring is Q23 in 2023 and Q26 later: the number under which it sits matters."""
    d23 = detect(render("2023"))
    assert d23.scores["2023"] > d23.scores["2025"]
    d25 = detect(render("2025"))
    assert d25.scores["2025"] > d25.scores["2023"]
