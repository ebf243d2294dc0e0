"""The shared clean-up of answers, and the extractors' robustness to template text left in."""

from __future__ import annotations

from harvester.parse.coverage import extract_coverage
from harvester.parse.credits import extract_credits
from harvester.parse.fieldtext import bounded_pieces, drop_template_scaffolding, unwrap
from harvester.parse.services import extract_services

Q17_WITH_TEMPLATE = """
> **List all the GCP services that you made use of in your project and shortly explain**
>
> Recommended answer length: 50-200 words.
>
> Example:
> *We used the following two services: Engine and Bucket. Engine is used for... and Bucket is*
> *used for...*
>
> Answer:

--- We used Cloud Run to serve the model. ---
"""

Q8_WITH_TEMPLATE = """
> **What is the total code coverage (in percentage) of your code? If your code had a code**
> **coverage of 100% (or close to), would you still trust it to be error free?**
>
> Example:
> *The total code coverage of code is X%, which includes all our source code. We are far from 100%*
>
> Answer:

The tests cover 47% of the package.
"""

Q27_WITH_TEMPLATE = """
> Example:
> *Group member 1 used ..., Group member 2 used ..., in total ... credits was spend during*
>
> Answer:

We spent 6 dollars.
"""


def test_template_scaffolding_is_dropped() -> None:
    cleaned = drop_template_scaffolding(Q17_WITH_TEMPLATE)
    assert "Engine and Bucket" not in cleaned
    assert "Recommended answer length" not in cleaned
    assert "List all the GCP services" not in cleaned
    assert "We used Cloud Run" in cleaned


def test_extractors_ignore_a_left_in_template_example() -> None:
    assert extract_services(Q17_WITH_TEMPLATE) == ["cloud_run"]
    assert extract_coverage(Q8_WITH_TEMPLATE) == 47
    assert extract_credits(Q27_WITH_TEMPLATE) == {"amount": 6, "unit": "USD"}


def test_unwrap_removes_wrappers_but_keeps_lines() -> None:
    text = (
        "### Question 2\n> Answer:\n--- s1, s2\nmore ---\n<!-- hidden -->\n"
        "--- question 3 fill here ---"
    )
    assert unwrap(text).split("\n")[:3] == ["", "", "s1, s2"]
    assert "hidden" not in unwrap(text) and "fill here" not in unwrap(text)
    assert unwrap(text).split("\n")[3] == "more"


def test_unwrap_keeps_markdown_tables() -> None:
    table = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert unwrap(table) == table


def test_an_answer_quoted_as_a_blockquote_survives() -> None:
    assert unwrap("> Answer:\n> We used **Vertex AI**.").strip() == "We used **Vertex AI**."


def test_bounded_pieces_caps_length_and_keeps_text() -> None:
    import re

    text = "word " * 1000 + ". Next sentence."
    pieces = bounded_pieces(text, re.compile(r"(?<=\.)\s+"), limit=100)
    assert all(len(p) <= 100 for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
