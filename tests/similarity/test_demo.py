"""The demo cohort's planted copy: `harvester harvest` finds it and shows it side by side."""

from __future__ import annotations

import csv
import json
import re
import shutil
from html import unescape
from pathlib import Path

import openpyxl
import pytest

from harvester.cli import main
from harvester.similarity.files import page_name

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = json.loads((ROOT / "demo" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("demo-similarity")
    shutil.copy(ROOT / "groups.csv", work / "groups.csv")
    (work / "demo").symlink_to(ROOT / "demo")
    out = work / "output"
    code = main(
        ["harvest", "--groups", str(work / "groups.csv"), "--deadline",
         EXPECTED["cohort_deadline"], "--out", str(out), "--no-github", "--no-progress"]
    )  # fmt: skip
    assert code == 0
    return out


def test_the_planted_pair_is_the_strongest(demo_out: Path) -> None:
    with (demo_out / "similarity" / "pairs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[0] == "pair_id"
    assert rows[0]["pair_id"] == EXPECTED["similarity"]["strongest_pair"]
    assert (rows[0]["group_a"], rows[0]["group_b"]) == ("3", "24")
    assert rows[0]["question_a"] == rows[0]["question_b"] == "16"


def test_the_side_by_side_page_marks_both_copied_sentences(demo_out: Path) -> None:
    pair_id = EXPECTED["similarity"]["strongest_pair"]
    page = (demo_out / "similarity" / "pairs" / page_name(pair_id)).read_text(encoding="utf-8")
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


def test_flags_on_the_index_report_pages_and_sheet(demo_out: Path) -> None:
    index = (demo_out / "index.html").read_text(encoding="utf-8")
    assert 'href="similarity/index.html#group=24"' in index
    report = (demo_out / "groups" / "24" / "report.html").read_text(encoding="utf-8")
    assert "Similar answers:" in report and "debugging_profiling" in report
    assert "Similar answers:" not in (demo_out / "groups" / "30" / "report.html").read_text()
    sheet = openpyxl.load_workbook(demo_out / "cohort.xlsx")["Similarity"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "pair_id" and header[-2:] == ["review", "review_note"]
    assert sheet.cell(row=2, column=1).value == EXPECTED["similarity"]["strongest_pair"]
