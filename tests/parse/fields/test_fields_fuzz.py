"""Hostile input: the extractors never raise, return well-formed values and stay linear-ish."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvester.parse.coverage import extract_coverage
from harvester.parse.credits import extract_credits
from harvester.parse.images import ImageRef, find_image_refs, resolve_image
from harvester.parse.members import extract_group_number, extract_members
from harvester.parse.services import SERVICE_IDS, extract_services

# Fragments that exercise every rule: markup, units, numbers, negation, code and comments.
FRAGMENTS = [
    "![a](figures/a.png)",
    "![",
    "](",
    "<img src='x.png'>",
    "<img ",
    "<!--",
    "-->",
    "`",
    "```",
    "~~~",
    "\n",
    " ",
    "---",
    "> ",
    "|",
    "**",
    "*",
    "$",
    "\\$",
    "%",
    "\\%",
    "12",
    "3.5",
    "1,59",
    "s123456",
    "sXXXXXX",
    "kr",
    "USD",
    "credits",
    "total",
    "each",
    "member",
    "coverage",
    "100%",
    "35-40%",
    "Cloud Run",
    "Bucket:",
    "- Engine: x",
    "did not use",
    "it",
    "Answer:",
    "[x]: y.png",
    "![r][x]",
    "(",
    ")",
    "<",
    ">",
    "\u00e6",
    "\x00",
    "\r\n",
    "#",
    "Question 1",
    "under",
    "we spent",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=60
).map("".join)

# HARVESTER_FUZZ_EXAMPLES=3000 for a long local run; the default keeps the suite fast.
EXAMPLES = int(os.environ.get("HARVESTER_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(hostile_text)
def test_member_fields_never_raise(text: str) -> None:
    number = extract_group_number(text)
    assert number is None or number > 0
    members = extract_members(text)
    assert all(s.startswith("s") and len(s) == 7 for s in members.study_numbers)
    assert len(members.study_numbers) <= len(members.members)


@FUZZ
@given(hostile_text)
def test_coverage_never_raises(text: str) -> None:
    value = extract_coverage(text)
    assert value is None or 0 <= value <= 100


@FUZZ
@given(hostile_text)
def test_credits_never_raise(text: str) -> None:
    value = extract_credits(text)
    assert value is None or (
        value["amount"] >= 0 and value["unit"] in {"USD", "EUR", "DKK", "credits"}
    )


@FUZZ
@given(hostile_text, st.sampled_from([None, "2023", "2025", "2026"]))
def test_services_never_raise(text: str, template: str | None) -> None:
    result = extract_services(text, template=template)
    assert result == sorted(set(result))
    assert set(result) <= set(SERVICE_IDS)


@FUZZ
@given(hostile_text, st.one_of(st.none(), st.sets(st.sampled_from(["a.png", "figures/a.png"]))))
def test_images_never_raise_and_never_escape(text: str, files: set[str] | None) -> None:
    lines = text.count("\n") + 1
    for ref in find_image_refs(text):
        assert isinstance(ref, ImageRef) and 1 <= ref.line <= lines + 1
        resolution = resolve_image(ref.src, files)
        if resolution.resolved is not None and not resolution.resolved.startswith(
            ("http", "HTTP", "//", "data:")
        ):
            assert not resolution.resolved.startswith(("/", "../")) and resolution.resolved != ".."


@FUZZ
@given(st.text(max_size=200))
def test_resolve_never_leaves_the_folder(src: str) -> None:
    resolution = resolve_image(src, {"figures/a.png"})
    if resolution.resolved is not None and resolution.missing is not False:
        assert not resolution.resolved.startswith(("/", "../"))


EXTRACTORS = {
    "group": extract_group_number,
    "members": extract_members,
    "coverage": extract_coverage,
    "credits": extract_credits,
    "services": extract_services,
    "images": find_image_refs,
}
# Each piece repeated is a known worst case for a naive implementation (unclosed tags, unmatched
# backticks, one endless sentence full of amounts, percentages or negations).
WORST_CASES = [
    "total coverage is 45% and we spent $3.20 on Cloud Run, ",
    "5% ",
    "$1 ",
    "did not use it, ",
    '<img src="',
    "![a](",
    "` `` ``` ",
    "<!--",
    "1,000,",
    "- Engine: x\n",
    "s123456, ",
    "(((",
]


@pytest.mark.parametrize("piece", WORST_CASES)
@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_linear_ish_time_on_long_hostile_input(name: str, piece: str) -> None:
    extract = EXTRACTORS[name]

    def elapsed(size: int) -> float:
        text = (piece * (size // len(piece) + 1))[:size]
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            extract(text)
            runs.append(time.perf_counter() - start)
        return min(runs)

    small, large = elapsed(5_000), elapsed(40_000)
    # 8x the input may cost ~8x; quadratic code would cost ~64x. The absolute floor absorbs timer
    # noise and a loaded CI machine: quadratic code on 40k characters takes far longer than it.
    assert large < 3.0
    assert large < 0.25 or large < 24 * max(small, 0.002)


@pytest.mark.parametrize("blank", [" ", "\t", " \t", "\n", "> \n", "\u00a0"])
@pytest.mark.parametrize("name", sorted(EXTRACTORS))
def test_long_blank_runs_stay_fast(name: str, blank: str) -> None:
    """A long run of blanks after a partial construct must not trigger regex backtracking."""
    extract = EXTRACTORS[name]
    for prefix in ("![a](b", "--- ", "| a", "- Engine:", "$5", "total 45", "s123456"):
        text = prefix + blank * 20_000 + "x"
        start = time.perf_counter()
        extract(text)
        assert time.perf_counter() - start < 2.0, prefix
