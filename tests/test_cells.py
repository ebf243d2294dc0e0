"""harvester.cells: student strings can never become formulas, break an xlsx, or overflow a cell."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from harvester.cells import (
    EXCEL_CELL_LIMIT,
    is_formula_like,
    safe_cell,
    safe_csv_frame,
    safe_text,
    utf16_len,
)

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\tanything",
    "\r=1+1",
    "\ranything",
    "   =1+1",
    "\n\n=1+1",
    "\u200b=1+1",  # zero-width space in front
    "\ufeff+1+1",  # BOM in front
    "\uff1d1+1",  # full-width equals
    "\uff0bcmd",
    "\uff0d1-1",
    "\uff20SUM(A1)",
    "- bullet list item",
    "#N/A",
    "#DIV/0!",
    "=",
    "-1,2,3",
    "+1+1",
    "-5%%",
]
PLAIN_NUMBERS = ["-3.5", "+45", "-0", "1e-3", "-.5", "  -12  ", "+1E+10", "-7.", "-1,000.5", "-5%"]
BENIGN = ["hello", "s213160; s183568", "We spent $6.12", "50 %", "a-b", "x = y", "'quoted"]


def _first_visible(text: str) -> str:
    return text.lstrip(" \n\u200b\ufeff")[:1]


@pytest.mark.parametrize("text", DANGEROUS)
def test_dangerous_strings_get_a_leading_apostrophe(text: str) -> None:
    out = safe_cell(text)
    assert isinstance(out, str) and out.startswith("'")
    assert out[1:] == text.replace("\r", "\n")  # nothing else changed
    assert not is_formula_like(out)


@pytest.mark.parametrize("text", PLAIN_NUMBERS)
def test_plain_numbers_stay_as_they_are(text: str) -> None:
    """Decision: numbers execute nothing, so "-3.5" is kept (as text) without an apostrophe."""
    assert is_formula_like(text) is False
    assert safe_cell(text) == text


@pytest.mark.parametrize("text", BENIGN)
def test_benign_text_is_untouched(text: str) -> None:
    assert safe_cell(text) == text


def test_control_characters_are_removed_and_others_kept() -> None:
    raw = "bell\x07 null\x00 esc\x1b vt\x0b ff\x0c tab\tnl\nend\ufffe\uffff"
    out = safe_cell(raw)
    assert out == "bell null esc vt ff tab\tnl\nend"
    assert ILLEGAL_CHARACTERS_RE.search(out) is None


def test_lone_surrogates_become_replacement_characters() -> None:
    assert safe_cell("a\ud800b\udfffc") == "a\ufffdb\ufffdc"


def test_carriage_returns_become_newlines() -> None:
    assert safe_cell("a\r\nb\rc") == "a\nb\nc"


def test_a_100k_answer_is_cut_with_a_visible_marker_inside_the_limit() -> None:
    text = "word " * 20_000  # 100,000 characters
    out = safe_cell(text)
    assert utf16_len(out) <= EXCEL_CELL_LIMIT
    kept, marker = out.split("… [truncated ", 1)
    assert text.startswith(kept)
    assert marker == f"{len(text) - len(kept)} chars]"


def test_truncation_counts_utf16_units_like_excel() -> None:
    text = "😀" * 20_000  # 20,000 code points but 40,000 UTF-16 units
    out = safe_cell(text)
    assert utf16_len(out) <= EXCEL_CELL_LIMIT
    assert out.endswith(f"[truncated {len(text) - out.index('…')} chars]")


def test_truncated_dangerous_string_keeps_its_apostrophe_within_the_limit() -> None:
    out = safe_cell("=" + "1" * 40_000)
    assert out.startswith("'=") and utf16_len(out) <= EXCEL_CELL_LIMIT


def test_a_huge_number_that_stops_being_a_number_when_cut_is_neutralised() -> None:
    out = safe_cell("-" + "3" * 40_000)
    assert out.startswith("'-3") and utf16_len(out) <= EXCEL_CELL_LIMIT


def test_custom_limit() -> None:
    out = safe_cell("abcdefghij" * 10, limit=40)
    assert len(out) <= 40 and "truncated" in out


@pytest.mark.parametrize(
    "value",
    [None, True, False, 0, -3, 2.5, Decimal("1.25"), dt.date(2026, 1, 24), dt.time(12, 30)],
)
def test_non_strings_pass_through(value: object) -> None:
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), -float("inf"), pd.NA, pd.NaT, np.nan, Decimal("NaN")]
)
def test_missing_and_non_finite_numbers_become_none(value: object) -> None:
    assert safe_cell(value) is None


def test_numpy_scalars_become_python_numbers() -> None:
    assert safe_cell(np.int64(7)) == 7 and type(safe_cell(np.int64(7))) is int
    assert type(safe_cell(np.float32(1.5))) is float
    assert safe_cell(np.bool_(True)) is True


def test_aware_datetimes_become_naive_utc() -> None:
    moment = dt.datetime(2026, 1, 24, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert safe_cell(moment) == dt.datetime(2026, 1, 24, 22, 59)
    assert safe_cell(pd.Timestamp(moment)) == dt.datetime(2026, 1, 24, 22, 59)


def test_lists_are_joined_and_each_part_is_safe() -> None:
    assert safe_cell(["s1", "=x", None]) == "s1; '=x; "
    assert safe_cell(("a",)) == "a"


def test_other_objects_become_safe_text() -> None:
    class Weird:
        def __str__(self) -> str:
            return "=evil()"

    assert safe_cell(Weird()) == "'=evil()"
    assert safe_cell(b"=1+1\x00") == "'=1+1"


# --- properties --------------------------------------------------------------------------------

any_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("=+-@\t\r\n \u200b\ufeff\uff1d\uff0b\x00\x07#"),
    ),
    max_size=60,
)


@given(any_text)
def test_property_output_is_never_formula_like_and_always_storable(text: str) -> None:
    out = safe_text(text)
    assert not is_formula_like(out)
    assert ILLEGAL_CHARACTERS_RE.search(out) is None
    assert "\r" not in out
    assert utf16_len(out) <= EXCEL_CELL_LIMIT


@given(any_text)
def test_property_idempotent(text: str) -> None:
    once = safe_text(text)
    assert safe_text(once) == once


@given(st.text(st.characters(codec="utf-8", exclude_characters="\r"), max_size=60))
def test_property_only_adds_an_apostrophe_or_drops_illegal_characters(text: str) -> None:
    out = safe_text(text)
    cleaned = ILLEGAL_CHARACTERS_RE.sub("", text).replace("\ufffe", "").replace("\uffff", "")
    assert out in (cleaned, "'" + cleaned)


@given(st.text(max_size=300), st.integers(min_value=30, max_value=200))
def test_property_limit_is_respected(text: str, limit: int) -> None:
    out = safe_text(text, limit=limit)
    assert utf16_len(out) <= limit
    uncut = safe_text(text, limit=10**6)
    if utf16_len(uncut) <= limit:  # cut only when needed
        assert out == uncut
    else:
        assert out.endswith(" chars]") and "… [truncated " in out


@settings(max_examples=25, deadline=None)
@given(st.lists(any_text, min_size=1, max_size=40))
def test_property_openpyxl_round_trip_is_exact_and_never_a_formula(texts: list[str]) -> None:
    wb = Workbook()
    ws = wb.active
    for row, text in enumerate(texts, start=1):
        ws.cell(row=row, column=1, value=safe_cell(text))
        assert ws.cell(row=row, column=1).data_type != "f"
    buffer = io.BytesIO()
    wb.save(buffer)
    back = load_workbook(io.BytesIO(buffer.getvalue())).active
    for row, text in enumerate(texts, start=1):
        cell = back.cell(row=row, column=1)
        assert cell.data_type not in ("f", "e")
        expected = safe_cell(text)
        assert cell.value == (expected if expected != "" else None)


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers() | st.none() | st.booleans())
def test_property_scalars(value: object) -> None:
    out = safe_cell(value)
    if isinstance(value, float) and not math.isfinite(value):
        assert out is None
    else:
        assert out == value


# --- CSV frames --------------------------------------------------------------------------------


def test_safe_csv_frame_neutralises_text_and_keeps_numbers() -> None:
    frame = pd.DataFrame(
        {
            "group": ["1", "2", "3"],
            "text": ["=1+1", "-3.5", "fine\x07"],
            "words": [10, 20, 30],
            "score": [1.5, float("nan"), 2.0],
            "ok": [True, False, True],
            "members": [["s1", "s2"], [], None],
        }
    )
    before = frame.copy()
    out = safe_csv_frame(frame)
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    assert out["text"].tolist() == ["'=1+1", "-3.5", "fine"]
    assert out["members"].tolist() == ["s1; s2", "", None]
    assert out["words"].dtype == frame["words"].dtype
    assert out["ok"].dtype == frame["ok"].dtype
    assert out["score"].isna().tolist() == [False, True, False]


def test_safe_csv_frame_round_trips_through_csv_as_text() -> None:
    hostile = ["@SUM(A1)", "+cmd|' /C calc'!A0", "\t=1", "plain", "#N/A"]
    frame = pd.DataFrame({"detail": hostile, "line": range(len(hostile))})
    buffer = io.StringIO()
    safe_csv_frame(frame).to_csv(buffer, index=False)
    back = pd.read_csv(io.StringIO(buffer.getvalue()), keep_default_na=False)
    for value in back["detail"]:
        assert not is_formula_like(value)
    assert back["line"].tolist() == list(range(len(hostile)))


def test_safe_csv_frame_keeps_aware_datetimes_with_offset() -> None:
    moment = dt.datetime(2026, 1, 24, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    out = safe_csv_frame(pd.DataFrame({"when": [moment], "obj": pd.Series([moment], dtype=object)}))
    assert str(out["when"].iloc[0].utcoffset()) == "1:00:00"
    assert out["obj"].iloc[0] == "2026-01-24T23:59:00+01:00"


def test_safe_csv_frame_cleans_hostile_column_names() -> None:
    out = safe_csv_frame(pd.DataFrame({"=evil": [1]}))
    assert list(out.columns) == ["'=evil"]
