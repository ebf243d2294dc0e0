"""The command line: clear one-line errors (exit 2) for what the user can fix, JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.cli import main
from harvester.parse.record import RECORD_KEYS


def test_bad_deadline_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "groups.csv").write_text("group,repo\n1,/nowhere\n")
    code = main(["harvest", "--groups", str(tmp_path / "groups.csv"), "--deadline", "friday",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 2
    assert "--deadline: not an ISO 8601 time: 'friday'" in capsys.readouterr().err


def test_missing_roster_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["harvest", "--groups", str(tmp_path / "nope.csv"), "--deadline", "2026-01-24",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 2
    assert "roster not found" in capsys.readouterr().err


def test_roster_without_good_rows(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "groups.csv").write_text("group,repo\n1,\n")
    code = main(["harvest", "--groups", str(tmp_path / "groups.csv"), "--deadline", "2026-01-24",
                 "--out", str(tmp_path / "out")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2
    assert "groups.csv line 2: group 1: empty repo URL" in err
    assert "no valid group rows" in err


def test_bad_rates_flag(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "groups").mkdir()
    code = main(["export", "--out", str(tmp_path), "--rates", "EUR=lots"])
    assert code == 2
    assert "--rates" in capsys.readouterr().err


def test_export_needs_an_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["export", "--out", str(tmp_path / "empty")]) == 2
    assert "run `harvester harvest` first" in capsys.readouterr().err


def test_parse_one_report_prints_every_record_key(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    report = tmp_path / "reports" / "README.md"
    report.parent.mkdir()
    report.write_text(
        "### Question 1\n> **Enter the group number you signed up on <learn.inside.dtu.dk>**\n>\n"
        "> Answer:\n\nGroup 12\n\n### Question 2\n> **Enter the study number for each member "
        "in the group**\n>\n> Answer:\n\ns123456, s654321\n"
    )
    assert main(["parse", str(report), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert set(record) >= set(RECORD_KEYS)
    assert record["group_number"] == 12
    assert record["study_numbers"] == ["s123456", "s654321"]
    assert main(["parse", str(report)]) == 0
    out = capsys.readouterr().out
    assert "group number   12" in out and "checklist      0 done, 0 partial, 0 open" in out


def test_parse_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["parse", str(tmp_path / "nothing.md")]) == 2
    assert "nothing.md: no such file or folder" in capsys.readouterr().err
    assert main(["parse", str(tmp_path)]) == 2  # a folder that is neither
    assert "not a report file nor an output folder" in capsys.readouterr().err


def test_bad_time_zone_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "groups.csv").write_text("group,repo\n1,/nowhere\n")
    code = main(["harvest", "--groups", str(tmp_path / "groups.csv"), "--deadline", "2026-01-24",
                 "--tz", "Mars/Base", "--out", str(tmp_path / "out")])  # fmt: skip
    assert code == 2
    assert "--tz: unknown time zone 'Mars/Base'" in capsys.readouterr().err


def test_parse_summary_says_where_each_fact_was_read_and_which_to_check(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "parse"))
    from parse_synth import full_answers, render

    answers = full_answers("2026")
    answers[8] = "Measured with coverage.py, the **total** coverage of our code is **82%**."
    answers[17] = (
        "We deployed the API with Cloud Run and kept the data in a bucket. "
        "We played with Vertex AI, but never got it to work."
    )
    answers[27] = "Anna used $2.10 and Bo used $3 of credits."
    report = tmp_path / "README.md"
    report.write_text(render("2026", answers), encoding="utf-8")
    assert main(["parse", str(report)]) == 0
    lines = {line[2:16].strip(): line[17:] for line in capsys.readouterr().out.splitlines()[1:]}
    assert (
        lines["code coverage"].startswith("82.0  (Q8 line ") and '"82%"' in lines["code coverage"]
    )
    assert "LOW: only per-member amounts" in lines["credits"]
    assert "1 left out" in lines["services"] and "LOW: check Vertex AI" in lines["services"]
