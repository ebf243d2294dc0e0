"""The exported pages in a real headless Chromium (Debian's `chromium` + `chromium-driver`).

Renders a small cohort (real PNG/SVG figures, one missing figure, one LFS pointer, an unreachable
group, a hostile group id) into a temp dir, opens it from disk as a TA would, and checks what a
person would see: no console error (so the CSP-pinned script runs and nothing is blocked), every
embedded figure decoded, header clicks sort, the filter filters, the print layout keeps the facts
box out of the text, and a screenshot is written (to $HARVESTER_SCREENSHOT_DIR when set).

Skips (with the install command) when selenium, chromium or chromedriver is missing.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pandas as pd
import pytest

try:
    from html_fixtures import (
        group_row,
        make_groups_df,
        make_record,
        make_snapshot,
        png_bytes,
        standard_figures,
        write_reports_dir,
    )
except ImportError:  # collected as part of a package
    from .html_fixtures import (
        group_row,
        make_groups_df,
        make_record,
        make_snapshot,
        png_bytes,
        standard_figures,
        write_reports_dir,
    )

from browser_support import no_alert as _no_alert
from browser_support import screenshot_dir as _screenshot_dir
from browser_support import severe as _severe

from harvester.export.index_html import render_index
from harvester.export.report_html import render_report
from harvester.layout import OutputLayout

pytestmark = pytest.mark.browser

HOSTILE_ID = '"><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def cohort(tmp_path_factory: pytest.TempPathFactory) -> OutputLayout:
    """output/ as the pipeline lays it out: index.html + groups/<id>/{reports/,report.html}."""
    layout = OutputLayout(tmp_path_factory.mktemp("output"))
    figures = standard_figures()
    groups = {
        "1": (make_snapshot("1"), make_record(group_number=1), figures),
        "2": (
            make_snapshot("2", commits_after_deadline=0, reports_changed_after_deadline=False),
            make_record({19: "![bucket](figures/bucket.png)"}, group_number=2),
            {k: v for k, v in figures.items() if k != "figures/wandb.png"},  # wandb.png missing
        ),
        "10": (make_snapshot("10"), make_record(group_number=10), figures),
        "3": (
            make_snapshot("3", status="unreachable", error="fatal: repository not found"),
            None,
            None,
        ),
        HOSTILE_ID: (make_snapshot(HOSTILE_ID), make_record(group_number=4), figures),
    }
    for group, (snapshot, record, files) in groups.items():
        reports_dir = None
        if files is not None:
            reports_dir = write_reports_dir(layout.group_dir(group), files)
        page = render_report(snapshot, record, reports_dir, group=group, roster_members=None)
        layout.report_html(group).parent.mkdir(parents=True, exist_ok=True)
        layout.report_html(group).write_text(page, encoding="utf-8")
    rows = make_groups_df(12).to_dict("records")  # groups "1".."12"
    overrides = {"1": 80.0, "2": 5.0, "10": 100.0, "4": 0.0}
    for row in rows:
        if row["group"] in overrides:
            row["code_coverage"] = overrides[row["group"]]
        if row["group"] == "3":
            row.update(group_row("3", "unreachable", error="fatal: repository not found"))
    rows.append(group_row(HOSTILE_ID, code_coverage=42.0))
    full = pd.DataFrame(rows)
    index = render_index(
        full, title="MLOps 2026", deadline="2026-01-24 23:59 +01:00", generated_at="now"
    )
    layout.index_html.write_text(index, encoding="utf-8")
    return layout


def test_report_page_shows_figures_and_placeholders(driver, cohort, tmp_path):
    driver.get(cohort.report_html("2").as_uri())
    assert _severe(driver) == []
    images = driver.execute_script(
        "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.alt]);"
    )
    # sweep.png, bucket.png, overview.svg are embedded; wandb.png is missing, big.png is LFS.
    assert sorted(alt for _, _, alt in images) == ["Sweep", "architecture", "bucket"]
    assert all(complete and width > 0 for complete, width, _ in images), images
    sources = driver.execute_script("return Array.from(document.images).map(i => i.src);")
    assert all(src.startswith("data:image/") for src in sources)
    missing = driver.find_elements("css selector", ".figure-placeholder.figure-missing")
    assert len(missing) == 2  # wandb.png (Q14) and registry_missing.png (Q20)
    assert all(box.is_displayed() for box in missing)
    assert "figures/wandb.png" in missing[0].text
    lfs = driver.find_element("css selector", ".figure-placeholder.figure-lfs")
    assert "Figure stored in LFS" in lfs.text
    shot = _screenshot_dir(tmp_path) / "report_group2.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000


def test_unreachable_and_hostile_pages_load_safely(driver, cohort):
    driver.get(cohort.report_html("3").as_uri())
    assert _severe(driver) == []
    alert = driver.find_element("css selector", ".notice.error")
    assert "unreachable" in alert.text and "repository not found" in alert.text
    driver.get(cohort.report_html(HOSTILE_ID).as_uri())
    assert _severe(driver) == []
    assert _no_alert(driver)
    assert HOSTILE_ID in driver.find_element("css selector", "h1").text


def _column(browser, index: int) -> list[str]:
    """The shown rows' cells of one column (the sort key where a cell carries one)."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#cohort tbody tr'))"
        ".filter(r => !r.hidden).map(r => { const c = r.cells[arguments[0]];"
        " return c.hasAttribute('data-sort') && c.classList.contains('group-id')"
        " ? c.getAttribute('data-sort') : c.textContent.trim(); });",
        index,
    )


def test_index_sorts_filters_and_links(driver, cohort, tmp_path):
    driver.get(cohort.index_html.as_uri())
    assert _severe(driver) == []
    assert _no_alert(driver)
    headers = driver.find_elements("css selector", "#cohort thead th button")
    names = [h.text for h in headers]
    group_col, coverage_col = names.index("Group"), names.index("Coverage")

    headers[group_col].click()
    groups = _column(driver, group_col)
    numeric = [int(g) for g in groups if g.isdigit()]
    assert numeric == sorted(numeric) and numeric[:4] == [1, 2, 3, 4]  # "10" after "9"
    headers[coverage_col].click()
    coverage = _column(driver, coverage_col)
    values = [float(c.rstrip("%")) for c in coverage if c != "—"]
    assert values == sorted(values) and values[0] == 0.0
    assert coverage[-1] == "—"  # blanks last
    headers[coverage_col].click()
    coverage = _column(driver, coverage_col)
    values = [float(c.rstrip("%")) for c in coverage if c != "—"]
    assert values == sorted(values, reverse=True) and coverage[-1] == "—"
    assert driver.find_elements("css selector", "#cohort th[aria-sort='descending']")

    from selenium.webdriver.support.ui import Select

    box = driver.find_element("id", "filter")
    box.send_keys("unreachable")
    statuses = _column(driver, names.index("Status"))
    assert statuses and set(statuses) == {"unreachable"}
    assert driver.find_element("id", "shown-count").text == str(len(statuses))
    box.clear()
    box.send_keys("x")  # clear() fires no input event; type and delete to re-filter
    box.send_keys("\b")
    Select(driver.find_element("id", "status-filter")).select_by_value("ok")
    statuses = _column(driver, names.index("Status"))
    assert len(statuses) > 5 and set(statuses) == {"ok"}

    hrefs = driver.execute_script(
        "return Array.from(document.querySelectorAll('#cohort tbody a')).map(a => a.href);"
    )
    from urllib.parse import unquote, urlparse

    for href in hrefs:
        path = Path(unquote(urlparse(href).path))
        if path.parent.name in {"1", "2", "3", "10"}:
            assert path.is_file(), href
    shot = _screenshot_dir(tmp_path) / "index.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")


def test_print_layout_is_one_column_and_a_few_pages(driver, cohort):
    from selenium.webdriver.common.print_page_options import PrintOptions

    driver.get(cohort.report_html("1").as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        layout = driver.execute_script(
            "const a = document.querySelector('aside.facts').getBoundingClientRect();"
            "const m = document.querySelector('main').getBoundingClientRect();"
            "return [getComputedStyle(document.querySelector('aside.facts')).position,"
            " a.bottom, m.top, a.width, m.width];"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    position, aside_bottom, main_top, aside_width, main_width = layout
    assert position == "static"
    assert aside_bottom <= main_top + 1  # the facts box sits above the text, not over it
    assert abs(aside_width - main_width) < 2  # full width, one column
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4 in cm
    pdf = base64.b64decode(driver.print_page(options))
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    # 52-item checklist + 31 answers (~4,000 words) + 4 figures: a sensible stack of A4.
    assert 3 <= pages <= 20, pages


def test_png_fixture_decodes_in_browser(driver, tmp_path):
    """The test's own PNG encoder makes images a browser decodes (guards the fixtures above)."""
    (tmp_path / "a.png").write_bytes(png_bytes(7, 5))
    (tmp_path / "p.html").write_text('<img id="i" src="a.png">', encoding="utf-8")
    driver.get((tmp_path / "p.html").as_uri())
    size = driver.execute_script(
        "const i = document.getElementById('i'); return [i.naturalWidth, i.naturalHeight];"
    )
    assert size == [7, 5]


def test_demo_cohort_pages_in_the_browser(driver, demo_output, tmp_path):
    """Every page of the real demo harvest loads cleanly, figures decode, the index sorts."""
    layout = OutputLayout(demo_output)
    pages = sorted(layout.groups_dir.glob("*/report.html"))
    assert len(pages) == 7
    for page in pages:
        driver.get(page.as_uri())
        assert _severe(driver) == [], page
        assert _no_alert(driver), page  # the demo's <script>alert(1)</script> never runs
        images = driver.execute_script(
            "return Array.from(document.images).map(i => [i.complete, i.naturalWidth, i.src]);"
        )
        assert all(ok and width > 0 for ok, width, _ in images), (page, images)
        assert all(src.startswith("data:image/") for _, _, src in images), page
    driver.get(layout.report_html("17").as_uri())
    assert driver.find_elements("css selector", "article.answer img")  # figures shown
    driver.save_screenshot(str(_screenshot_dir(tmp_path) / "demo_report_group17.png"))

    driver.get(layout.index_html.as_uri())
    assert _severe(driver) == []
    headers = driver.find_elements("css selector", "#cohort thead th button")
    names = [h.text for h in headers]
    headers[names.index("Credits")].click()
    groups = _column(driver, names.index("Group"))
    assert sorted(groups, key=int) == ["3", "11", "17", "24", "30", "45", "58"]
    flags = driver.execute_script(
        "return Array.from(document.querySelectorAll('#cohort .flag')).map("
        "f => f.closest('tr').cells[0].getAttribute('data-sort') + ' ' + f.textContent);"
    )
    assert "45 #54" in flags and "24 ext." in flags and "11 members" in flags
    assert driver.find_elements("css selector", "#cohort th[aria-sort='ascending']")
    credits = [c for c in _column(driver, names.index("Credits")) if c != "—"]
    assert len(credits) == 5
    shot = _screenshot_dir(tmp_path) / "demo_index.png"
    driver.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")
