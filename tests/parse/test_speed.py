"""Huge or hostile READMEs parse in bounded time (linear rules, size caps with warnings)."""

from __future__ import annotations

import time

import pytest
from parse_synth import full_answers, render, sub

from harvester.parse import parse_file, parse_text

BASE = render("2025", full_answers("2025"))
HOSTILE = {
    "headings": "### Question 5\n## Question 17\n" * 40_000,
    "fences": "```\n~~~~\n" * 60_000 + "````\n",
    "checkboxes": "* [x] Create a git repository (M5) and more words here\n" * 40_000,
    "quotes": "> > **Answer:** text\n" * 60_000,
    "comments": "<!-- a\n" * 100_000,
    "brackets": "![ ![ ![a](b\n" * 60_000,
    "dashes": "--- ------ --- -----\n" * 60_000,
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_answer_is_fast(kind: str) -> None:
    text = sub(BASE, "### Question 18\n", HOSTILE[kind] + "### Question 18\n")
    start = time.perf_counter()
    record = parse_text(text)
    assert time.perf_counter() - start < 20
    assert record["template"] == "2025"


def test_twenty_megabyte_readme(tmp_path) -> None:
    filler = ("We trained the model again and logged every metric to W&B. " * 8 + "\n") * 43_000
    path = tmp_path / "README.md"
    path.write_bytes(sub(BASE, "Group 7\n", "Group 7\n\n" + filler).encode("utf-8"))
    assert path.stat().st_size > 20_000_000
    start = time.perf_counter()
    record = parse_file(path)
    assert time.perf_counter() - start < 20
    assert record["group_number"] == 7
    assert "truncated" in {w["kind"] for w in record["warnings"]}
