"""Reports whose parts are not where the template put them: answers out of order, and the
checklist moved below the questions."""

from __future__ import annotations

from parse_synth import checklist_lines, full_answers, question_lines, render, sub, words

from harvester.parse import parse_text

DEADLINE = "2026-01-24T23:59:00+01:00"


def swap(text: str, gen: str, answers: dict[int, str], first: int, second: int) -> str:
    """Move question `second`'s block (heading to answer) above question `first`'s."""
    a = "\n".join(question_lines(gen, first, answers[first]))
    b = "\n".join(question_lines(gen, second, answers[second]))
    return sub(text, f"{a}\n{b}", f"{b}\n{a}")


def by_question(record: dict) -> dict[int, dict]:
    return {a["question"]: a for a in record["answers"]}


def test_question_3_answered_before_question_2():
    answers = full_answers("2026")
    answers[3] = words(150, "frameworks")
    text = swap(render("2026", answers), "2026", answers, 2, 3)
    record = parse_text(text, deadline=DEADLINE)
    got = by_question(record)
    assert record["unanswered"] == []
    assert not [w for w in record["warnings"] if w["kind"] == "missing_question"]
    assert got[2]["text"] == answers[2]
    assert record["study_numbers"] == ["s123456", "s234567", "s345678"]
    assert got[3]["text"] == answers[3] and got[3]["words"] == 150
    assert got[3]["line"] < got[2]["line"]
    # The course checker takes answers in file order: it checks them against each other's limits.
    prediction = record["course_checker"]
    assert prediction["outcome"] == "shift"
    assert prediction["shifted"] == [
        {"checker_question": 2, "answer_of": 3},
        {"checker_question": 3, "answer_of": 2},
    ]
    (warning,) = [w for w in record["warnings"] if w["kind"] == "course_checker"]
    assert "question 3 is answered above question 2" in warning["detail"]


def test_a_later_block_moved_far_up():
    answers = full_answers("2025")
    answers[27] = "We spent $42.10 in total."
    text = render("2025", answers)
    q27 = "\n".join(question_lines("2025", 27, answers[27]))
    q5 = "\n".join(question_lines("2025", 5, answers[5]))
    text = sub(sub(text, q27 + "\n", ""), q5, f"{q27}\n{q5}")
    record = parse_text(text)
    assert record["unanswered"] == []
    assert record["credits"] == {"amount": 42.1, "unit": "USD"}
    assert by_question(record)[4]["text"] == answers[4]  # question 4 does not swallow Q27
    assert by_question(record)[26]["text"] == answers[26]


def test_checklist_moved_below_the_questions():
    answers = full_answers("2026")
    marks = {"git_repo": "x", "dedicated_env": "x", "cookiecutter": "-"}
    moved = (
        render("2026", answers, checklist=False) + "\n" + "\n".join(checklist_lines("2026", marks))
    )
    on_top = render("2026", answers, marks)
    record, reference = parse_text(moved, deadline=DEADLINE), parse_text(on_top, deadline=DEADLINE)
    assert record["checklist"] == reference["checklist"] == {"done": 2, "partial": 1, "open": 50}
    assert [i["id"] for i in record["checklist_items"]] == [
        i["id"] for i in reference["checklist_items"]
    ]
    last = by_question(record)[31]
    assert last["text"] == answers[31]  # the checklist is not part of the last answer
    assert last["words"] == by_question(reference)[31]["words"]
    # For the course checker the checklist's '###' week headings follow the last answer.
    assert record["course_checker"]["outcome"] == "crash"
    assert record["course_checker"]["answers_found"] == 32
    assert reference["course_checker"]["outcome"] == "ok"


def test_a_checklist_like_list_inside_an_answer_is_not_the_checklist():
    answers = full_answers("2025")
    answers[30] = "Our own checklist:\n\n* [x] wrote tests\n* [x] deployed\n* [ ] monitoring\n"
    record = parse_text(render("2025", answers, {"git_repo": "x"}))
    assert record["checklist"]["done"] == 1  # the real checklist on top, nothing else
    assert "* [x] deployed" in by_question(record)[30]["text"]
