"""Archives stay readable: manifest.json carries a schema version, compare reads the previous
release's folders (tests/compare/archive_v1) like current ones, and refuses what it cannot read
with one clear line (exit status 2)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from harvester.cli import main
from harvester.compare import run_compare
from harvester.compare.model import NO_DATA, NOT_COLLECTED
from harvester.layout import MANIFEST_SCHEMA_VERSION


def test_manifest_carries_the_schema_version(harvests: dict[str, Path]) -> None:
    fresh = json.loads((harvests["2024"] / "manifest.json").read_text(encoding="utf-8"))
    assert fresh["schema_version"] == MANIFEST_SCHEMA_VERSION == 2
    archived = json.loads((harvests["2024v1"] / "manifest.json").read_text(encoding="utf-8"))
    assert "schema_version" not in archived  # the release before: version 1


def test_previous_release_reads_like_a_fresh_harvest(harvests: dict[str, Path], tmp_path: Path):
    """The same cohort archived by the previous release and harvested now: the same figures,
    plus the evidence verdicts the previous release did not collect."""
    result = run_compare([harvests["2024v1"], harvests["2024"]], ["v1", "v2"], tmp_path / "c")
    comparison = result.comparison
    assert [c.schema_version for c in comparison.cohorts] == [1, 2]
    rows = [(s.title, row) for s in comparison.sections for t in s.tables for row in t.rows]
    assert len(rows) > 100
    for section, row in rows:
        if section == "Evidence":  # the claims check came after the previous release
            assert row.cells[0].reason == NOT_COLLECTED and row.cells[1].n, row.label
        else:
            assert row.cells[0] == row.cells[1], row.label
    assert any(section == "Evidence" for section, _ in rows)
    assert comparison.changes == []


def _copy(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["compare", *args])
    return code, capsys.readouterr().err


def _set_manifest(folder: Path, **changes: object) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(changes)
    path.write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / "manifest.json").unlink(), "no manifest.json"),
        (lambda f: _set_manifest(f, schema_version=3), "newer harvester (schema version 3"),
        (lambda f: _set_manifest(f, schema_version="two"), "schema_version 'two'"),
        (lambda f: (f / "manifest.json").write_text("{oops"), "manifest.json: unreadable"),
        (lambda f: (f / "data" / "checklist.csv").unlink(), "checklist.csv: missing"),
        (
            lambda f: (f / "data" / "services.csv").write_text("group,name\n1,x\n"),
            "services.csv: no column service",
        ),
    ],
)
def test_unreadable_folders_are_refused_in_one_line(
    harvests: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], damage, message
) -> None:
    broken = _copy(harvests["2025"], tmp_path / "broken")
    damage(broken)
    code, err = _run(capsys, str(harvests["2024v1"]), str(broken), "--out", str(tmp_path / "c"))
    assert code == 2
    assert message in err and str(broken) in err
    assert err.startswith("harvester: error: ") and err.count("\n") == 1
    assert not (tmp_path / "c").exists()  # nothing half-written


def test_bad_arguments_are_refused(
    harvests: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = str(harvests["2024v1"]), str(harvests["2025"])
    out = str(tmp_path / "c")
    code, err = _run(capsys, old, new, "--out", out, "--labels", "a,b,c")
    assert code == 2 and "3 labels for 2 output folders" in err
    code, err = _run(capsys, old, str(harvests["2024"]), "--out", out)
    assert code == 2 and "both labelled '2024'" in err and "--labels" in err
    code, err = _run(capsys, old, "--out", out)
    assert code == 2 and "at least two output folders" in err
    code, err = _run(capsys, old, new, "--out", new)
    assert code == 2 and "is one of the harvests" in err
    code, err = _run(capsys, old, str(tmp_path / "nowhere"), "--out", out)
    assert code == 2 and "not a folder" in err


def test_cli_writes_the_workbook_and_page(
    harvests: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "compare"
    outs = [str(harvests[k]) for k in ("2024v1", "2025", "2026")]
    code, err = _run(capsys, *outs, "--out", str(out), "--labels", "Y1, Y2 ,Y3")
    assert code == 0, err
    assert (out / "compare.xlsx").stat().st_size > 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Cohort comparison: Y1 · Y2 · Y3" in page
    assert "large changes" in err


def test_a_cohort_with_nothing_harvested_shows_no_data(harvests: dict[str, Path], tmp_path: Path):
    """Every repository unreachable (tables with headers only): "no data", never 0% or a crash."""
    dead = _copy(harvests["2025"], tmp_path / "dead")
    for table in ("groups", "checklist", "answers", "services", "evidence", "grades"):
        path = dead / "data" / f"{table}.csv"
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = run_compare([harvests["2024v1"], dead], None, tmp_path / "c")
    rows = [row for s in result.comparison.sections for t in s.tables for row in t.rows]
    assert rows and all(row.cells[1].value is None for row in rows)
    assert {row.cells[1].reason for row in rows} == {NO_DATA}
    assert result.comparison.changes == []
    assert result.xlsx.is_file() and result.html.is_file()


def test_folders_out_of_deadline_order_are_compared_as_given(
    harvests: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_compare([harvests["2025"], harvests["2024v1"]], None, tmp_path / "c")
    assert result.comparison.labels == ["2025", "2024"]
    assert "not in deadline order" in capsys.readouterr().err
    assert all(c.before_label == "2025" for c in result.comparison.changes)
