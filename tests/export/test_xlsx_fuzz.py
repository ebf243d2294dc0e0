"""Bad input never crashes the export: arbitrary cell values in every contract column still give a
valid workbook with no formula and no illegal character."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from harvester.cells import is_formula_like
from harvester.export.xlsx import SHEETS, build_workbook

COLUMNS = {
    "groups": [
        "group", "repo", "status", "error", "stale", "deadline", "deadline_sha", "deadline_time",
        "head_sha", "commits_after_deadline", "reports_changed_after_deadline", "template",
        "group_number", "roster_members", "study_numbers", "members_listed", "members_mismatch",
        "answered", "unanswered", "checklist_done", "checklist_partial", "checklist_open",
        "checklist_coverage", "code_coverage", "credits_amount", "credits_unit", "credits_text",
        "services", "services_count", "images_referenced", "images_missing", "warnings",
        "report_html",
    ],
    "answers": [
        "group", "question", "key", "section", "text", "words", "words_checker", "images",
        "images_checker", "word_min", "word_max", "image_min", "image_max", "ok",
    ],
    "checklist": ["group", "item_id", "week", "module", "text", "state"],
    "services": ["group", "service"],
    "warnings": ["group", "question", "kind", "line", "detail"],
}  # fmt: skip

scalar = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["=1+1", "-2+3", "@x", "\t=1", "1", "ok", "done", "USD", "EUR", "2026"]),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(timezones=st.none() | st.timezones()),
    st.lists(st.text(max_size=5), max_size=3),
)


@st.composite
def tables(draw: st.DrawFn) -> dict[str, pd.DataFrame]:
    out = {}
    for name, columns in COLUMNS.items():
        n = draw(st.integers(min_value=0, max_value=4))
        rows = [{c: draw(scalar) for c in columns} for _ in range(n)]
        out[name] = pd.DataFrame(rows, columns=columns)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_any_cell_values_give_a_valid_safe_workbook(data: dict[str, pd.DataFrame]) -> None:
    buffer = io.BytesIO()
    build_workbook(data, rates={"XYZ": 3.0}).save(buffer)
    wb = load_workbook(io.BytesIO(buffer.getvalue()))
    assert wb.sheetnames == list(SHEETS)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type not in ("f", "e")
                if isinstance(cell.value, str):
                    assert not is_formula_like(cell.value)
                    assert ILLEGAL_CHARACTERS_RE.search(cell.value) is None
                else:
                    assert cell.value is None or isinstance(
                        cell.value, bool | int | float | dt.datetime
                    )
