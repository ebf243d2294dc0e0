"""In headless Chromium: each fact in the facts box links to its source words, highlighted with
a <mark> in the answer; the link jumps there (the mark becomes :target and is scrolled into view).

Skips like tests/export/test_browser.py when chromium, chromedriver or selenium is missing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "parse"))

from parse_synth import full_answers, render  # noqa: E402

try:
    from test_browser import _severe  # the `driver` fixture comes from tests/conftest.py
except ImportError:  # collected as part of a package
    from .test_browser import _severe

from harvester.export.report_html import render_report  # noqa: E402
from harvester.parse import parse_text  # noqa: E402

pytestmark = pytest.mark.browser

ANSWERS = {
    8: "Measured with coverage.py, the **total** coverage of our code is **82%** and the "
    "data module alone reaches 95%.",
    17: "We deployed the API with Cloud **Run** and kept the data in a bucket. We played with "
    "Vertex AI, but never got it to work.",
    27: "Altogether the group spent $6.12 on the project.",
}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    answers = full_answers("2025")
    answers.update(ANSWERS)
    record = parse_text(render("2025", answers))
    html = render_report({"status": "ok"}, record, None, group="5")
    path = tmp_path_factory.mktemp("facts") / "report.html"
    path.write_text(html, encoding="utf-8")
    return path


def _follow(browser, href: str) -> dict:
    link = browser.find_element("css selector", f'.facts a.fact-link[href="{href}"]')
    link.click()
    return browser.execute_script(
        "const t = document.querySelector(':target');"
        "if (!t) return null; const r = t.getBoundingClientRect();"
        "return {tag: t.tagName, text: t.textContent, id: t.id,"
        " top: r.top, bottom: r.bottom, height: window.innerHeight, y: window.scrollY,"
        " visible: r.bottom > 0 && r.top < window.innerHeight && window.scrollY > 0,"
        " answer: t.closest('article') ? t.closest('article').id : null};"
    )


def test_fact_links_jump_to_the_marked_source_words(driver, page):  # noqa: F811
    driver.get(page.as_uri())
    assert _severe(driver) == []
    coverage = _follow(driver, "#fact-code-coverage")
    assert coverage["tag"] == "MARK" and coverage["text"] == "82%"
    assert coverage["answer"] == "q8" and coverage["visible"], coverage
    credits = _follow(driver, "#fact-credits")
    assert credits["tag"] == "MARK" and "6.12" in credits["text"] and credits["answer"] == "q27"
    assert credits["visible"]


def test_words_split_by_markup_are_marked_piece_by_piece(driver, page):  # noqa: F811
    driver.get(page.as_uri())
    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('.facts a.fact-link'))"
        ".map(a => [a.textContent, a.getAttribute('href')]);"
    )
    run_href = dict(hrefs)["Cloud Run"]
    target = _follow(driver, run_href)
    assert target["tag"] == "MARK" and target["answer"] == "q17"
    pieces = driver.execute_script(
        "return Array.from(document.querySelectorAll('#q17 mark.fact')).map(m => m.textContent);"
    )
    assert "".join(pieces[:2]).strip() == "Cloud Run"


def test_left_out_service_is_listed_with_a_check_badge(driver, page):  # noqa: F811
    driver.get(page.as_uri())
    left = driver.find_element("css selector", ".facts ul.left-out li")
    assert "Vertex AI" in left.text and "tried" in left.text
    badge = left.find_element("css selector", ".fact-check")
    assert "played with" in badge.get_attribute("title")
    link = left.find_element("css selector", "a")
    target = _follow(
        driver, driver.execute_script("return arguments[0].getAttribute('href')", link)
    )
    assert target["tag"] == "MARK" and target["text"] == "Vertex AI" and target["answer"] == "q17"
