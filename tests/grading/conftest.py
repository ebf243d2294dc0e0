"""Fixtures of the grading tests: a small real cohort (see harvestkit)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fetch.helpers import StudentRepo

from .harvestkit import harvest, make_repos


@pytest.fixture
def repos(tmp_path: Path) -> dict[str, StudentRepo]:
    return make_repos(tmp_path)


@pytest.fixture
def course(repos: dict[str, StudentRepo]) -> Path:
    """The course folder: groups.csv, repos/, and output/ once harvested."""
    return repos["1"].path.parents[1]


@pytest.fixture
def out(course: Path, capsys: pytest.CaptureFixture) -> Path:
    """The course harvested once: its output folder."""
    code, err = harvest(course, capsys)
    assert code == 0, err
    return course / "output"
