"""Segmentation: questions found by number and text, answers cut without template text."""

from __future__ import annotations

import pytest
from parse_synth import full_answers, question_lines, render, sub

from harvester.parse.bank import GENERATIONS, load_bank
from harvester.parse.lines import build_doc
from harvester.parse.segment import Segmentation, question_headings, segment
from harvester.parse.template import detect_template


def cut(text: str, gen: str | None = None) -> Segmentation:
    doc = build_doc(text)
    heads = question_headings(doc)
    gen = gen or detect_template(doc, heads).generation
    assert gen is not None
    return segment(doc, load_bank(gen), heads)


def answer(seg: Segmentation, number: int) -> str:
    return seg.blocks[number].text


def unanswered(seg: Segmentation, gen: str) -> list[int]:
    return [n for n in load_bank(gen).numbers if n not in seg.blocks or not seg.blocks[n].answered]


@pytest.mark.parametrize("gen", GENERATIONS)
def test_untouched_template_is_all_unanswered(gen: str) -> None:
    seg = cut(render(gen), gen)
    assert sorted(seg.blocks) == load_bank(gen).numbers
    assert unanswered(seg, gen) == load_bank(gen).numbers
    assert all(b.placeholder for b in seg.blocks.values())


@pytest.mark.parametrize("gen", GENERATIONS)
def test_full_answers_are_cut_exactly(gen: str) -> None:
    answers = full_answers(gen)
    seg = cut(render(gen, answers), gen)
    assert unanswered(seg, gen) == []
    for number, text in answers.items():
        assert answer(seg, number) == text, number
        assert not seg.blocks[number].placeholder


def test_renamed_and_relevelled_headings() -> None:
    answers = full_answers("2025")
    text = render("2025", answers)
    text = sub(text, "### Question 18\n", "### Question 18 CHECK \n")
    text = sub(text, "### Question 5\n", "## Question 5\n")
    text = sub(text, "### Question 6\n", "#### **Question 6:**\n")
    text = sub(text, "### Question 7\n", "**Question 7**\n")
    text = sub(text, "### Question 9\n", "### Q9\n")
    seg = cut(text)
    for n in (5, 6, 7, 9, 18):
        assert answer(seg, n) == answers[n]
    assert unanswered(seg, "2025") == []


def test_question_found_by_text_when_heading_deleted() -> None:
    answers = full_answers("2026")
    text = sub(render("2026", answers), "### Question 12\n", "")
    seg = cut(text)
    assert answer(seg, 12) == answers[12]
    assert answer(seg, 11) == answers[11]  # Q12's sentence does not leak into Q11


def test_heading_with_wrong_number_is_fixed_by_text() -> None:
    answers = full_answers("2025")
    text = sub(render("2025", answers), "### Question 14\n", "### Question 13\n")
    seg = cut(text)
    assert answer(seg, 13) == answers[13]
    assert answer(seg, 14) == answers[14]


def test_hint_lines_removed_and_no_answer_marker() -> None:
    gen = "2025"
    lines = []
    for line in render(gen, full_answers(gen)).split("\n"):
        low = line.lower()
        if "answer length" in low or low.startswith("> example") or low.startswith("> *"):
            continue
        if low.strip() == "> answer:":
            continue
        lines.append(line)
    seg = cut("\n".join(lines))
    answers = full_answers(gen)
    for n in (3, 8, 17, 27):
        assert answer(seg, n) == answers[n]
    assert unanswered(seg, gen) == []


def test_blockquoted_answer_inside_the_question_quote() -> None:
    text = render("2025", full_answers("2025"))
    text = sub(text, "> Answer:\n\nGroup 7\n", "> Answer:\n> Group 7, the best group\n")
    text = sub(
        text, "> Answer:\n\ns123456, s234567, s345678\n", "> Answer:\n>\n> s123456, s234567\n"
    )
    seg = cut(text)
    assert answer(seg, 1) == "Group 7, the best group"
    assert answer(seg, 2) == "s123456, s234567"


def test_blockquoted_answer_without_marker() -> None:
    q = question_lines("2025", 8, "")
    q = [line for line in q if line.strip() != "> Answer:"]
    q.insert(
        q.index(">", 4),
        "> Our total coverage is 81% of the source code, measured with coverage.py.",
    )
    text = sub(
        render("2025", full_answers("2025")),
        "\n".join(question_lines("2025", 8, full_answers("2025")[8])),
        "\n".join(q),
    )
    seg = cut(text)
    assert "81%" in answer(seg, 8)
    assert "total code coverage (in percentage)" not in answer(seg, 8)


def test_answer_runs_straight_into_next_heading() -> None:
    a = full_answers("2023")
    text = render("2023", a)
    text = sub(text, a[3] + "\n\n## Coding environment", a[3] + "\n## Coding environment")
    text = sub(text, a[10] + "\n\n### Question 11", a[10] + "\n### Question 11")
    text = sub(text, "> Answer:\n\n" + a[4], "> Answer:\n" + a[4])
    seg = cut(text)
    for n in (3, 4, 10, 11):
        assert answer(seg, n) == a[n]


def test_code_fence_lines_are_not_headings() -> None:
    answers = full_answers("2026")
    answers[15] = (
        "We run:\n\n```bash\n# Run regular training\n### Question 16\npython train.py\n```\nDone."
    )
    seg = cut(render("2026", answers))
    assert answer(seg, 15) == answers[15]
    assert answer(seg, 16) == answers[16]


def test_tilde_fence_and_fence_in_list() -> None:
    answers = full_answers("2026")
    answers[12] = "- step:\n  ~~~yaml\n  # Question 13\n  lr: 1\n  ~~~\n- done"
    seg = cut(render("2026", answers))
    assert answer(seg, 12) == answers[12]


def test_unclosed_fence_does_not_swallow_later_questions() -> None:
    answers = full_answers("2025")
    answers[10] = "We pasted this:\n```python\nimport dvc"
    seg = cut(render("2025", answers))
    assert answer(seg, 10) == answers[10]
    assert answer(seg, 11) == answers[11]
    assert unanswered(seg, "2025") == []


def test_extra_headings_inside_an_answer_belong_to_it() -> None:
    answers = full_answers("2025")
    answers[23] = "### API\nWe wrote a FastAPI app.\n\n#### Results\nIt works.\n\n## Notes\nFine."
    seg = cut(render("2025", answers))
    assert answer(seg, 23) == answers[23]


def test_section_heading_and_intro_do_not_leak_into_previous_answer() -> None:
    answers = full_answers("2023")
    seg = cut(render("2023", answers))
    assert answer(seg, 3) == answers[3]  # followed by '## Coding environment' + intro
    assert "following section" not in answer(seg, 16)


def test_missing_question_is_absent_and_neighbours_intact() -> None:
    answers = full_answers("2025")
    block = "\n".join(question_lines("2025", 12, answers[12]))
    text = sub(render("2025", answers), block, "")
    seg = cut(text)
    assert 12 not in seg.blocks
    assert answer(seg, 11) == answers[11]
    assert answer(seg, 13) == answers[13]


def test_leftover_placeholder_next_to_real_answer() -> None:
    answers = full_answers("2023")
    answers[14] = answers[14] + "\n\n--- question 14 fill here ---"
    seg = cut(render("2023", answers))
    block = seg.blocks[14]
    assert block.answered and block.placeholder
    assert "fill here" not in block.text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("--- 40 ---", "40"),
        ("---40---", "40"),
        ("--- s214591, s222856 ---", "s214591, s222856"),
        ("--- We used conda.\n\nAnd pip. ---", "We used conda.\n\nAnd pip."),
        ("---\nWe used conda.\n---", "We used conda."),
        (
            "--- We used conda and never closed the dashes",
            "We used conda and never closed the dashes",
        ),
        ("--- ![fig](figures/a.png) ---", "![fig](figures/a.png)"),
    ],
)
def test_text_between_placeholder_dashes_is_an_answer(written: str, expected: str) -> None:
    answers = full_answers("2023")
    answers[3] = written
    seg = cut(render("2023", answers))
    assert answer(seg, 3) == expected
    assert seg.blocks[3].answered


@pytest.mark.parametrize(
    "empty", ["", "   ", "---  ---", "<!-- todo -->", "> ", "`--- question 5 fill here ---`"]
)
def test_empty_answers_are_unanswered(empty: str) -> None:
    answers = full_answers("2025")
    answers[5] = empty
    seg = cut(render("2025", answers))
    assert unanswered(seg, "2025") == [5]


def test_bold_question_lines_without_blockquote() -> None:
    """Questions as bare bold lines, hints unquoted, a bare 'Answer:' line (reformatted report)."""
    gen = "2025"
    answers = full_answers(gen)
    text = render(gen, answers)
    lines = []
    for line in text.split("\n"):
        if line.startswith("> "):
            line = line[2:]
        elif line == ">":
            line = ""
        lines.append(line)
    seg = cut("---\nnoteId: abc\n---\n\n" + "\n".join(lines))
    for n in (1, 2, 8, 17, 27, 31):
        assert answer(seg, n) == answers[n]


def test_answer_on_the_marker_line() -> None:
    text = sub(render("2025", full_answers("2025")), "> Answer:\n\nGroup 7\n", "> Answer: 42\n")
    seg = cut(text)
    assert answer(seg, 1) == "42"


def test_checker_view_stops_at_next_heading_marks() -> None:
    answers = full_answers("2025")
    answers[23] = "one two three\n### Results\nfour five"
    seg = cut(render("2025", answers))
    assert seg.blocks[23].raw.split() == ["one", "two", "three"]


def test_checklist_part_ends_at_group_information() -> None:
    text = render("2025")
    seg = cut(text)
    lines = text.split("\n")
    assert lines[seg.checklist_end] == "## Group information"


def test_edited_question_sentence_without_heading_is_still_found() -> None:
    """Typos fixed in the question text and the heading deleted: word windows still match."""
    answers = full_answers("2025")
    text = render("2025", answers)
    text = sub(text, "### Question 9\n", "")
    text = sub(text, "Did you workflow include", "Did your workflow include")
    text = sub(text, "### Question 25\n", "")
    text = sub(text, "perform any unit testing and", "perform any functional testing and")
    seg = cut(text)
    for n in (8, 9, 10, 24, 25, 26):
        assert answer(seg, n) == answers[n], n


def test_second_line_of_question_sentence_does_not_leak_into_previous_answer() -> None:
    answers = full_answers("2026")
    text = render("2026", answers)
    text = sub(text, "### Question 11\n", "")
    text = sub(text, "Discuss you continuous integration setup", "Tell us about your CI setup")
    seg = cut(text)
    assert answer(seg, 10) == answers[10]
    assert answer(seg, 11) == answers[11]


def test_answer_written_in_the_quote_above_the_answer_line() -> None:
    text = render("2023", full_answers("2023"))
    text = sub(
        text,
        "> Answer:\n\n" + full_answers("2023")[6] + "\n",
        "> We used ruff and mypy in pre-commit.\n>\n> Answer:\n\n--- question 6 fill here ---\n",
    )
    seg = cut(text)
    assert answer(seg, 6) == "We used ruff and mypy in pre-commit."


@pytest.mark.parametrize("marker", ["**Answer:**", "> **Answer**", "Answer :", "> _Answer_:"])
def test_answer_marker_spellings(marker: str) -> None:
    base = render("2025", full_answers("2025"))
    text = sub(base, "> Answer:\n\nGroup 7\n", f"{marker}\nGroup 7\n")
    assert answer(cut(text), 1) == "Group 7"


# The filler two official templates (2025-01-24, 2026-01-04) carry instead of Q31's placeholder.
TEMPLATE_FILLER = (
    "fewafewubaofewnafioewnifowf ewafw afew afewafewafionewoanf waf ewonfieownaf fewnaiof newio "
    "fweanøf wea fewa\n fweafewa fewiagonwa ognwra'g\n wa\n gwreapig ipweroang w rag\n wa grwa\n"
    "  g\n  ew\n  gwea g\n  ew ag ioreabnguorwa bg\u0308\u0301aw\n   wa\n"
    "   gew4igioera giroeahgi0wra gwa"
)


def test_the_templates_own_filler_text_is_no_answer() -> None:
    answers = full_answers("2025")
    answers[31] = TEMPLATE_FILLER
    seg = cut(render("2025", answers))
    assert unanswered(seg, "2025") == [31]
    assert seg.blocks[31].placeholder


def test_an_answer_written_below_the_templates_filler_keeps_only_the_answer() -> None:
    answers = full_answers("2025")
    answers[31] = TEMPLATE_FILLER + "\n\nStudent s100001 built the API; we used a chat assistant."
    seg = cut(render("2025", answers))
    block = seg.blocks[31]
    assert block.answered and block.placeholder
    assert block.text == "Student s100001 built the API; we used a chat assistant."


def test_a_few_short_words_shared_with_the_filler_stay_an_answer() -> None:
    answers = full_answers("2025")
    answers[31] = "wa\ng\new ag"
    seg = cut(render("2025", answers))
    assert seg.blocks[31].answered


def test_a_long_answer_on_the_marker_line_is_cut_after_the_marker() -> None:
    long_answer = "We tracked the loss and the accuracy of every run. " * 12
    slot = "> Answer:\n\n--- question 13 fill here ---"
    text = sub(render("2025"), slot, "> Answer: " + long_answer)
    seg = cut(text)
    assert answer(seg, 13) == long_answer.strip()
    assert seg.blocks[13].marker


@pytest.mark.parametrize("answered_copy", ["second", "first"])
def test_a_question_pasted_twice_is_read_from_its_answered_copy(answered_copy: str) -> None:
    answers = full_answers("2026")
    text = render("2026", answers)
    q5 = "\n".join(question_lines("2026", 5, answers[5]))
    empty = "\n".join(question_lines("2026", 5, None))
    twice = empty + "\n\n" + q5 if answered_copy == "second" else q5 + "\n\n" + empty
    seg = cut(sub(text, q5, twice), "2026")
    assert answer(seg, 5) == answers[5]
    assert "Question 5" not in answer(seg, 5)
    assert unanswered(seg, "2026") == []
