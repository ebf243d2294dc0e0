"""The similarity pages in a real headless chromium: sorted, filterable, passages in colour.

Uses the `driver` fixture of tests/conftest.py (skips cleanly without chromium or selenium).
"""

from __future__ import annotations

import pytest

from harvester.layout import OutputLayout
from harvester.similarity import read_pairs, run_similarity
from harvester.similarity.files import page_path

try:
    from similarity_fixtures import COPIED, filler, write_cohort
except ImportError:  # collected as part of a package
    from .similarity_fixtures import COPIED, filler, write_cohort

pytestmark = pytest.mark.browser
HOSTILE = '"><img src=x onerror=alert(1)>'
SECOND = (
    "We replay a frozen slice of last week's requests against every candidate image and block "
    "the rollout when the p95 latency regresses by more than fifteen percent."
)


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> OutputLayout:
    """Three flagged pairs on two questions, one with a past cohort and a hostile group id."""
    answers = {str(g): {"tests": filler(g), "docker": filler(50 + g)} for g in range(1, 7)}
    answers["2"]["tests"] += " " + COPIED + " " + filler(90, 2) + " " + SECOND
    answers["5"]["tests"] = SECOND + " " + filler(91, 2) + " " + COPIED
    answers[HOSTILE] = {"tests": filler(7), "docker": filler(57) + " " + SECOND}
    answers["3"]["docker"] += " " + SECOND
    root = tmp_path_factory.mktemp("similarity-browser")
    past = write_cohort(root / "past", {"9": {"tests": filler(99) + " " + COPIED}},
                        "2025-01-20T23:59:00+01:00")  # fmt: skip
    out = OutputLayout(write_cohort(root / "out", answers))
    run_similarity(out, [past])
    return out


def _severe(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e.get("level") == "SEVERE"]


def _visible_rows(browser) -> list:
    return [
        r for r in browser.find_elements("css selector", "#cohort tbody tr") if r.is_displayed()
    ]


def test_index_sorts_and_filters_by_question_and_cohort(driver, layout):
    from selenium.webdriver.support.ui import Select

    pairs = read_pairs(layout)
    assert {p["key"] for p in pairs} == {"tests", "docker"} and len(pairs) == 4
    driver.get((layout.similarity_dir / "index.html").as_uri())
    assert not _severe(driver)
    strengths = [float(r.find_element("css selector", "td").get_attribute("data-sort"))
                 for r in _visible_rows(driver)]  # fmt: skip
    assert strengths == sorted(strengths, reverse=True)  # strongest first
    driver.find_element("css selector", "#cohort thead th button").click()
    after = [float(r.find_element("css selector", "td").get_attribute("data-sort"))
             for r in _visible_rows(driver)]  # fmt: skip
    assert after == sorted(strengths)
    Select(driver.find_element("id", "status-filter")).select_by_value("docker")
    assert len(_visible_rows(driver)) == 1
    assert driver.find_element("id", "shown-count").text == "1"
    Select(driver.find_element("id", "status-filter")).select_by_value("")
    driver.find_element("id", "filter").send_keys("2025-01")
    rows = _visible_rows(driver)
    assert len(rows) == 2 and all("group 9 (2025-01)" in r.text for r in rows)  # with 2 and 5
    assert HOSTILE in driver.page_source.replace("&gt;", ">").replace("&lt;", "<").replace(
        "&quot;", '"'
    )
    assert not driver.execute_script("return document.querySelectorAll('body img').length")


def test_side_by_side_page_shows_each_passage_in_its_own_colour(driver, layout):
    pair = next(p for p in read_pairs(layout) if p["pair_id"] == "tests|2026-01|2|2026-01|5")
    assert len(pair["passages"]) == 2  # reordered: two passages
    driver.get(page_path(layout, pair["pair_id"]).as_uri())
    assert not _severe(driver)
    why = driver.find_element("css selector", ".why").text
    assert "Why this pair was flagged" in why and "not a verdict" in why
    sides = driver.find_elements("css selector", ".side")
    assert len(sides) == 2
    for side in sides:
        marks = side.find_elements("css selector", "mark")
        colours = {m.value_of_css_property("background-color") for m in marks}
        assert len(colours) == 2  # two passages, two colours
        text = " ".join(" ".join(m.text for m in marks).split())
        assert "nightly retraining job" in text and "frozen slice" in text
    first_a = (
        sides[0].find_element("css selector", "mark.p0").value_of_css_property("background-color")
    )
    first_b = (
        sides[1].find_element("css selector", "mark.p0").value_of_css_property("background-color")
    )
    assert first_a == first_b  # the same passage has the same colour on both sides
    link = sides[0].find_element("css selector", "h2 a").get_attribute("href")
    assert link.endswith("/groups/2/report.html#q3")


def test_hostile_pair_page_runs_nothing(driver, layout):
    pair = next(p for p in read_pairs(layout) if HOSTILE in (p["group_a"], p["group_b"]))
    driver.get(page_path(layout, pair["pair_id"]).as_uri())
    assert not _severe(driver)
    assert HOSTILE in driver.find_element("css selector", "h1").text
    assert not driver.execute_script("return document.querySelectorAll('body img').length")
