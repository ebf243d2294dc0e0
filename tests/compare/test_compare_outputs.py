"""compare.xlsx and index.html as staff open them: the workbook read back with openpyxl and
opened by LibreOffice headless, the page in headless Chromium. One grade criterion is hostile
(a formula and a script tag): it must stay inert text in both."""

from __future__ import annotations

import html
from pathlib import Path

import openpyxl
import pytest
from browser_support import chromium_session, no_alert, screenshot_dir, severe
from conftest import HOSTILE

from harvester.compare import CompareResult, run_compare
from harvester.compare.model import NOT_IN_TEMPLATE
from harvester.export.xlsx.style import FILL_WARN

SECTION_SHEETS = ("Templates", "Checklist coverage", "Code coverage and credits",
                  "Cloud services", "Answers", "Late work", "Evidence", "Grades")  # fmt: skip


@pytest.fixture(scope="module")
def result(harvests: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> CompareResult:
    out = tmp_path_factory.mktemp("compare-out") / "compare"
    return run_compare([harvests[k] for k in ("2024v1", "2025", "2026")], None, out)


def _rows(ws) -> dict[str, list]:
    """First column -> the rest of the row; the first table wins where tables share a label."""
    rows: dict[str, list] = {}
    for r in ws.iter_rows(values_only=True):
        if r and r[0]:
            rows.setdefault(r[0], list(r[1:]))
    return rows


def test_workbook_has_a_sheet_and_charts_per_section(result: CompareResult) -> None:
    book = openpyxl.load_workbook(result.xlsx)
    assert book.sheetnames == ["Summary", *SECTION_SHEETS, "Notes", "Chart data"]
    for name in SECTION_SHEETS:
        charts = book[name]._charts
        assert charts, name
        for chart in charts:
            assert len(chart.series) == 3, name  # one series per cohort, clustered
            assert chart.grouping == "clustered" and chart.type == "bar"
    assert len(book["Answers"]._charts) == 3  # answered, limits, words
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_workbook_figures_and_highlights(result: CompareResult) -> None:
    book = openpyxl.load_workbook(result.xlsx)
    services = _rows(book["Cloud services"])
    assert services["Container Registry"][:3] == pytest.approx([200 / 3, 100 / 3, 0.0])
    checklist = _rows(book["Checklist coverage"])
    torchserve = next(v for k, v in checklist.items() if k.startswith("If applicable, consider"))
    assert torchserve[:2] == pytest.approx([100 / 3, 100.0])
    assert torchserve[2] == NOT_IN_TEMPLATE
    ws = book["Cloud services"]
    row = next(r for r in ws.iter_rows() if r[0].value == "Container Registry")
    assert row[2].fill.fgColor.rgb == FILL_WARN.fgColor.rgb  # large change in 2025
    assert "since 2024" in row[2].comment.text
    assert row[1].fill.fgColor.rgb != FILL_WARN.fgColor.rgb
    summary = [r for r in book["Summary"].iter_rows(values_only=True) if r[0]]
    assert summary[1][:3] == ("cohort", "folder", "schema version")
    assert [r[2] for r in summary[2:5]] == [1, 2, 2]
    listed = [r for r in summary if r[7] and str(r[7]).endswith(("2024", "2025"))]
    assert len(listed) == len(result.comparison.changes) > 5
    chart_data = _rows(book["Chart data"])
    collection = next(v for k, v in chart_data.items() if k.startswith("Setup collection of"))
    assert collection[:3] == [None, None, pytest.approx(100 / 3)]  # a gap in the chart, not 0


def test_hostile_strings_stay_text(result: CompareResult) -> None:
    book = openpyxl.load_workbook(result.xlsx)
    grades = _rows(book["Grades"])
    assert "'" + HOSTILE in grades  # the formula is quoted, not run
    page = result.html.read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    csp = html.unescape(
        page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    )
    assert "script-src 'none'" in csp and "default-src 'none'" in csp


def test_libreoffice_opens_the_workbook(result: CompareResult, libreoffice, tmp_path: Path):
    pdf = libreoffice(result.xlsx, "pdf", tmp_path / "pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    resaved = libreoffice(result.xlsx, "xlsx", tmp_path / "xlsx")
    book = openpyxl.load_workbook(resaved)
    assert book.sheetnames[: len(SECTION_SHEETS) + 1] == ["Summary", *SECTION_SHEETS]
    assert book["Cloud services"]._charts  # the charts survive LibreOffice's reading
    services = _rows(book["Cloud services"])
    assert services["Artifact Registry"][:3] == pytest.approx([0.0, 200 / 3, 100.0])


@pytest.mark.browser
def test_page_in_the_browser(result: CompareResult, tmp_path: Path, tmp_path_factory) -> None:
    comparison = result.comparison
    charted = sum(1 for s in comparison.sections for t in s.tables if any(r.chart for r in t.rows))
    with chromium_session(tmp_path_factory.mktemp("chromium-profile")) as driver:
        driver.get(result.html.as_uri())
        assert severe(driver) == []
        assert no_alert(driver)
        sizes = driver.execute_script(
            "return Array.from(document.querySelectorAll('svg.chart'))"
            ".map(s => s.getBoundingClientRect().width);"
        )
        assert len(sizes) == charted and all(w > 300 for w in sizes)
        large = driver.find_elements("css selector", "table.figures td.large")
        assert len(large) == len(comparison.changes)
        assert "since" in large[0].text
        listed = driver.find_elements("css selector", "table.changes tbody tr")
        assert len(listed) == len(comparison.changes)
        missing = driver.find_elements("css selector", "table.figures td.missing")
        assert {m.text for m in missing} >= {NOT_IN_TEMPLATE, "not collected"}
        assert HOSTILE.split("<")[0] in driver.find_element("id", "sec-grades").text
        shot = screenshot_dir(tmp_path) / "compare_index.png"
        driver.save_screenshot(str(shot))
        assert shot.read_bytes().startswith(b"\x89PNG")
