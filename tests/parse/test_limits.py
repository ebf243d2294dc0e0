"""Word and image counts, the course checker's way and the fair way."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.parse.limits import checker_images, checker_words, fair_words, limit_warnings

CHECKER_IMAGE_RE = re.compile(r"\!\[.*?\]\(.*?\)")  # the course's report.py


def test_fair_words_skip_markup_comments_and_punctuation() -> None:
    text = "We used **uv** - see ![fig](figures/a.png) <img src='b.png'> <!-- hidden -->\n> ok"
    assert fair_words(text) == 5  # We used uv see ok
    assert checker_words(text) == len(text.split())


def test_checker_images_counts_markdown_links_only() -> None:
    text = "![a](a.png) ![b](b.png)\n<img src='c.png'>\n`![d](d.png)` <!-- ![e](e.png) -->"
    assert checker_images(text) == 4


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="![]()ab \n`", max_size=60))
def test_checker_images_equals_the_checker_regex(text: str) -> None:
    assert checker_images(text) == len(CHECKER_IMAGE_RE.findall(text))


def answer(**kw: object) -> dict:
    base = {
        "question": 14,
        "line": 10,
        "answered": True,
        "words": 250,
        "words_checker": 250,
        "word_limit": [200, 300],
        "images": 2,
        "images_checker": 2,
        "image_limit": [1, 3],
    }
    base.update(kw)
    return base


def test_no_warning_within_limits() -> None:
    assert limit_warnings(answer()) == []


def test_word_and_image_violations_are_rows() -> None:
    rows = limit_warnings(answer(words=120, words_checker=131, images=0, images_checker=0))
    assert [r["kind"] for r in rows] == ["word_limit", "image_limit"]
    assert "120 words" in rows[0]["detail"] and "131" in rows[0]["detail"]
    assert rows[0]["question"] == 14 and rows[0]["line"] == 10


def test_checker_only_violation_is_reported_too() -> None:
    rows = limit_warnings(answer(words=290, words_checker=320))
    assert [r["kind"] for r in rows] == ["word_limit"]


def test_exact_image_limit_wording_and_unanswered_skipped() -> None:
    rows = limit_warnings(answer(image_limit=[1, 1], images=2, images_checker=2))
    assert "exactly 1" in rows[0]["detail"]
    assert limit_warnings(answer(answered=False, words=0, words_checker=0)) == []
