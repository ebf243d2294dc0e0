"""harvester.export.xlsx.values: table cells arrive as lists, CSV strings or NaN; all must read."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from harvester.export.xlsx import values as v


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["s1", "s2"], ["s1", "s2"]),
        (("s1",), ["s1"]),
        (np.array(["a", "b"]), ["a", "b"]),
        ("s1; s2", ["s1", "s2"]),
        ("s1 s2,s3", ["s1", "s2", "s3"]),
        ("['s1', 's2']", ["s1", "s2"]),  # str(list) written to CSV
        ("", []),
        (None, []),
        (float("nan"), []),
        ([None, "x", float("nan")], ["x"]),
    ],
)
def test_as_list(value: object, expected: list[str]) -> None:
    assert v.as_list(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([25, 3], [3, 25]),
        ("[3, 25]", [3, 25]),
        ("3; 25", [3, 25]),
        ("", None),
        (None, None),
        (3, None),  # a bare number is a count, not a question list
        ([], []),
    ],
)
def test_as_questions(value: object, expected: list[int] | None) -> None:
    assert v.as_questions(value) == expected


def test_as_count_and_as_int() -> None:
    assert v.as_count([1, 2, 3]) == 3
    assert v.as_count("4") == 4
    assert v.as_count(4.0) == 4
    assert v.as_count("['a', 'b']") == 2
    assert v.as_count(float("nan")) is None
    assert v.as_int("12") == 12 and v.as_int(np.int64(3)) == 3
    assert v.as_int(2.5) is None and v.as_int(True) is None and v.as_int("x") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), ("False", False), ("true", True), (0, False), (np.bool_(True), True)],
)
def test_as_bool(value: object, expected: bool) -> None:
    assert v.as_bool(value) is expected


def test_as_bool_unknown() -> None:
    assert v.as_bool(None) is None and v.as_bool("maybe") is None and v.as_bool(pd.NA) is None


def test_as_label_keeps_templates_text_after_csv() -> None:
    assert v.as_label(2026.0) == "2026" and v.as_label("2025") == "2025"
    assert v.as_label(float("nan")) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (12, 12), (12.0, 12), ("012", "012"), ("A-7", "A-7"), ("٣", "٣"), (None, None)],
)
def test_group_key(value: object, expected: object) -> None:
    assert v.group_key(value) == expected


def test_wall_time_uses_the_deadline_offset() -> None:
    deadline = "2026-01-24T23:59:00+01:00"
    assert v.wall_time("2026-01-24T21:00:00+00:00", deadline) == dt.datetime(2026, 1, 24, 22, 0)
    assert v.wall_time("2026-01-24T21:00:00Z", None) == dt.datetime(2026, 1, 24, 21, 0)
    assert v.wall_time(pd.Timestamp("2026-01-24T21:00:00+01:00"), deadline) == dt.datetime(
        2026, 1, 24, 21, 0
    )
    assert v.wall_time("not a time", deadline) is None
    assert v.wall_time(float("nan"), deadline) is None


def test_short_sha() -> None:
    assert v.short_sha("0123456789abcdef" * 2 + "01234567") == "0123456"
    assert v.short_sha("=cmd") is None and v.short_sha(None) is None


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://github.com/org/repo", True),
        ("http://gitlab.example/org/repo.git", True),
        ("https://user:token@github.com/org/repo", False),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("git@github.com:org/repo.git", False),
        ("/local/path/repo", False),
        ("https://github.com/org/re po", False),
        (None, False),
    ],
)
def test_web_link(url: object, linked: bool) -> None:
    assert (v.web_link(url) is not None) is linked


def test_commit_link_only_for_github() -> None:
    sha = "a" * 40
    assert v.commit_link("https://github.com/org/repo.git", sha) == (
        f"https://github.com/org/repo/tree/{sha}"
    )
    assert v.commit_link("https://gitlab.com/org/repo", sha) is None
    assert v.commit_link("https://github.com/org/repo", "not-a-sha") is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("groups/12/report.html", "groups/12/report.html"),
        ("output/groups/12/report.html", "groups/12/report.html"),
        ("groups\\12\\report.html", "groups/12/report.html"),
        ("groups/a b/report.html", "groups/a%20b/report.html"),
        ("../groups/12/report.html", None),
        ("groups/../report.html", None),
        ("/etc/report.html", None),
        ("https://evil.example/groups/x.html", None),
        ("groups/12/report.exe", None),
        (None, None),
    ],
)
def test_report_link(given: object, expected: str | None) -> None:
    assert v.report_link(given) == expected


def test_default_report_link_uses_the_safe_folder_name() -> None:
    assert v.default_report_link("12") == "groups/12/report.html"
    assert v.default_report_link("../x") == "groups/_x/report.html"
    assert v.default_report_link(None) is None


def test_percent_scale() -> None:
    assert v.percent_scale([0.5, 0.93, None]) == 100.0
    assert v.percent_scale([50.0, 93.0]) == 1.0
    assert v.percent_scale([]) == 1.0


def test_column_tolerates_missing_tables_and_columns() -> None:
    frame = pd.DataFrame({"a": [1, 2]})
    assert v.column(frame, "a") == [1, 2]
    assert v.column(frame, "b") == [None, None]
    assert v.column(None, "a") == []
