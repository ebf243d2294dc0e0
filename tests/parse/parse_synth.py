"""Build synthetic reports from the question bank, the way the official template lays them out.

Tests start from a faithful rendering of each generation's template and then apply the messy
habits real groups have (renamed headings, deleted hints, dashes, blockquoted answers, ...).
"""

from __future__ import annotations

import textwrap

from harvester.parse.bank import load_bank

PREAMBLE = """# Exam template for 02476 Machine Learning Operations

This is the report template for the exam. Please only remove the text formatted as with three
dashes in front and behind like:

```--- question 1 fill here ---```

Where you instead should add your answers. For questions where you are asked to include
images, start by adding the image to the `figures` subfolder and then add the following code
in your answer:

`![my_image](figures/<image>.<extension>)`

Running:

```bash
python report.py check
```
"""


def _quote_bold(text: str, width: int = 110) -> list[str]:
    return [f"> **{part}**" for part in textwrap.wrap(text, width)]


def _quote_italic(text: str, width: int = 110) -> list[str]:
    return [f"> *{part}*" for part in textwrap.wrap(text, width)]


def checklist_lines(gen: str, marks: dict[str, str] | None = None) -> list[str]:
    """The checklist part; ``marks`` maps item id -> text between the brackets (default ' ')."""
    bank = load_bank(gen)
    marks = marks or {}
    out = ["## Overall project checklist", "", "The checklist is *exhaustive*.", ""]
    week = None
    for item in bank.checklist:
        if item.week != week:
            week = item.week
            title = f"Week {week}" if week.isdigit() else week.capitalize()
            out += ["", f"### {title}", ""]
        tag = f" ({'+'.join(item.modules)})" if item.modules else ""
        text = f"{item.text}{tag}"
        first, *rest = textwrap.wrap(text, 100)
        out.append(f"* [{marks.get(item.id, ' ')}] {first}")
        out += [f"    {line}" for line in rest]
    out.append("")
    return out


def question_lines(gen: str, number: int, answer: str | None = None) -> list[str]:
    """One question block as in the official template (placeholder when ``answer`` is None)."""
    bank = load_bank(gen)
    q = bank.question(number)
    assert q is not None
    out = [f"### Question {number}", ""]
    out += _quote_bold(q.text)
    out.append(">")
    if q.word_limit:
        prefix = "Answer length" if gen == "2023" else "Recommended answer length"
        out += [f"> {prefix}: {q.word_limit[0]}-{q.word_limit[1]} words.", ">"]
    if q.example:
        out += ["> Example:", *_quote_italic(q.example), ">"]
    out += ["> Answer:", ""]
    out.append(answer if answer is not None else f"--- question {number} fill here ---")
    out.append("")
    return out


def render(
    gen: str,
    answers: dict[int, str] | None = None,
    marks: dict[str, str] | None = None,
    *,
    checklist: bool = True,
    preamble: bool = True,
) -> str:
    """A whole report of generation ``gen``; questions not in ``answers`` keep the placeholder."""
    bank = load_bank(gen)
    answers = answers or {}
    out: list[str] = PREAMBLE.split("\n") if preamble else []
    if checklist:
        out += checklist_lines(gen, marks)
    section = None
    for q in bank.questions:
        if q.section != section:
            section = q.section
            out += [f"## {section}", ""]
            intro = bank.sections.get(section)
            if intro:
                out += [f"> {intro}", ""]
        out += question_lines(gen, q.number, answers.get(q.number))
    return "\n".join(out) + "\n"


def words(n: int, word: str = "word") -> str:
    """``n`` distinct-looking words, wrapped like prose."""
    return textwrap.fill(" ".join(f"{word}{i}" for i in range(n)), 100)


def full_answers(gen: str) -> dict[int, str]:
    """A plausible answer for every question, within the word and image limits."""
    bank = load_bank(gen)
    out: dict[int, str] = {}
    for q in bank.questions:
        parts = []
        if q.word_limit:
            parts.append(words(max(q.word_limit[0], 1) + 5, f"q{q.number}w"))
        if q.image_limit:
            parts += [f"![fig{q.number}_{k}](figures/q{q.number}_{k}.png)" for k in range(1, 2)]
        if not parts:
            parts.append(f"answer to question {q.number}")
        out[q.number] = "\n\n".join(parts)
    out[1] = "Group 7"
    out[2] = "s123456, s234567, s345678"
    return out


def sub(text: str, old: str, new: str) -> str:
    """``text.replace(old, new)`` that fails loudly when ``old`` is not there (no silent no-op)."""
    assert old in text, f"test setup: {old[:60]!r} not in the report"
    return text.replace(old, new)
