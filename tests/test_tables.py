"""Tidy tables from records and snapshots: one fact per row, types kept, CSVs safe."""

from __future__ import annotations

import pandas as pd

from harvester.tables import GroupData, build_tables


def _record(**overrides):
    record = {
        "template": "2025",
        "group_number": 7,
        "study_numbers": ["s100001", "s100002"],
        "members_listed": 3,
        "checklist": {"done": 2, "partial": 1, "open": 1},
        "unanswered": [5, 9],
        "code_coverage": 81.5,
        "credits": {"amount": 4.2, "unit": "USD"},
        "services": ["cloud_run", "cloud_storage"],
        "images": {"referenced": 3, "missing": 1},
        "answers": [
            {"question": 1, "key": "group_number", "section": "Group information", "text": "7",
             "answered": True, "words": 1, "words_checker": 1, "images": 0, "images_checker": 0,
             "word_limit": None, "image_limit": None, "ok": True},
            {"question": 27, "key": "credits", "section": "Overall", "text": "We spent $4.20.",
             "answered": True, "words": 3, "words_checker": 3, "images": 0, "images_checker": 0,
             "word_limit": [100, 200], "image_limit": None, "ok": False},
        ],
        "checklist_items": [
            {"id": "git_repo", "text": "Create a git repository (M5)", "week": "1",
             "module": "M5", "state": "done"},
            {"id": None, "text": "Something we added", "week": "1", "module": None,
             "state": "open"},
        ],
        "warnings": [{"kind": "word_limit", "question": 27, "line": 300, "detail": "3 < 100"}],
    }  # fmt: skip
    record.update(overrides)
    return record


OK_SNAPSHOT = {
    "group": "7",
    "repo": "https://github.com/a/b",
    "status": "ok",
    "deadline": "2026-01-24T23:59:00+01:00",
    "deadline_commit": {"sha": "a" * 40, "time": "2026-01-24T20:00:00+01:00"},
    "head": {"sha": "b" * 40, "time": "2026-01-25T10:00:00+01:00"},
    "commits_after_deadline": 2,
    "reports_changed_after_deadline": True,
    "warnings": [{"kind": "symlink", "detail": "reports/x -> /etc/passwd not copied"}],
}
FAILED_SNAPSHOT = {"group": "8", "repo": "/nope", "status": "unreachable", "error": "not found"}


def test_groups_table_has_one_row_per_group_with_facts() -> None:
    tables = build_tables(
        [
            GroupData("7", ("s100001", "s999999"), OK_SNAPSHOT, _record()),
            GroupData("8", (), FAILED_SNAPSHOT, None),
        ]
    )
    groups = tables["groups"].set_index("group")
    row = groups.loc["7"]
    assert row["status"] == "ok"
    assert row["deadline_sha"] == "a" * 40
    assert row["commits_after_deadline"] == 2
    assert bool(row["members_mismatch"]) is True
    assert row["answered"] == 2
    assert row["unanswered"] == "5, 9"
    assert row["checklist_coverage"] == 50.0
    assert row["credits_amount"] == 4.2 and row["credits_unit"] == "USD"
    assert row["credits_text"] == "We spent $4.20."
    assert row["services_count"] == 2
    assert row["warnings"] == 2  # one parse, one fetch warning
    assert row["report_html"] == "groups/7/report.html"
    failed = groups.loc["8"]
    assert failed["status"] == "unreachable"
    assert pd.isna(failed["answered"]) and pd.isna(failed["template"])


def test_long_tables() -> None:
    tables = build_tables(
        [
            GroupData("7", (), OK_SNAPSHOT, _record()),
            GroupData("8", (), FAILED_SNAPSHOT, None),
        ]
    )
    answers = tables["answers"]
    assert list(answers["question"]) == [1, 27]
    assert answers.loc[1, "word_min"] == 100 and answers.loc[1, "word_max"] == 200
    assert str(answers["question"].dtype) == "Int64"
    assert list(tables["checklist"]["item_id"].fillna("-")) == ["git_repo", "-"]
    assert list(tables["services"]["service"]) == ["cloud_run", "cloud_storage"]
    warnings = tables["warnings"]
    assert set(warnings["kind"]) == {"word_limit", "symlink", "status_unreachable"}
    assert warnings[warnings["kind"] == "status_unreachable"]["detail"].item() == "not found"


def test_empty_cohort_still_has_columns() -> None:
    tables = build_tables([])
    assert all(len(frame) == 0 for frame in tables.values())
    assert "credits_amount" in tables["groups"].columns
