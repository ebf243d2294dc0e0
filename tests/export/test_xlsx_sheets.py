"""cohort.xlsx sheet by sheet: every value read back equals what the input tables say.

Expected values are computed here from the input DataFrames, independently of the exporter's
helpers, so a wrong column, a lost row or a wrong conversion shows up as a difference.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

sys.path.insert(0, str(Path(__file__).parent))  # the fixture module beside this file
from xlsx_fixtures import fill_rgb, headers, make_tables, rows_by_group  # noqa: E402

from harvester.cells import safe_cell  # noqa: E402
from harvester.export.rates import DEFAULT_RATES  # noqa: E402
from harvester.export.xlsx import write_cohort_xlsx  # noqa: E402
from harvester.export.xlsx.style import (  # noqa: E402
    FILL_BAD,
    FILL_CHECKER,
    FILL_GOOD,
    FILL_WARN,
)

Tables = dict[str, pd.DataFrame]
Written = tuple[Tables, Path]

N_GROUPS = 30
BAD, WARN, GOOD, CHECKER = (f.fgColor.rgb for f in (FILL_BAD, FILL_WARN, FILL_GOOD, FILL_CHECKER))


def missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value))


def as_number(value: object) -> object:
    """Digit strings ("2026", "1") are numbers in the sheet (no "number stored as text")."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


def norm(value: object) -> object:
    """None for a table's NaN, as a spreadsheet shows an empty cell."""
    return None if missing(value) else value


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return make_tables(N_GROUPS, seed=11)


@pytest.fixture(scope="module")
def wb(tables: dict[str, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("out") / "cohort.xlsx"
    write_cohort_xlsx(tables, path)
    return load_workbook(path)


def group_records(tables: dict[str, pd.DataFrame]) -> list[dict]:
    return tables["groups"].to_dict("records")


def expected_usd(amount: object, unit: object, rates: dict[str, float]) -> float | None:
    if missing(amount) or missing(unit) or unit not in rates:
        return None
    return round(float(amount) * rates[unit], 2)


# --- Overview ----------------------------------------------------------------------------------


def test_overview_has_one_row_per_group_in_order(wb: Workbook, tables: Tables) -> None:
    ws = wb["Overview"]
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == [
        int(g) for g in tables["groups"]["group"]
    ]


def test_overview_values_match_the_groups_table(wb: Workbook, tables: Tables) -> None:
    ws = wb["Overview"]
    col = headers(ws)
    rows = rows_by_group(ws)
    for rec in group_records(tables):
        r = rows[int(rec["group"])]
        cell = lambda name: ws.cell(row=r, column=col[name]).value  # noqa: B023, E731
        assert cell("status") == rec["status"]
        assert cell("template") == as_number(norm(rec["template"]))
        assert cell("members (report)") == ("; ".join(rec["study_numbers"]) or None)
        assert cell("members (roster)") == ("; ".join(rec["roster_members"]) or None)
        assert cell("members_mismatch") == rec["members_mismatch"]
        sha = rec["deadline_sha"]
        assert cell("deadline commit") == (None if missing(sha) else sha[:7])
        when = rec["deadline_time"]
        expected_time = None if missing(when) else dt.datetime.fromisoformat(when)
        if expected_time is not None:  # fixture times share the deadline's +01:00 offset
            expected_time = expected_time.replace(tzinfo=None)
        assert cell("commit time") == expected_time
        assert cell("commits after deadline") == (
            None if missing(rec["commits_after_deadline"]) else rec["commits_after_deadline"]
        )
        unanswered = rec["unanswered"]
        if isinstance(unanswered, list):
            assert cell("unanswered") == len(unanswered)
            assert cell("unanswered questions") == (", ".join(map(str, unanswered)) or None)
        coverage = rec["checklist_coverage"]
        assert cell("checklist coverage %") == (
            None if missing(coverage) else round(coverage * 100, 1)
        )
        code = rec["code_coverage"]
        assert cell("code coverage %") == (None if missing(code) else code)
        assert cell("credits USD") == expected_usd(
            rec["credits_amount"], rec["credits_unit"], DEFAULT_RATES
        )
        assert cell("error") == (None if missing(rec["error"]) else rec["error"])


def test_overview_highlights(wb: Workbook, tables: Tables) -> None:
    ws = wb["Overview"]
    col = headers(ws)
    rows = rows_by_group(ws)
    flagged = {"status": 0, "mismatch": 0, "late": 0, "after": 0, "images": 0}
    for rec in group_records(tables):
        r = rows[int(rec["group"])]
        fill = lambda name: fill_rgb(ws.cell(row=r, column=col[name]))  # noqa: B023, E731
        if rec["status"] != "ok":
            assert fill("status") == BAD
            flagged["status"] += 1
        else:
            assert fill("status") is None
        if rec["members_mismatch"] is True:
            assert fill("members (report)") == fill("members (roster)") == BAD
            flagged["mismatch"] += 1
        else:
            assert fill("members_mismatch") is None
        if rec["reports_changed_after_deadline"] is True:
            assert fill("commits after deadline") == BAD
            assert fill("reports changed after deadline") == BAD
            flagged["late"] += 1
        elif not missing(rec["commits_after_deadline"]) and rec["commits_after_deadline"] > 0:
            assert fill("commits after deadline") == WARN
            flagged["after"] += 1
        if not missing(rec["images_missing"]) and rec["images_missing"] > 0:
            assert fill("images missing") == BAD
            flagged["images"] += 1
        if not missing(rec["credits_amount"]) and rec["credits_unit"] not in DEFAULT_RATES:
            assert fill("credits unit") == WARN
    assert all(flagged.values()), flagged  # the fixture exercised every highlight


def test_overview_hyperlinks(wb: Workbook, tables: Tables) -> None:
    ws = wb["Overview"]
    col = headers(ws)
    rows = rows_by_group(ws)
    for rec in group_records(tables):
        r = rows[int(rec["group"])]
        report = ws.cell(row=r, column=col["report"])
        assert report.hyperlink.target == f"groups/{rec['group']}/report.html"
        assert ws.cell(row=r, column=col["repo"]).hyperlink.target == rec["repo"]
        commit = ws.cell(row=r, column=col["deadline commit"])
        if missing(rec["deadline_sha"]):
            assert commit.hyperlink is None
        else:
            assert commit.hyperlink.target == f"{rec['repo']}/tree/{rec['deadline_sha']}"


def test_overview_rates_note_on_the_usd_header(wb: Workbook) -> None:
    ws = wb["Overview"]
    comment = ws.cell(row=1, column=headers(ws)["credits USD"]).comment
    for unit, rate in DEFAULT_RATES.items():
        assert f"1 {unit} = {rate:g} USD" in comment.text


def test_rates_can_be_overridden(tables: Tables, tmp_path: Path) -> None:
    rates = {"EUR": 2.0, "GBP": 1.25}
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx(tables, path, rates=rates)
    merged = {**DEFAULT_RATES, **rates}
    ws = load_workbook(path)["Overview"]
    col = headers(ws)
    rows = rows_by_group(ws)
    units = set()
    for rec in group_records(tables):
        value = ws.cell(row=rows[int(rec["group"])], column=col["credits USD"]).value
        assert value == expected_usd(rec["credits_amount"], rec["credits_unit"], merged)
        if value is not None:
            units.add(rec["credits_unit"])
    assert {"EUR", "GBP"} <= units
    assert "1 EUR = 2 USD" in ws.cell(row=1, column=col["credits USD"]).comment.text


def test_report_links_can_be_switched_off(tables: Tables, tmp_path: Path) -> None:
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx(tables, path, report_links=False)
    ws = load_workbook(path)["Overview"]
    col = headers(ws)["report"]
    assert all(ws.cell(row=r, column=col).hyperlink is None for r in range(2, ws.max_row + 1))


def test_hostile_links_are_not_linked(tmp_path: Path) -> None:
    groups = pd.DataFrame(
        {
            "group": ["1", "2", "../../etc", "4"],
            "repo": [
                "javascript:alert(1)",
                "file:///etc/passwd",
                "https://user:token@github.com/a/b",
                "https://github.com/org/ok",
            ],
            "report_html": ["../../secret.html", "https://evil.example/x.html", None, None],
            "deadline_sha": ["a" * 40, "b" * 40, "c" * 40, "=cmd|x"],
            "status": ["ok"] * 4,
        }
    )
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx({"groups": groups}, path)
    ws = load_workbook(path)["Overview"]
    col = headers(ws)
    for r in range(2, 6):
        for name in ("report", "deadline commit"):
            assert ws.cell(row=r, column=col[name]).hyperlink is None, (r, name)
    for r in range(2, 5):
        assert ws.cell(row=r, column=col["repo"]).hyperlink is None, r
    assert ws.cell(row=5, column=col["repo"]).hyperlink.target == "https://github.com/org/ok"
    assert ws.cell(row=5, column=col["deadline commit"]).value is None  # not a SHA: not shown
    assert ws.cell(row=4, column=1).value == "../../etc"  # shown, but as plain text


def test_report_link_built_from_group_id_when_the_table_has_none(tmp_path: Path) -> None:
    groups = pd.DataFrame({"group": ["7", "a/../b c"], "status": ["ok", "ok"]})
    path = tmp_path / "cohort.xlsx"
    write_cohort_xlsx({"groups": groups}, path)
    ws = load_workbook(path)["Overview"]
    col = headers(ws)["report"]
    assert ws.cell(row=2, column=col).hyperlink.target == "groups/7/report.html"
    assert ws.cell(row=3, column=col).hyperlink.target == "groups/a_.._b_c/report.html"


# --- Checklist and Coverage --------------------------------------------------------------------


def test_checklist_matrix(wb: Workbook, tables: Tables) -> None:
    ws = wb["Checklist"]
    checklist = tables["checklist"]
    item_cols = {ws.cell(row=3, column=c).value: c for c in range(2, ws.max_column + 1)}
    rows = rows_by_group(ws, header_row=3)
    symbols = {"done": ("✓", GOOD), "partial": ("–", WARN), "open": (None, BAD)}
    for rec in checklist.to_dict("records"):
        c = item_cols[rec["text"]]
        assert ws.cell(row=1, column=c).value == as_number(norm(rec["week"]))
        assert ws.cell(row=2, column=c).value == norm(rec["module"])
        cell = ws.cell(row=rows[int(rec["group"])], column=c)
        assert (cell.value, fill_rgb(cell)) == symbols[rec["state"]]
    # groups without a checklist (no report) have an empty row
    no_record = set(tables["groups"]["group"]) - set(checklist["group"])
    assert no_record
    for group in no_record:
        r = rows[int(group)]
        assert all(ws.cell(row=r, column=c).value is None for c in range(2, ws.max_column + 1))


def test_checklist_coverage_column_and_row(wb: Workbook, tables: Tables) -> None:
    ws = wb["Checklist"]
    checklist = tables["checklist"]
    cov_col = headers(ws, 3)["coverage %"]
    rows = rows_by_group(ws, header_row=3)
    for group, frame in checklist.groupby("group"):
        expected = round(100 * (frame["state"] == "done").sum() / len(frame), 1)
        assert ws.cell(row=rows[int(group)], column=cov_col).value == expected
    footer = rows["coverage %"]
    assert footer == 3 + N_GROUPS + 1
    item_cols = {ws.cell(row=3, column=c).value: c for c in range(2, cov_col)}
    for text, frame in checklist.groupby("text"):
        expected = round(100 * (frame["state"] == "done").sum() / len(frame), 1)
        assert ws.cell(row=footer, column=item_cols[text]).value == expected


def test_coverage_sheet_sorted_with_counts(wb: Workbook, tables: Tables) -> None:
    ws = wb["Coverage"]
    col = headers(ws)
    checklist = tables["checklist"]
    counts = checklist.groupby("item_id")["state"].value_counts().unstack(fill_value=0)
    shares = []
    for r in range(2, ws.max_row + 1):
        item = ws.cell(row=r, column=col["item_id"]).value
        row = counts.loc[item]
        total = int(row.sum())
        assert ws.cell(row=r, column=col["groups with item"]).value == total
        assert ws.cell(row=r, column=col["done"]).value == int(row.get("done", 0))
        assert ws.cell(row=r, column=col["open"]).value == int(row.get("open", 0))
        share = ws.cell(row=r, column=col["done %"]).value
        assert share == round(100 * int(row.get("done", 0)) / total, 1)
        shares.append(share)
    assert len(shares) == checklist["item_id"].nunique() == 53
    assert shares == sorted(shares, reverse=True)


# --- Credits -----------------------------------------------------------------------------------


def test_credits_rows_and_statistics(wb: Workbook, tables: Tables) -> None:
    ws = wb["Credits"]
    col = headers(ws)
    rows = rows_by_group(ws)
    usd = []
    for rec in group_records(tables):
        r = rows[int(rec["group"])]
        assert ws.cell(row=r, column=col["credits text"]).value == safe_cell(rec["credits_text"])
        amount = ws.cell(row=r, column=col["amount"]).value
        assert amount == (None if missing(rec["credits_amount"]) else rec["credits_amount"])
        value = expected_usd(rec["credits_amount"], rec["credits_unit"], DEFAULT_RATES)
        assert ws.cell(row=r, column=col["USD"]).value == value
        if value is not None:
            usd.append(value)
    stats = {ws.cell(row=r, column=8).value: ws.cell(row=r, column=9).value for r in range(2, 8)}
    assert stats["groups with an amount"] == len(usd)
    assert stats["total USD"] == pytest.approx(sum(usd), abs=0.01)
    assert stats["median USD"] == pytest.approx(statistics.median(usd), abs=0.01)
    assert stats["max USD"] == max(usd)
    assert stats["groups without an amount"] == N_GROUPS - len(usd)
    assert all(isinstance(v, int | float) for v in stats.values())
    bucket_header = next(r for r in range(1, 30) if ws.cell(row=r, column=8).value == "USD spent")
    buckets = [ws.cell(row=r, column=9).value for r in range(bucket_header + 1, bucket_header + 10)]
    assert sum(buckets) == len(usd)
    assert buckets[0] == sum(1 for u in usd if u == 0)


# --- Services ----------------------------------------------------------------------------------


def test_services_matrix_counts_and_tally(wb: Workbook, tables: Tables) -> None:
    ws = wb["Services"]
    col = headers(ws)
    rows = rows_by_group(ws)
    services = tables["services"]
    used = services.groupby("group")["service"].apply(set).to_dict()
    for group in tables["groups"]["group"]:
        r = rows[int(group)]
        mine = used.get(group, set())
        for service in services["service"].unique():
            cell = ws.cell(row=r, column=col[service])
            assert cell.value == (1 if service in mine else None)
            assert fill_rgb(cell) == (GOOD if service in mine else None)
        assert ws.cell(row=r, column=col["count"]).value == len(mine)
    footer = rows["groups"]
    counts = services["service"].value_counts()
    for service, count in counts.items():
        assert ws.cell(row=footer, column=col[service]).value == count
    tally_col = col["service"]  # the sorted tally beside the matrix
    assert tally_col > col["count"]
    tally = [
        (ws.cell(row=r, column=tally_col).value, ws.cell(row=r, column=tally_col + 1).value)
        for r in range(2, 2 + len(counts))
    ]
    assert [n for _, n in tally] == sorted(counts.tolist(), reverse=True)
    assert dict(tally) == counts.to_dict()


# --- Answers and Warnings ----------------------------------------------------------------------


def test_answers_rows_and_violation_fills(wb: Workbook, tables: Tables) -> None:
    ws = wb["Answers"]
    col = headers(ws)
    answers = tables["answers"]
    assert ws.max_row == len(answers) + 1
    seen = {"words": 0, "checker": 0, "images": 0, "not ok": 0}
    for r, rec in enumerate(answers.to_dict("records"), start=2):
        get = lambda name: ws.cell(row=r, column=col[name])  # noqa: B023, E731
        assert get("group").value == int(rec["group"])
        assert get("question").value == rec["question"]
        assert get("words").value == rec["words"]
        assert get("words (checker)").value == rec["words_checker"]
        assert get("ok").value is bool(rec["ok"])
        assert get("answer").value == (safe_cell(rec["text"]) or None)

        def out(count: int, low: object, high: object) -> bool:
            return (not missing(low) and count < low) or (not missing(high) and count > high)

        words_bad = out(rec["words"], rec["word_min"], rec["word_max"])
        checker_only = not words_bad and out(rec["words_checker"], rec["word_min"], rec["word_max"])
        images_bad = out(rec["images"], rec["image_min"], rec["image_max"])
        assert fill_rgb(get("words")) == (BAD if words_bad else None)
        assert fill_rgb(get("words (checker)")) == (CHECKER if checker_only else None)
        assert fill_rgb(get("images")) == (BAD if images_bad else None)
        assert fill_rgb(get("ok")) == (None if rec["ok"] else BAD)
        seen["words"] += words_bad
        seen["checker"] += checker_only
        seen["images"] += images_bad
        seen["not ok"] += not rec["ok"]
    assert all(seen.values()), seen


def test_warnings_rows(wb: Workbook, tables: Tables) -> None:
    ws = wb["Warnings"]
    warnings = tables["warnings"]
    assert ws.max_row == len(warnings) + 1
    for r, rec in enumerate(warnings.to_dict("records"), start=2):
        values = [ws.cell(row=r, column=c).value for c in range(1, 6)]
        expected = [
            int(rec["group"]),
            None if missing(rec["question"]) else int(rec["question"]),
            rec["kind"],
            None if missing(rec["line"]) else int(rec["line"]),
            safe_cell(rec["detail"]),
        ]
        assert values == expected
