"""Q1 group number and Q2 members, on synthetic answers written for these tests."""

from __future__ import annotations

import pytest

from harvester.parse.members import Members, extract_group_number, extract_members


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Group 98", 98),
        ("031", 31),
        ("Awesome 10", 10),
        ("--- 40 ---", 40),
        ("\n7\n", 7),
        ("> Group 5 ", 5),
        ("**Group 112**", 112),
        ("MLOps team number: 23", 23),
        ("We are group nr. 14 (formerly 13)", 14),
        ("Our group is 61.", 61),
        ("--- question 1 fill here ---", None),
        ("", None),
        ("We never signed up.", None),
        ("s123456", None),
        ("0", None),
        ("MLOps 2025 - 7", 7),
        ("2025", None),
        ("group_12", 12),
        ("MLOps-team-7", 7),
    ],
)
def test_group_number(answer: str, expected: int | None) -> None:
    assert extract_group_number(answer) == expected


def test_group_number_ignores_heading_and_answer_label() -> None:
    answer = "### Question 1\n> **Enter the group number**\n>\n> Answer:\n\n--- Group 77 ---\n"
    assert extract_group_number(answer) == 77


def test_group_number_ignores_study_numbers_and_decimals() -> None:
    assert extract_group_number("s112233 signed us up as group 9") == 9
    assert extract_group_number("version 2.5 of group 44") == 44


@pytest.mark.parametrize(
    ("answer", "study", "listed"),
    [
        ("s213160, s183568", ["s213160", "s183568"], 2),
        ("*s240001, s240002, s240003*", ["s240001", "s240002", "s240003"], 3),
        ("- s200001\n- s200002\n- S200003\n", ["s200001", "s200002", "s200003"], 3),
        ("1. s200001\n2. s200002\n", ["s200001", "s200002"], 2),
        ("s123456 - Jane Doe\ns654321 - John Roe\n", ["s123456", "s654321"], 2),
        ("s210001, s210002, s210003, octocat", ["s210001", "s210002", "s210003"], 4),
        ("s221100, s221101, s221102, ", ["s221100", "s221101", "s221102"], 3),
        ("183546, s201111, s202222", ["s201111", "s202222"], 3),
        ("--- s250001, s250002 ---", ["s250001", "s250002"], 2),
        ("s250001,s250002 , s250003", ["s250001", "s250002", "s250003"], 3),
        ("s230001, s230002, s230003 and s230004.", ["s230001", "s230002", "s230003", "s230004"], 4),
        (
            "The members of our group are: s240101 ,s240102  and s240103",
            ["s240101", "s240102", "s240103"],
            3,
        ),
        ("s240101; s240102; s240101", ["s240101", "s240102"], 2),
        ("s240101 s240102 s240103", ["s240101", "s240102", "s240103"], 3),
        ("Jane Doe (s240101), John Roe (s240102)", ["s240101", "s240102"], 2),
        ("--- question 2 fill here ---", [], 0),
        ("", [], 0),
    ],
)
def test_members(answer: str, study: list[str], listed: int) -> None:
    result = extract_members(answer)
    assert result.study_numbers == study
    assert len(result.members) == listed


def test_template_example_never_counts() -> None:
    answer = "> Example:\n>\n> *sXXXXXX, sXXXXXX, sXXXXXX*\n>\n> Answer:\n\ns201234, s205678\n"
    assert extract_members(answer) == Members(
        study_numbers=["s201234", "s205678"], members=["s201234", "s205678"]
    )


def test_handle_and_bare_number_are_kept_as_members() -> None:
    result = extract_members("s211111, 198765, @gh-user")
    assert result.members == ["s211111", "198765", "@gh-user"]
    assert result.study_numbers == ["s211111"]


def test_html_and_comments_are_not_members() -> None:
    answer = "<!-- s999999 left the course -->\n<p>s212121, s232323</p>"
    assert extract_members(answer).study_numbers == ["s212121", "s232323"]


def test_table_header_is_not_a_member() -> None:
    answer = "| Name | Study number |\n|---|---|\n| Jane Doe | s123456 |\n| John Roe | s234567 |\n"
    assert extract_members(answer) == Members(
        study_numbers=["s123456", "s234567"], members=["s123456", "s234567"]
    )


def test_prose_line_without_members_is_not_counted() -> None:
    answer = "Our group consists of the following students:\n\ns201000\ns202000\n"
    assert len(extract_members(answer).members) == 2
