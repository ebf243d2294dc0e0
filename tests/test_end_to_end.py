"""The whole product on the shipped demo cohort: `harvester harvest` from groups.csv to output/.

Real git clones of the shipped bundles, the real parser, real xlsx read back with openpyxl and
real HTML parsed back; results compared with the demo's hand-written expectations.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from harvester.cli import main
from harvester.parse.record import RECORD_KEYS
from harvester.similarity.files import page_name

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))
DEADLINE = EXPECTED["cohort_deadline"]


class Page(HTMLParser):
    """Collects what the tests look at: tags, links, images, table rows, scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.images: list[str] = []
        self.rows = 0
        self.scripts = 0
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "img":
            self.images.append(values.get("src") or "")
        elif tag == "tr":
            self.rows += 1
        elif tag == "script":
            self.scripts += 1


def parse_page(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def harvested(demo_output: Path) -> Path:
    """The demo cohort's harvest, shared by the tests of this module (read only)."""
    return demo_output


def test_every_group_has_the_expected_snapshot(harvested: Path) -> None:
    for group, expected in EXPECTED["groups"].items():
        snapshot = json.loads((harvested / "groups" / group / "snapshot.json").read_text())
        for key, value in expected["snapshot"].items():
            if isinstance(value, dict):
                for sub, subvalue in value.items():
                    assert snapshot[key][sub] == subvalue, (group, key, sub)
            else:
                assert snapshot[key] == value, (group, key)


def test_every_report_is_parsed_as_expected(harvested: Path) -> None:
    for group, expected in EXPECTED["groups"].items():
        record_path = harvested / "groups" / group / "record.json"
        if expected.get("record") is None:
            assert not record_path.exists(), group
            continue
        record = json.loads(record_path.read_text())
        got = {k: record[k] for k in RECORD_KEYS}
        assert got == {k: expected["record"][k] for k in RECORD_KEYS}, group


def test_manifest_counts_and_entries(harvested: Path) -> None:
    manifest = json.loads((harvested / "manifest.json").read_text())
    statuses = {g: e["snapshot"]["status"] for g, e in EXPECTED["groups"].items()}
    assert {e["group"]: e["status"] for e in manifest["groups"]} == statuses
    assert sum(manifest["counts"].values()) == len(statuses)
    assert manifest["deadline"] == DEADLINE


def test_index_links_every_group_and_escapes(harvested: Path) -> None:
    page = parse_page(harvested / "index.html")
    assert page.handlers == []
    for group in EXPECTED["groups"]:
        href = f"groups/{group}/report.html"
        assert href in page.links
        assert (harvested / href).is_file()


def test_report_pages_are_self_contained_and_sanitized(harvested: Path) -> None:
    for group, expected in EXPECTED["groups"].items():
        page = parse_page(harvested / "groups" / group / "report.html")
        assert page.handlers == [], group
        assert page.scripts == 0, group
        assert not any(link.lower().startswith("javascript:") for link in page.links)
        if expected["snapshot"]["status"] == "ok" and expected["record"]["images"]["referenced"]:
            inlined = [src for src in page.images if src.startswith("data:image/")]
            assert len(inlined) >= 1, group
            assert not [src for src in page.images if src and not src.startswith("data:")], group


def test_cohort_xlsx_has_the_review_sheets(harvested: Path) -> None:
    book = openpyxl.load_workbook(harvested / "cohort.xlsx")
    expected = ["Overview", "Grading", "Checklist", "Coverage", "Credits", "Services", "Answers"]
    expected += ["Warnings", "Evidence", "Contributors", "Similarity", "Notes"]
    assert [s for s in book.sheetnames if not s.startswith("_")] == expected
    overview = book["Overview"]
    header = [c.value for c in overview[1]]
    rows = {
        str(r[0]): dict(zip(header, r, strict=False))
        for r in overview.iter_rows(min_row=2, values_only=True)
        if r[0] is not None
    }
    assert set(rows) == set(EXPECTED["groups"])
    assert rows["45"]["report group number"] == 54  # the report disagrees with the roster
    assert rows["24"]["deadline"] == "2026-01-26T12:00:00+01:00"  # its extension
    column = {name: i for i, name in enumerate(header, start=1)}
    row_of = {str(r[0].value): r[0].row for r in overview.iter_rows(min_row=2) if r[0].value}
    fill = overview.cell(row_of["45"], column["report group number"]).fill.fgColor.rgb
    assert fill != overview.cell(row_of["3"], column["report group number"]).fill.fgColor.rgb
    assert all(c.data_type != "f" for ws in book for row in ws.iter_rows() for c in row)


def test_csv_tables_written(harvested: Path) -> None:
    for name in ("groups", "answers", "checklist", "services", "warnings"):
        assert (harvested / "data" / f"{name}.csv").stat().st_size > 0


def test_parse_and_export_rerun_offline(harvested: Path, tmp_path: Path) -> None:
    copy = tmp_path / "output"
    shutil.copytree(harvested, copy, ignore=shutil.ignore_patterns(".cache"))
    (copy / "index.html").unlink()
    (copy / "cohort.xlsx").unlink()
    assert main(["parse", str(copy)]) == 0
    assert main(["export", "--out", str(copy)]) == 0
    assert (copy / "index.html").is_file() and (copy / "cohort.xlsx").is_file()
    before = json.loads((harvested / "groups" / "3" / "record.json").read_text())
    after = json.loads((copy / "groups" / "3" / "record.json").read_text())
    assert before == after


def test_report_page_flags_group_number_and_shows_times_like_the_deadline(harvested: Path) -> None:
    page = (harvested / "groups" / "45" / "report.html").read_text(encoding="utf-8")
    assert "54 ✗ the roster says group 45" in page
    # Committed 2026-01-25 00:30 +02:00: shown in the deadline's offset, visibly on time.
    assert "2026-01-24 23:30 +01:00" in page


# --- similarity: the demo's planted copy (group 24's Q16 copies group 3's) ---------------------


def test_similarity_the_planted_pair_is_the_strongest(harvested: Path) -> None:
    with (harvested / "similarity" / "pairs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[0] == "pair_id"
    assert rows[0]["pair_id"] == EXPECTED["similarity"]["strongest_pair"]
    assert (rows[0]["group_a"], rows[0]["group_b"]) == ("3", "24")
    assert rows[0]["question_a"] == rows[0]["question_b"] == "16"


def test_similarity_side_by_side_page_marks_both_copied_sentences(harvested: Path) -> None:
    pair_id = EXPECTED["similarity"]["strongest_pair"]
    page = (harvested / "similarity" / "pairs" / page_name(pair_id)).read_text(encoding="utf-8")
    sides = page.split('<section class="side"')[1:]
    assert len(sides) == 2
    for side in sides:
        marked = " ".join(unescape(m) for m in re.findall(r"<mark [^>]*>(.*?)</mark>", side, re.S))
        marked = " ".join(marked.split())
        for sentence in EXPECTED["similarity"]["copied"]:
            assert sentence in marked
        colours = set(re.findall(r'<mark class="(p\d)"', side))
        assert len(colours) >= 2  # the two sentences are separate passages, each its own colour
    assert "Why this pair was flagged" in page
    assert "../../groups/24/report.html#q16" in page


def test_similarity_flags_on_the_index_report_pages_and_sheet(harvested: Path) -> None:
    index = (harvested / "index.html").read_text(encoding="utf-8")
    assert 'href="similarity/index.html#debugging_profiling%7C2026-01%7C3%7C2026-01%7C24"' in index
    report = (harvested / "groups" / "24" / "report.html").read_text(encoding="utf-8")
    assert "Similar answers:" in report and "debugging_profiling" in report
    assert "Similar answers:" not in (harvested / "groups" / "30" / "report.html").read_text()
    sheet = openpyxl.load_workbook(harvested / "cohort.xlsx")["Similarity"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "pair_id" and header[-2:] == ["review", "review_note"]
    assert sheet.cell(row=2, column=1).value == EXPECTED["similarity"]["strongest_pair"]
