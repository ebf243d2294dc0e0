"""The similarity stage on output folders: files written, past cohorts, skips, reviews, errors."""

from __future__ import annotations

import csv
import json
import zlib
from pathlib import Path

import openpyxl
import pytest

from harvester.cli import main
from harvester.export.xlsx import write_cohort_xlsx
from harvester.layout import OutputLayout
from harvester.similarity import SimilarityError, read_pairs, run_similarity, similarity_sheet
from harvester.similarity.files import page_path
from harvester.similarity.flags import group_flags

try:
    from similarity_fixtures import COPIED, filler, write_cohort
except ImportError:  # collected as part of a package
    from .similarity_fixtures import COPIED, filler, write_cohort

OTHER = (
    "Each pull request spins up an ephemeral preview of the inference service on a spare node "
    "pool, replays yesterday's anonymised traffic against it, and posts the latency histogram "
    "back as a comment so reviewers can compare percentiles before merging."
)


def cohort(root: Path, copied: dict[str, str], deadline: str = "2026-01-24T23:59:00+01:00",
           groups: int = 6) -> OutputLayout:  # fmt: skip
    """`groups` groups answering two questions; `copied` adds a passage to some groups' tests."""
    seed = zlib.crc32(deadline.encode()) * 1000
    answers = {
        str(g): {
            "dependencies": filler(seed + g),
            "tests": filler(seed + 100 + g) + (" " + copied[str(g)] if str(g) in copied else ""),
        }
        for g in range(1, groups + 1)
    }
    return OutputLayout(write_cohort(root, answers, deadline))


def test_pairs_files_and_pages(tmp_path: Path) -> None:
    layout = cohort(tmp_path / "out", {"2": COPIED, "5": COPIED})
    result = run_similarity(layout, [])
    assert result.pairs == 1 and not result.skipped
    with (layout.similarity_dir / "pairs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:1] == ["pair_id"]
    assert rows[0]["pair_id"] == "tests|2026-01|2|2026-01|5"
    assert rows[0]["cohort_a"] == "2026-01" and rows[0]["question_a"] == "4"
    assert float(rows[0]["share_a"]) > 0.2 and int(rows[0]["longest_run"]) >= 35
    assert rows[0]["excerpt"].startswith("Our nightly retraining job")
    page = page_path(layout, rows[0]["pair_id"])
    assert page.is_file() and rows[0]["page"] == f"pairs/{page.name}"
    index = (layout.similarity_dir / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in index and page.name in index


def test_unchanged_inputs_skip_and_a_changed_record_reruns(tmp_path: Path) -> None:
    layout = cohort(tmp_path / "out", {"2": COPIED, "5": COPIED})
    run_similarity(layout, [])
    assert run_similarity(layout, []).skipped
    record = layout.record("5")
    data = json.loads(record.read_text())
    data["answers"][1]["text"] = filler(999)
    record.write_text(json.dumps(data))
    again = run_similarity(layout, [])
    assert not again.skipped and again.pairs == 0
    assert not list((layout.similarity_dir / "pairs").glob("*.html"))  # stale page removed


def test_past_cohorts_new_vs_old_never_old_vs_old(tmp_path: Path) -> None:
    new = cohort(tmp_path / "2026", {"1": COPIED})
    old1 = cohort(tmp_path / "2025", {"3": COPIED, "4": OTHER}, "2025-01-20T23:59:00+01:00")
    old2 = cohort(tmp_path / "2024", {"2": OTHER}, "2024-01-20T23:59:00+01:00")
    run_similarity(new, [old1.root, old2.root])
    ids = [p["pair_id"] for p in read_pairs(new)]
    assert ids == ["tests|2025-01|3|2026-01|1"]  # 2025/4 and 2024/2 share OTHER: old-old
    (pair,) = read_pairs(new)
    assert pair["kind"] == "new-old" and not pair["new_a"] and pair["new_b"]
    run = json.loads((new.similarity_dir / "pairs.json").read_text())
    assert [p["label"] for p in run["past"]] == ["2025-01", "2024-01"]


def test_past_cohorts_are_remembered_until_changed(tmp_path: Path) -> None:
    new = cohort(tmp_path / "2026", {"1": COPIED})
    old = cohort(tmp_path / "2025", {"3": COPIED}, "2025-01-20T23:59:00+01:00")
    run_similarity(new, [old.root])
    assert len(read_pairs(new)) == 1
    assert run_similarity(new, None, force=True).pairs == 1  # None: as in the last run
    assert run_similarity(new, [], force=True).pairs == 0  # []: this cohort alone


def test_same_month_cohorts_get_distinct_labels(tmp_path: Path) -> None:
    new = cohort(tmp_path / "jan", {"1": COPIED})
    reexam = cohort(tmp_path / "reexam", {"1": COPIED}, "2026-01-30T12:00:00+01:00")
    run_similarity(new, [reexam.root])
    (pair,) = read_pairs(new)
    assert pair["pair_id"] == "tests|2026-01|1|2026-01~reexam|1"


def test_a_bad_past_folder_is_a_clear_error(tmp_path: Path, capsys) -> None:
    layout = cohort(tmp_path / "out", {})
    with pytest.raises(SimilarityError, match="not an output folder"):
        run_similarity(layout, [tmp_path / "nowhere"])
    with pytest.raises(SimilarityError, match="itself"):
        run_similarity(layout, [layout.root])
    assert main(["similarity", str(layout.root), "--past", str(tmp_path / "nowhere")]) == 2
    assert "not an output folder" in capsys.readouterr().err
    assert main(["similarity", str(tmp_path / "nowhere")]) == 2


def test_a_damaged_record_is_skipped_and_named(tmp_path: Path, capsys) -> None:
    layout = cohort(tmp_path / "out", {"2": COPIED, "5": COPIED})
    layout.record("3").write_text("{ not json")
    layout.record("4").write_text(json.dumps({"template": "2026"}))
    assert run_similarity(layout, []).pairs == 1
    err = capsys.readouterr().err
    assert "groups/3/record.json" in err and "group 4" in err and "no 'answers'" in err


def test_hostile_ids_and_text_are_escaped(tmp_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)>"
    answers = {str(g): {"tests": filler(g)} for g in range(1, 5)}
    answers[evil] = {"tests": "<script>alert(2)</script> " + COPIED}
    answers["2"]["tests"] += " <script>alert(2)</script> " + COPIED
    layout = OutputLayout(write_cohort(tmp_path / "out", answers))
    run_similarity(layout, [])
    (pair,) = read_pairs(layout)
    for page in (page_path(layout, pair["pair_id"]), layout.similarity_dir / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_cli_refreshes_an_exported_folder_and_reviews_fill_the_sheet(tmp_path: Path) -> None:
    layout = cohort(tmp_path / "out", {"2": COPIED, "5": COPIED})
    assert main(["export", "--out", str(layout.root)]) == 0
    assert "≈ 1 similar" not in layout.index_html.read_text(encoding="utf-8")
    assert main(["similarity", str(layout.root), "--past"]) == 0
    assert "≈ 1 similar" in layout.index_html.read_text(encoding="utf-8")
    assert "Similar answers: 1 pair" in layout.report_html("5").read_text(encoding="utf-8")
    sheet = openpyxl.load_workbook(layout.cohort_xlsx)["Similarity"]
    assert sheet.cell(row=2, column=1).value == "tests|2026-01|2|2026-01|5"
    pair_id = "tests|2026-01|2|2026-01|5"
    reviews = {pair_id: {"review": "dismissed", "review_note": "=both quote the lecture notes"}}
    target = tmp_path / "reviewed.xlsx"
    write_cohort_xlsx({}, target, extra_sheets=[similarity_sheet(read_pairs(layout), reviews)])
    sheet = openpyxl.load_workbook(target)["Similarity"]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2], strict=True)}
    assert row["review"] == "dismissed"
    assert row["review_note"] == "'=both quote the lecture notes"  # never a formula
    assert group_flags(layout, reviews) == {}  # a dismissed pair flags no group
    assert set(group_flags(layout)) == {"2", "5"}


def test_harvest_refuses_a_bad_past_folder_before_fetching(tmp_path: Path, capsys) -> None:
    roster = tmp_path / "groups.csv"
    roster.write_text("group,repo\n1,does-not-matter.bundle\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["harvest", "--groups", str(roster), "--deadline", "2026-01-24T23:59:00+01:00",
                 "--out", str(out), "--no-github", "--no-progress",
                 "--past", str(tmp_path / "nowhere")])  # fmt: skip
    assert code == 2 and "not an output folder" in capsys.readouterr().err
    assert not (out / "groups").exists()


def test_index_tooltip_names_six_pairs_and_counts_the_rest() -> None:
    from harvester.similarity import index_flag_html

    flags = [
        {"question": q, "key": f"key{q}", "other": f"group {q} (2026-01)", "pair_id": f"p{q}"}
        for q in range(1, 9)
    ]
    tip = index_flag_html("3", flags)
    assert "≈ 8 similar" in tip
    assert "Q6 key6" in tip and "Q7 key7" not in tip and "+2 more" in tip
    assert "more" not in index_flag_html("3", flags[:6])
