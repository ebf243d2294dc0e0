"""What the grading commands refuse on a real harvest, in one sentence and exit 2: a workbook
that is not .xlsx (a LibreOffice .ods, a text file), a --store path that does not exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harvestkit import run


def assert_one_sentence_refusal(code: int, err: str, path: Path) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    assert f"{path}: cannot read it as an xlsx workbook" in err
    assert "save it again as .xlsx" in err


def test_an_ods_workbook_is_refused_in_one_sentence(
    out: Path, course: Path, libreoffice, capsys: pytest.CaptureFixture
) -> None:
    ods = libreoffice(out / "cohort.xlsx", "ods", course / "saved")
    code, err = run(capsys, "grades", "import", ods, "--out", out)
    assert_one_sentence_refusal(code, err, ods)
    assert "does not support .ods" in err


def test_a_text_file_given_as_workbook_is_refused_in_one_sentence(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    readme = course / "README.md"
    readme.write_text("# not a workbook\n")
    code, err = run(capsys, "grades", "import", readme, "--out", out)
    assert_one_sentence_refusal(code, err, readme)


def test_confirm_refuses_a_store_that_does_not_exist(
    out: Path, course: Path, capsys: pytest.CaptureFixture
) -> None:
    typo = course / "typo.csv"
    code, err = run(capsys, "grades", "confirm", "1", "--from", out, "--store", typo)
    assert code == 2 and f"no grades store at {typo}" in err
    assert not typo.exists()
