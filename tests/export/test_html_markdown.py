"""render_markdown: GitHub-style answers come out as the group saw them; real reports render."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

try:
    from html_fixtures import parse_page
    from test_html_sanitize import assert_safe
except ImportError:  # collected as part of a package
    from .html_fixtures import parse_page
    from .test_html_sanitize import assert_safe

from harvester.export.inline_images import inline_images
from harvester.export.markdown_render import gfm_compat, render_markdown
from harvester.export.sanitize import sanitize_html

# tests/export/<this file>: parents[2] is the repository root; shared/ sits beside it.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def tags(html_text: str) -> list[str]:
    return [tag for tag, _ in parse_page(html_text).tags]


def test_list_right_after_a_paragraph_is_a_list():
    out = render_markdown("We used:\n- ruff\n- mypy\n\nThen:\n1. build\n2. push")
    assert tags(out).count("li") == 4 and "ul" in tags(out) and "ol" in tags(out)


def test_two_space_nesting_nests():
    out = render_markdown("- data\n  - dvc\n    - gcs remote\n- model")
    assert re.sub(r"\s", "", out) == (
        "<ul><li>data<ul><li>dvc<ul><li>gcsremote</li></ul></li></ul></li><li>model</li></ul>"
    )


def test_numbers_that_are_not_lists_stay_text():
    assert "<ol>" not in render_markdown("We trained for\n2024. That was long.")
    assert "<pre>" in render_markdown("Example:\n\n    - not a list, code\n")


def test_fenced_code_is_left_alone():
    source = "```bash\n- not a list\ndocker run --rm img\n```\ntext\n- a"
    converted = gfm_compat(source)
    assert converted.startswith("```bash\n- not a list\ndocker run --rm img\n```\n")
    out = render_markdown(source)
    assert "<pre><code" in out and "- not a list" in out and "<li>a</li>" in out


def test_tables_code_and_inline_html():
    out = render_markdown(
        "| metric | value |\n|---|---:|\n| acc | 0.93 |\n\n"
        '`inline <b>` code\n\n<p align="center"><img src="figures/a.png"></p>\n\n'
        "```python\nprint('<script>')\n```"
    )
    names = tags(out)
    for tag in ("table", "th", "td", "code", "pre", "img", "p"):
        assert tag in names
    assert "&lt;script&gt;" in out and "&lt;b&gt;" in out


def test_crlf_empty_and_odd_input():
    assert render_markdown("") == "" and render_markdown("   \n") == ""
    assert "<li>b</li>" in render_markdown("a:\r\n- b\r\n")
    assert render_markdown("\x00\ufeff# T") != ""


def test_real_reports_render_safely():
    """Every real report of the shared corpus: render, sanitize, inline; nothing unsafe, fast."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"shared corpus not found at {corpus}")
    readmes = sorted(corpus.rglob("README.md"))
    assert readmes
    start = time.perf_counter()
    statuses: dict[str, int] = {}
    for readme in readmes:
        text = readme.read_bytes().decode("utf-8", errors="replace")
        html_text, results = inline_images(sanitize_html(render_markdown(text)), readme.parent)
        for result in results:
            statuses[result.status] = statuses.get(result.status, 0) + 1
        assert_safe(re.sub(r'src="data:image/[^"]*"', 'src="inlined"', html_text), ours=True)
    elapsed = time.perf_counter() - start
    assert elapsed < 10, elapsed
    # The corpus keeps figures as empty placeholder files: they show as boxes, never as <img>.
    assert statuses.get("not_image", 0) + statuses.get("missing", 0) > 0, statuses


@pytest.mark.parametrize(
    "text", ["[" * 3000 + "]" * 3000, "![a](" * 2500, "x" * 250_000, "[a](" * 700]
)
def test_pathological_markdown_is_bounded(text):
    start = time.perf_counter()
    out = render_markdown(text)
    assert time.perf_counter() - start < 1.0
    assert "shown as plain text" in out and "<pre>" in out


def test_images_inside_html_comments_are_not_rendered():
    out = sanitize_html(render_markdown("Text\n\n<!-- ![old](figures/old.png) -->\n\nmore"))
    assert "img" not in tags(out) and "old.png" not in out
