"""A report under another name: named as a candidate, and archived once the roster points at it.

Real groups wrote `reports/reports.md` or `reports/report.md` and never a README.md, or kept the
report in a `Reports/` folder; that was a bare `no_report` with no hint.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from harvester.fetch import fetch_group
from harvester.fetch.report_file import candidates, locate
from harvester.fetch.tree import Entry
from harvester.roster import Group, parse_roster

from .helpers import AFTER, BEFORE, DEADLINE, FAST, REPORT, group


def with_report_path(g: Group, path: str) -> Group:
    return replace(g, report_path=path)


def entry(path: bytes) -> Entry:
    return Entry(mode="100644", type="blob", oid="0" * 40, path=path)


def test_candidates_likeliest_first():
    entries = [
        entry(p)
        for p in (
            b"README.md",
            b"docs/report.md",
            b"reports/report.py",
            b"reports/reports.md",
            b"Reports/README.md",
            b"project/reports/README.md",
            b".github/report.md",
            b"reports/figures/notes.txt",
        )
    ]
    assert candidates(entries, None) == [
        "Reports/README.md",
        "project/reports/README.md",
        "reports/reports.md",
        "docs/report.md",
    ]
    location = locate(entries)
    assert location.report is None
    assert location.error == (
        "no reports/README.md at the deadline commit; the report may be "
        "Reports/README.md (and 3 more): set report_path in groups.csv to use it"
    )


@pytest.mark.parametrize("name", ["reports/reports.md", "reports/report.md"])
def test_a_report_under_another_name_is_named_in_the_status(repo_factory, layout, name):
    repo = repo_factory()
    repo.commit({name: REPORT, "reports/figures/a.png": b"\x89PNG a"}, BEFORE)
    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert snap["status"] == "no_report"
    assert snap["error"] == (
        f"no reports/README.md at the deadline commit; the report may be {name}: "
        "set report_path in groups.csv to use it"
    )
    assert snap["report_candidates"] == [name]
    assert [w["path"] for w in snap["warnings"] if w["kind"] == "report_elsewhere"] == [name]


def test_the_roster_report_path_inside_reports(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/reports.md": REPORT, "reports/figures/a.png": b"\x89PNG a"}, BEFORE)
    snap = fetch_group(
        with_report_path(group(repo), "reports/reports.md"), DEADLINE, layout, options=FAST
    )
    assert snap["status"] == "ok", snap["error"]
    assert snap["report_path"] == snap["report_source"] == "reports/reports.md"
    assert (layout.reports_dir("7") / "reports.md").read_text() == REPORT
    assert (layout.reports_dir("7") / "figures" / "a.png").read_bytes() == b"\x89PNG a"
    assert [w["kind"] for w in snap["warnings"]] == ["report_path"]


def test_the_roster_report_path_in_another_folder_archives_that_folder(repo_factory, layout):
    repo = repo_factory()
    repo.commit(
        {
            "Reports/README.md": REPORT,
            "Reports/figures/a.png": b"\x89PNG a",
            "reports/old.txt": "an old folder\n",
        },
        BEFORE,
    )
    repo.commit({"Reports/README.md": REPORT + "late\n"}, AFTER)
    snap = fetch_group(
        with_report_path(group(repo), "Reports/README.md"), DEADLINE, layout, options=FAST
    )
    assert snap["status"] == "ok", snap["error"]
    assert snap["report_path"] == "reports/README.md"
    assert snap["report_source"] == "Reports/README.md"
    archived = sorted(p.relative_to(layout.reports_dir("7")).as_posix()
                      for p in layout.reports_dir("7").rglob("*") if p.is_file())  # fmt: skip
    assert archived == ["README.md", "figures/a.png"]
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    # Late changes are watched in the report's own folder.
    assert snap["reports_changed_after_deadline"] is True
    assert snap["late_report_files"] == ["Reports/README.md"]
    (note,) = [w for w in snap["warnings"] if w["kind"] == "report_path"]
    assert "Reports/ is archived as reports/" in note["detail"]


def test_a_report_at_the_repository_root_is_archived_alone(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"REPORT.md": REPORT, "src/model.py": "import torch\n"}, BEFORE)
    snap = fetch_group(with_report_path(group(repo), "REPORT.md"), DEADLINE, layout, options=FAST)
    assert snap["status"] == "ok", snap["error"]
    assert snap["report_path"] == "reports/REPORT.md" and snap["report_source"] == "REPORT.md"
    assert [p.name for p in layout.reports_dir("7").rglob("*")] == ["REPORT.md"]
    assert snap["fetch"]["mode"] == "partial"


def test_a_roster_report_path_that_is_not_there(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/report.md": REPORT}, BEFORE)
    snap = fetch_group(
        with_report_path(group(repo), "reports/reports.md"), DEADLINE, layout, options=FAST
    )
    assert snap["status"] == "no_report"
    assert snap["error"] == (
        "the roster's report_path reports/reports.md does not exist at the deadline commit; "
        "the report may be reports/report.md: set report_path in groups.csv to use it"
    )


def test_changing_the_roster_report_path_redoes_the_snapshot(repo_factory, layout):
    repo = repo_factory()
    repo.commit({"reports/report.md": REPORT}, BEFORE)
    first = fetch_group(group(repo), DEADLINE, layout, options=FAST)
    assert first["status"] == "no_report"
    second = fetch_group(
        with_report_path(group(repo), "reports/report.md"), DEADLINE, layout, options=FAST
    )
    assert second["status"] == "ok" and second["report_path"] == "reports/report.md"


def test_roster_report_path_column():
    roster = parse_roster(
        "group,repo,report_path\n"
        "1,https://example.org/a.git,reports/reports.md\n"
        "2,https://example.org/b.git,.\\Reports\\README.md\n"
        "3,https://example.org/c.git,../../etc/passwd\n"
        "4,https://example.org/d.git,\n"
    )
    assert [(g.id, g.report_path) for g in roster.groups] == [
        ("1", "reports/reports.md"),
        ("2", "Reports/README.md"),
        ("4", None),
    ]
    (error,) = roster.errors
    assert error.line == 4 and "report_path '../../etc/passwd'" in error.message
