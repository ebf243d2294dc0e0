"""Hypothesis fuzzing: no input may crash parse_text, and the record keeps its invariants."""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from parse_synth import full_answers, render

from harvester.parse import parse_text
from harvester.parse.bank import GENERATIONS, load_bank

# Markdown-ish debris that stresses exactly the rules of the parser.
TOKENS = [
    "### Question 5",
    "## Question 17 CHECK",
    "**Question 8**",
    "> Answer:",
    "Answer: 3",
    "```",
    "```python",
    "~~~",
    "---",
    "--- question 2 fill here ---",
    "--- 40 ---",
    "> **Enter the group number you signed up on <learn.inside.dtu.dk>**",
    "* [x] Create a git repository (M5)",
    "* [] Load test your application",
    "- [50%] thing",
    "## Group information",
    "## Overall project checklist",
    "<!--",
    "-->",
    "![a](figures/a.png)",
    '<img src="figures/b.png">',
    "`![c](c.png)`",
    "$12.5 USD",
    "s123456, s234567",
    "\t",
    "# ",
    ">",
    "",
]

# HARVESTER_FUZZ_EXAMPLES=2000 for a long local run; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("HARVESTER_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(record: dict, numbers: set[int] | None = None) -> None:
    json.dumps(record, allow_nan=False)
    assert record["template"] in (None, *GENERATIONS)
    assert sum(record["checklist"].values()) == len(record["checklist_items"])
    assert record["images"]["referenced"] == len(record["image_refs"])
    assert record["unanswered"] == sorted(set(record["unanswered"]))
    known = {a["question"] for a in record["answers"]}
    assert set(record["unanswered"]) <= known
    if numbers is not None and record["template"] is not None:
        assert known == set(load_bank(record["template"]).numbers)


@SETTINGS
@given(st.text(max_size=3000))
def test_random_text(text: str) -> None:
    check(parse_text(text))


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=40), max_size=200))
def test_random_markdown_debris(lines: list[str]) -> None:
    check(parse_text("\n".join(lines)))


BASES = {gen: render(gen, full_answers(gen)).split("\n") for gen in GENERATIONS}


@st.composite
def mutated_template(draw: st.DrawFn) -> tuple[str, str]:
    gen = draw(st.sampled_from(GENERATIONS))
    lines = list(BASES[gen])
    for _ in range(draw(st.integers(0, 25))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "edit"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, draw(st.sampled_from(TOKENS) | st.text(max_size=30)))
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            cut = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:cut] + draw(st.text(max_size=5)) + lines[i][cut:]
    return gen, "\n".join(lines)


@SETTINGS
@given(mutated_template(), st.sets(st.sampled_from(["figures/q14_1.png", "figures/a.png"])))
def test_mutated_templates(case: tuple[str, str], files: set[str]) -> None:
    _, text = case
    record = parse_text(text, files=files)
    check(record, numbers=set())
    if record["images"]["missing"] is not None:
        assert 0 <= record["images"]["missing"] <= record["images"]["referenced"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(GENERATIONS), st.integers(1, 31))
def test_one_deleted_question_costs_only_that_question(gen: str, number: int) -> None:
    bank = load_bank(gen)
    if number not in bank.numbers:
        return
    answers = full_answers(gen)
    lines = BASES[gen]
    start = lines.index(f"### Question {number}")
    end = next(
        (k for k in range(start + 1, len(lines)) if lines[k].startswith("### Question")),
        len(lines),
    )
    text = "\n".join(lines[:start] + lines[end:])
    record = parse_text(text)
    assert record["unanswered"] == [number]
    for answer in record["answers"]:
        if answer["question"] != number:
            assert answer["text"] == answers[answer["question"]]
