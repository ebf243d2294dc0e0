"""A small real cohort for the grading command tests: two groups' git repositories, the roster
beside them in a course folder, and a harvest of it into course/output."""

from __future__ import annotations

from pathlib import Path

import pytest
from fetch.helpers import BEFORE, StudentRepo
from parse.parse_synth import full_answers, render

from harvester.cli import main

DEADLINE = "2026-01-24T23:59:00+01:00"


def report(group: int, coverage: int) -> str:
    answers = full_answers("2026")
    answers[1] = f"Group {group}"
    answers[8] = f"The total code coverage of our code is {coverage}%, which is fine."
    return render("2026", answers)


def make_repos(tmp_path: Path) -> dict[str, StudentRepo]:
    """Two groups' real repositories, and the roster beside them in a course folder."""
    course = tmp_path / "course"
    found = {}
    for gid, coverage in (("1", 61), ("2", 75)):
        found[gid] = StudentRepo(course / "repos" / f"g{gid}")
        found[gid].commit({"reports/README.md": report(int(gid), coverage)}, BEFORE)
    (course / "groups.csv").write_text("group,repo,members\n1,repos/g1,s1 s2\n2,repos/g2,s3\n")
    return found


def harvest(course: Path, capsys: pytest.CaptureFixture) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["harvest", "--groups", str(course / "groups.csv"), "--deadline", DEADLINE,
                 "--out", str(course / "output"), "--no-github", "--no-progress"])  # fmt: skip
    return code, capsys.readouterr().err


def run(capsys: pytest.CaptureFixture, *argv: object) -> tuple[int, str]:
    """One CLI command: (exit status, what it printed on stderr)."""
    capsys.readouterr()
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err
