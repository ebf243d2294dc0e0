"""The pipeline on real git repositories made here: bad rows, broken repos and odd files never
sink the cohort, and what the fetcher could not archive is not called "missing"."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fetch.helpers import AFTER, BEFORE, StudentRepo

from harvester.cli import main

DEADLINE = "2026-01-24T23:59:00+01:00"
REPORT = """# Exam template for 02476 Machine Learning Operations

## Group information

### Question 1
> **Enter the group number you signed up on <learn.inside.dtu.dk>**
>
> Answer:

Group {number}

### Question 2
> **Enter the study number for each member in the group**
>
> Answer:

s100001, s100002

### Question 14
> **Upload 1 to 3 screenshots that show the experiments that you have done in W&B.**
>
> Answer:

![loss](figures/loss.png)
![sweep](figures/big.png)
![gone](figures/not_there.png)
"""


def harvest(tmp_path: Path, rows: list[str], *extra: str) -> Path:
    roster = tmp_path / "roster" / "groups.csv"
    roster.parent.mkdir(exist_ok=True)
    roster.write_text("group,repo\n" + "".join(f"{r}\n" for r in rows))
    out = tmp_path / "output"
    args = ["harvest", "--groups", str(roster), "--deadline", DEADLINE, "--out", str(out)]
    assert main([*args, "--no-github", "--no-progress", *extra]) == 0
    return out


def warnings_of(out: Path, group: str) -> list[dict[str, str]]:
    with (out / "data" / "warnings.csv").open(newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["group"] == group]


@pytest.fixture
def cohort(tmp_path: Path) -> dict[str, StudentRepo]:
    good = StudentRepo(tmp_path / "roster" / "repos" / "good")
    good.commit(
        {
            "reports/README.md": REPORT.format(number=1),
            "reports/figures/loss.png": b"\x89PNG\r\n\x1a\n" + b"0" * 100,
            "reports/figures/big.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 200,  # 51 kB
        },
        BEFORE,
    )
    good.commit({"reports/README.md": REPORT.format(number=99)}, AFTER, message="late edit")
    broken = StudentRepo(tmp_path / "roster" / "repos" / "broken")
    broken.commit({"reports/README.md": b"\x00\x01binary\x00" * 50}, BEFORE)
    return {"good": good, "broken": broken}


def test_cohort_survives_bad_rows_broken_repos_and_reports(
    tmp_path: Path, cohort: dict[str, StudentRepo], capsys: pytest.CaptureFixture
) -> None:
    out = harvest(
        tmp_path,
        [
            "1,repos/good",  # relative to the roster's folder, not the cwd
            "2,repos/broken",
            "3,repos/does-not-exist",
            "1,repos/good",  # duplicate id: reported, not harvested twice
            "4,",  # empty URL
        ],
        "--max-file-mb",
        "0.01",
    )
    err = capsys.readouterr().err
    assert "groups.csv line 5: duplicate group id '1' (first on line 2)" in err
    assert "groups.csv line 6: group 4: empty repo URL" in err

    manifest = json.loads((out / "manifest.json").read_text())
    statuses = {g["group"]: g["status"] for g in manifest["groups"]}
    assert statuses == {"1": "ok", "2": "ok", "3": "unreachable"}
    assert [e["line"] for e in manifest["roster_errors"]] == [5, 6]
    roster_rows = [r for r in csv.DictReader((out / "data" / "warnings.csv").open())
                   if r["source"] == "roster"]  # fmt: skip
    assert [(r["line"], r["kind"]) for r in roster_rows] == [
        ("5", "roster_row"),
        ("6", "roster_row"),
    ]
    index = (out / "index.html").read_text()
    assert "2 roster row(s) could not be read" in index
    assert "groups.csv line 6: group 4: empty repo URL" in index

    good = json.loads((out / "groups" / "1" / "record.json").read_text())
    assert good["group_number"] == 1  # the deadline version, not the late edit
    # big.png exists in the repo but was over the size cap: skipped, not "missing".
    assert good["images"] == {"referenced": 3, "missing": 1}
    assert not (out / "groups" / "1" / "reports" / "figures" / "big.png").exists()
    kinds = {w["kind"] for w in warnings_of(out, "1")}
    assert {"oversized", "missing_image"} <= kinds

    snapshot = json.loads((out / "groups" / "1" / "snapshot.json").read_text())
    assert snapshot["commits_after_deadline"] == 1
    assert snapshot["reports_changed_after_deadline"] is True

    broken = json.loads((out / "groups" / "2" / "record.json").read_text())
    assert broken["template"] is None
    assert any(w["kind"] == "binary" for w in broken["warnings"])
    for group in ("1", "2", "3"):
        assert (out / "groups" / group / "report.html").is_file()


def test_second_harvest_refused_while_first_holds_the_lock(
    tmp_path: Path, cohort: dict[str, StudentRepo], capsys: pytest.CaptureFixture
) -> None:
    from harvester.layout import OutputLayout
    from harvester.lock import HarvestLock

    out = tmp_path / "output"
    out.mkdir()
    roster = tmp_path / "roster" / "groups.csv"
    roster.write_text("group,repo\n1,repos/good\n")
    with HarvestLock(OutputLayout(out).lock_file):
        # Same process holds it re-entrantly, so ask a child process, as a second TA would.
        import subprocess
        import sys

        child = subprocess.run(
            [sys.executable, "-m", "harvester", "harvest", "--groups", str(roster),
             "--deadline", DEADLINE, "--out", str(out), "--no-github"],
            capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
        )  # fmt: skip
    assert child.returncode == 2
    assert "harvest" in child.stderr and str(out.name) in child.stderr
    assert not (out / "manifest.json").exists()


def test_rerun_with_nothing_new_reuses_records_and_outputs(
    tmp_path: Path, cohort: dict[str, StudentRepo]
) -> None:
    from harvester.export_stage import export_all
    from harvester.layout import OutputLayout
    from harvester.parse_stage import parse_all

    out = harvest(tmp_path, ["1,repos/good", "2,repos/broken"])
    layout = OutputLayout(out)
    record_before = layout.record("1").read_bytes()
    xlsx_before = layout.cohort_xlsx.stat().st_mtime_ns

    parsed = parse_all(layout)
    assert (parsed.done, parsed.skipped) == (0, 2)
    same_title = export_all(layout, title="Harvest of groups.csv")  # as the harvest had it
    assert (same_title.done, same_title.skipped) == (0, 2)
    new_title = export_all(layout, title="harvester")  # an option changed: exported again
    assert (new_title.done, new_title.skipped) == (2, 0)
    again = export_all(layout, title="harvester")
    assert (again.done, again.skipped) == (0, 2)
    assert layout.record("1").read_bytes() == record_before

    # A changed README (a TA fixing an archive by hand) is parsed again; a lost page re-exported.
    readme = layout.reports_dir("1") / "README.md"
    readme.write_text(readme.read_text().replace("Group 1", "Group 5"))
    parsed = parse_all(layout)
    assert (parsed.done, parsed.skipped) == (1, 1)
    assert json.loads(layout.record("1").read_text())["group_number"] == 5
    layout.report_html("2").unlink()
    assert export_all(layout, title="harvester").done == 2
    assert layout.report_html("2").is_file()
    assert layout.cohort_xlsx.stat().st_mtime_ns != xlsx_before
    assert parse_all(layout, force=True).done == 2


def test_damaged_files_in_output_never_sink_the_export(
    tmp_path: Path, cohort: dict[str, StudentRepo], capsys: pytest.CaptureFixture
) -> None:
    from harvester.export_stage import export_all
    from harvester.layout import OutputLayout
    from harvester.parse_stage import parse_all

    out = harvest(tmp_path, ["1,repos/good", "2,repos/broken"])
    layout = OutputLayout(out)
    layout.record("1").write_text("{broken")  # a damaged record is parsed again
    layout.snapshot("2").write_text("[1")  # a damaged snapshot: the group says so
    assert parse_all(layout).done == 1
    assert json.loads(layout.record("1").read_text())["group_number"] == 1
    assert export_all(layout, title="t").failed == []
    groups = {r["group"]: r for r in csv.DictReader((out / "data" / "groups.csv").open())}
    assert groups["2"]["status"] == "not_fetched"
    assert "no readable snapshot.json" in groups["2"]["error"]
    assert "unreadable" in capsys.readouterr().err


def test_failed_page_is_retried_and_fails_the_run(
    tmp_path: Path, cohort: dict[str, StudentRepo], monkeypatch: pytest.MonkeyPatch
) -> None:
    import harvester.export.report_html as report_html
    from harvester.export_stage import export_all
    from harvester.layout import OutputLayout

    real = report_html.render_report

    def flaky(snapshot, record, reports_dir, *, group, **kw):
        if group == "2":
            raise RuntimeError("renderer bug")
        return real(snapshot, record, reports_dir, group=group, **kw)

    monkeypatch.setattr(report_html, "render_report", flaky)
    roster = tmp_path / "roster" / "groups.csv"
    roster.write_text("group,repo\n1,repos/good\n2,repos/broken\n")
    out = tmp_path / "output"
    args = ["harvest", "--groups", str(roster), "--deadline", DEADLINE, "--out", str(out)]
    assert main([*args, "--no-github", "--no-progress"]) == 1
    layout = OutputLayout(out)
    assert not layout.report_html("2").exists()
    monkeypatch.setattr(report_html, "render_report", real)
    again = export_all(layout, title="Harvest of groups.csv")
    assert (again.done, again.skipped, again.failed) == (2, 0, [])
    assert layout.report_html("2").is_file()


def test_export_ignores_run_only_changes(tmp_path: Path, cohort: dict[str, StudentRepo]) -> None:
    from harvester.atomic import atomic_write_json
    from harvester.export_stage import export_all
    from harvester.layout import OutputLayout

    out = harvest(tmp_path, ["1,repos/good"])
    layout = OutputLayout(out)
    snapshot = json.loads(layout.snapshot("1").read_text())
    atomic_write_json(layout.snapshot("1"), {**snapshot, "fetched_at": "2030-01-01T00:00:00"})
    assert export_all(layout, title="Harvest of groups.csv").skipped == 1
    atomic_write_json(layout.snapshot("1"), {**snapshot, "commits_after_deadline": 9})
    assert export_all(layout, title="Harvest of groups.csv").done == 1


def test_without_a_members_column_nobody_is_flagged(
    tmp_path: Path, cohort: dict[str, StudentRepo]
) -> None:
    out = harvest(tmp_path, ["1,repos/good"])
    page = (out / "groups" / "1" / "report.html").read_text()
    assert "✗ not on roster" not in page
    row = next(csv.DictReader((out / "data" / "groups.csv").open()))
    assert row["members_mismatch"] == ""


def test_integer_columns_stay_integers_in_csv(
    tmp_path: Path, cohort: dict[str, StudentRepo]
) -> None:
    out = harvest(tmp_path, ["1,repos/good", "3,repos/none"])
    rows = list(csv.DictReader((out / "data" / "warnings.csv").open()))
    lines = [r["line"] for r in rows if r["line"]]
    assert lines and all(value.isdigit() for value in lines)


def test_title_and_rates_set_by_export_survive_the_next_harvest(
    tmp_path: Path, cohort: dict[str, StudentRepo]
) -> None:
    out = harvest(tmp_path, ["1,repos/good"])
    assert main(["export", "--out", str(out), "--title", "MLOps June", "--rates", "DKK=0.15"]) == 0
    harvest(tmp_path, ["1,repos/good"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["settings"]["title"] == "MLOps June"
    assert manifest["settings"]["rates"]["DKK"] == 0.15
    assert "<h1>MLOps June</h1>" in (out / "index.html").read_text()
