"""The rubric: default 7-step grade, rubric.csv as TAs write it, and values read back right."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from harvester.grading.errors import RubricError
from harvester.grading.rubric import TOTAL, default_rubric, load_rubric


def test_default_is_one_grade_on_the_7_step_scale() -> None:
    rubric = load_rubric(None)
    assert [c.id for c in rubric.criteria] == ["grade"]
    assert rubric.criteria[0].scale == ("12", "10", "7", "4", "02", "00", "-3")
    assert rubric.total.scale == rubric.criteria[0].scale
    assert rubric.grade_fields == ("grade", TOTAL)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("02", "02"), (2, "02"), (2.0, "02"), ("2", "02"), ("0", "00"), (0.0, "00"),
     (-3.0, "-3"), ("-3", "-3"), ("12", "12"), (12, "12"), (" 7 ", "7"), ("'-3", "-3"),
     (None, ""), ("", "")],
)  # fmt: skip
def test_7_step_values_from_any_spreadsheet_read_back_as_text(typed: object, stored: str) -> None:
    assert default_rubric().criteria[0].normalize(typed) == stored


@pytest.mark.parametrize("typed", ["13", 5, "A", True, "7.5"])
def test_values_off_the_scale_are_refused_with_the_scale_named(typed: object) -> None:
    with pytest.raises(ValueError, match=r"not on the scale 12, 10, 7, 4, 02, 00, -3"):
        default_rubric().criteria[0].normalize(typed)


def test_a_grade_a_spreadsheet_turned_into_a_date_is_refused() -> None:
    with pytest.raises(ValueError, match="became a date"):
        default_rubric().criteria[0].normalize(dt.datetime(2026, 12, 10))


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "rubric.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_points_and_scales_with_a_total(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, (
        "criterion,title,max,scale\n"
        "report,Report quality,10,\n"
        "code,Code and pipeline,20,\n"
        'total,Final grade,,"12,10,7,4,02,00,-3"\n'
    )))  # fmt: skip
    assert [(c.id, c.max_points) for c in rubric.criteria] == [("report", 10.0), ("code", 20.0)]
    assert rubric.total.scale == ("12", "10", "7", "4", "02", "00", "-3")
    code = rubric.criterion("code")
    assert code.normalize("7,5") == "7.5"  # a Danish decimal comma
    assert code.normalize(20.0) == "20"
    with pytest.raises(ValueError, match="outside 0 to 20 points"):
        code.normalize(21)
    with pytest.raises(ValueError, match="not a number"):
        code.normalize("good")
    # the total is a scale here: no sum is made up, the TA types it
    assert rubric.final({"report": "8", "code": "15"}) == ""
    assert rubric.final({"report": "8", "code": "15", TOTAL: "10"}) == "10"


def test_points_only_rubric_sums_to_the_total(tmp_path: Path) -> None:
    rubric = load_rubric(write(tmp_path, "criterion;max\nreport;10\ncode;20\n"))
    assert rubric.total.max_points == 30
    assert rubric.final({"report": "8", "code": "15.5"}) == "23.5"
    assert rubric.final({"report": "8"}) == ""  # not everything graded yet


def test_excel_saved_rubric_with_bom_semicolons_and_named_scale(tmp_path: Path) -> None:
    text = "\ufeffCriterion;Title;Scale\r\ngrade;Overall;7-step\r\npass;Passed?;passed failed\r\n"
    rubric = load_rubric(write(tmp_path, text))
    assert rubric.criterion("grade").scale == ("12", "10", "7", "4", "02", "00", "-3")
    assert rubric.criterion("pass").normalize("PASSED") == "passed"
    assert rubric.total.scale == ("12", "10", "7", "4", "02", "00", "-3")  # the bank default


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title,max\nx,1\n", "line 1: no 'criterion' column"),
        ("criterion,max\nreport,10\nreport,5\n", "line 3: criterion 'report' given twice"),
        ("criterion,max,scale\nreport,,\n", "line 2: give either 'max'"),
        ("criterion,max\nreport,ten\n", "line 2: max 'ten' is not a number"),
        ("criterion,scale\ngrade,12,10,7\n", "line 2: more fields than columns; quote"),
        ("criterion,max\ncomment,3\n", "line 2: criterion id 'comment'"),
        ("criterion,scale\ngrade,A\n", "line 2: scale 'A' needs two or more"),
        ("criterion,max\ntotal,10\n", "no criterion besides 'total'"),
    ],
)
def test_malformed_rubrics_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RubricError, match=message) as info:
        load_rubric(path)
    assert str(path) in str(info.value)


def test_a_criterion_named_like_a_sheet_column_is_refused(tmp_path: Path) -> None:
    from harvester.grading.columns import columns

    rubric = load_rubric(write(tmp_path, "criterion,max\ntemplate,10\n"))
    with pytest.raises(RubricError, match="template is also a Grading sheet column"):
        columns(rubric)
