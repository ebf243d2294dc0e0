"""The Evidence sheet marks what the groups table counts: a group without a report has no ticks,
so none of its cells is "done but not ticked" and its claim counts are empty, as in groups.csv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook, load_workbook

from harvester.evidence.frames import add_group_columns, evidence_tables
from harvester.export.xlsx.evidence import write_evidence
from harvester.export.xlsx.style import FILL_BAD, FILL_GOOD, FILL_WARN


def evidence(group: str, items: dict[str, tuple[str, str | None]]) -> dict:
    """An evidence.json with these (verdict, checklist state) items."""
    return {
        "group": group,
        "commit": "a" * 40,
        "items": {
            item: {"verdict": verdict, "state": state, "ticked": state == "done", "proof": []}
            for item, (verdict, state) in items.items()
        },
    }


def record(states: dict[str, str]) -> dict:
    return {"checklist_items": [{"id": i, "state": s} for i, s in states.items()]}


ITEMS = ["cli", "hydra", "dvc", "docker"]
WITH_REPORT = {"cli": ("yes", "open"), "hydra": ("no", "done"), "dvc": ("yes", "done"),
               "docker": ("yes", "partial")}  # fmt: skip
NO_REPORT = {"cli": ("yes", None), "hydra": ("no", None), "dvc": ("yes", None),
             "docker": ("weak", None)}  # fmt: skip


def sheet(tmp_path: Path) -> tuple[dict[str, list], dict[str, dict[str, str | None]], list]:
    """Write the sheet for two groups; read it back: header, rows by group, fills by group."""
    by_group = {"2": evidence("2", WITH_REPORT), "30": evidence("30", NO_REPORT)}
    records = {"2": record({k: s for k, (_, s) in WITH_REPORT.items() if s}), "30": None}
    tables = evidence_tables(by_group, records)
    wb = Workbook()
    write_evidence(wb.active, [2, 30], tables["evidence"], ITEMS)
    wb.save(tmp_path / "e.xlsx")
    ws = load_workbook(tmp_path / "e.xlsx").active
    header = [c.value for c in ws[2]]
    rows = {str(r[0].value): r for r in ws.iter_rows(min_row=3, max_row=4)}
    groups = add_group_columns(pd.DataFrame({"group": ["2", "30"]}), by_group, records)
    return header, rows, groups.to_dict("records")


def color(cell) -> str | None:
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def test_without_a_report_nothing_is_done_but_not_ticked(tmp_path):
    header, rows, groups = sheet(tmp_path)
    at = {name: header.index(name) for name in header if name}
    no_report = rows["30"]
    assert [no_report[at[i]].value for i in ITEMS] == ["✓", "✗", "✓", "~"]  # verdicts, plainly
    assert [color(no_report[at[i]]) for i in ITEMS] == [None] * 4
    assert no_report[at["unsupported"]].value is None
    assert no_report[at["done not ticked"]].value is None
    assert no_report[at["yes"]].value == 2
    assert "No report" in no_report[0].comment.text
    # Same as the groups table (groups.csv, the index).
    assert pd.isna(groups[1]["done_not_ticked"]) and pd.isna(groups[1]["unsupported_claims"])


def test_with_a_report_the_sheet_counts_as_the_groups_table(tmp_path):
    header, rows, groups = sheet(tmp_path)
    at = {name: header.index(name) for name in header if name}
    row = rows["2"]
    fills = [color(row[at[i]]) for i in ITEMS]
    expected = [FILL_WARN, FILL_BAD, FILL_GOOD, FILL_WARN]
    assert fills == [f.fgColor.rgb[-6:] for f in expected]
    assert row[at["hydra"]].value == "✗!"
    assert row[at["done not ticked"]].value == groups[0]["done_not_ticked"] == 2
    assert row[at["unsupported"]].value == groups[0]["unsupported_claims"] == 1
    assert row[0].comment is None
