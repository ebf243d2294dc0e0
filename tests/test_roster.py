"""groups.csv: both layouts, tolerated mess, and a clear error with a line number per bad row."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.roster import RosterFileError, load_roster, parse_roster, redact_url


def test_our_layout_with_optional_columns() -> None:
    roster = parse_roster(
        "group,repo,members,deadline,branch\n"
        "1,https://github.com/a/one,s123456 S654321,,\n"
        "2,git@github.com:a/two.git,s111111;s222222,2026-01-26T12:00:00+01:00,dev\n"
    )
    assert roster.errors == []
    one, two = roster.groups
    assert (one.id, one.repo, one.members, one.deadline, one.branch, one.line) == (
        "1",
        "https://github.com/a/one",
        ("s123456", "s654321"),
        None,
        None,
        2,
    )
    assert two.members == ("s111111", "s222222")
    assert two.deadline is not None and two.deadline.isoformat() == "2026-01-26T12:00:00+01:00"
    assert two.branch == "dev"


def test_course_export_layout() -> None:
    roster = parse_roster(
        "group_number,student_1,student_2,student_3,student_4,student_5,repo_url\n"
        "7,s100001,s100002,,,,https://github.com/x/y\n"
    )
    assert [(g.id, g.repo, g.members) for g in roster.groups] == [
        ("7", "https://github.com/x/y", ("s100001", "s100002"))
    ]


def test_bom_semicolons_and_whitespace() -> None:
    roster = parse_roster("\ufeff group ; repo \n 3 ;  /srv/repos/three.git  \n")
    assert [(g.id, g.repo) for g in roster.groups] == [("3", "/srv/repos/three.git")]


def test_deadline_without_offset_is_course_time() -> None:
    roster = parse_roster("group,repo,deadline\n1,/r,2026-01-24T23:59:00\n")
    assert roster.groups[0].deadline.utcoffset().total_seconds() == 3600  # CET in January


def test_bad_rows_are_reported_with_lines_and_good_rows_kept() -> None:
    text = (
        "group,repo,deadline\n"
        "1,https://github.com/a/one,\n"
        "1,https://github.com/a/dup,\n"  # line 3: duplicate id
        "2,,\n"  # line 4: empty repo
        ",https://github.com/a/x,\n"  # line 5: empty id
        "\n"
        "3,https://github.com/a/three,yesterday\n"  # line 7: bad deadline
        "4,https://github.com/a/four,,extra,cells\n"  # line 8: too many cells
        "5,https://github.com/a/five,\n"
    )
    roster = parse_roster(text)
    assert [g.id for g in roster.groups] == ["1", "5"]
    assert [e.line for e in roster.errors] == [3, 4, 5, 7, 8]
    messages = [str(e) for e in roster.errors]
    assert "duplicate group id '1' (first on line 2)" in messages[0]
    assert "empty repo URL" in messages[1]
    assert messages[0].startswith("groups.csv line 3:")


def test_missing_column_is_a_file_error() -> None:
    with pytest.raises(RosterFileError, match="missing column"):
        parse_roster("team,url_of_repo\n1,https://x\n")


def test_credentials_are_kept_for_cloning_but_never_shown() -> None:
    roster = parse_roster("group,repo\n1,https://user:ghp_SECRET123@github.com/a/b.git\n")
    group = roster.groups[0]
    assert group.repo == "https://github.com/a/b.git"
    assert group.clone_url == "https://user:ghp_SECRET123@github.com/a/b.git"
    assert "SECRET" not in repr(group)
    assert "SECRET" not in str(roster.errors)


def test_credentials_never_in_error_messages() -> None:
    roster = parse_roster("group,repo,deadline\n1,https://tok:SECRET@host/r,not-a-date\n")
    assert roster.errors and "SECRET" not in str(roster.errors[0])


def test_redact_url_leaves_paths_and_ssh_alone() -> None:
    assert redact_url("/tmp/x") == "/tmp/x"
    assert redact_url("git@github.com:a/b.git") == "git@github.com:a/b.git"
    assert redact_url("https://a:b@h.com/p?q=1") == "https://h.com/p?q=1"


def test_load_roster_from_disk_latin1_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "groups.csv"
    path.write_bytes("group,repo,members\n1,/r,Søren s123456\n".encode("latin-1"))
    roster = load_roster(path)
    assert roster.groups[0].members == ("søren", "s123456")
    with pytest.raises(RosterFileError, match="not found"):
        load_roster(tmp_path / "nope.csv")


def test_empty_file_is_a_file_error() -> None:
    with pytest.raises(RosterFileError, match="empty"):
        parse_roster("\ufeff\n\n")


def test_unclosed_quote_is_reported_not_swallowed_silently() -> None:
    roster = parse_roster('group,repo\n1,"/srv/one\n2,/srv/two\n3,/srv/three\n')
    assert roster.groups == []
    assert [str(e) for e in roster.errors] == [
        "groups.csv line 2: a quoted cell runs on to line 4 (an unclosed quote?); "
        "lines 2-4 were not read"
    ]


def test_ids_that_would_share_an_output_folder_are_refused() -> None:
    roster = parse_roster("group,repo\na/b,/r1\na_b,/r2\n../x,/r3\n")
    assert [g.id for g in roster.groups] == ["a/b", "../x"]
    assert "would share the output folder groups/a_b/" in str(roster.errors[0])


def test_header_only_quotes_is_a_file_error() -> None:
    with pytest.raises(RosterFileError, match="no header"):
        parse_roster('""\n')
