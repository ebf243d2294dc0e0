"""Decoding README bytes: BOMs, UTF-16, legacy code pages, line endings, binaries, empties."""

from __future__ import annotations

import codecs

import pytest

from harvester.parse.decode import MAX_CHARS, MAX_LINE_CHARS, decode_bytes

TEXT = "### Question 1\n> Answer:\n\nGruppe 7 – Søren’s “team”\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le"),
    ],
)
def test_unicode_encodings_round_trip_without_warning(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.warnings == []


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected_with_warning(codec: str) -> None:
    decoded = decode_bytes(TEXT.encode(codec))
    assert decoded.text == TEXT
    assert decoded.encoding == codec
    assert [w["kind"] for w in decoded.warnings] == ["encoding"]


def test_cp1252_fallback_with_warning() -> None:
    decoded = decode_bytes(TEXT.encode("cp1252"))
    assert decoded.text == TEXT
    assert decoded.encoding == "cp1252"
    assert [w["kind"] for w in decoded.warnings] == ["encoding"]


def test_latin1_fallback_for_bytes_cp1252_lacks() -> None:
    decoded = decode_bytes(b"Gruppe \x81 s\xf8ren")
    assert decoded.encoding == "latin-1"
    assert decoded.text == "Gruppe \x81 s\xf8ren"


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_line_endings_become_lf(newline: bytes) -> None:
    data = TEXT.encode("utf-8").replace(b"\n", newline)
    assert decode_bytes(data).text == TEXT


def test_binary_is_no_text_with_warning() -> None:
    decoded = decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02\xff\xfe" * 50)
    assert decoded.text is None
    assert [w["kind"] for w in decoded.warnings] == ["binary"]


@pytest.mark.parametrize("data", [b"", b"   \n\n\t"])
def test_empty_file_warns(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.text is not None and not decoded.text.strip()
    assert [w["kind"] for w in decoded.warnings] == ["empty"]


def test_huge_text_and_huge_lines_are_cut_with_warnings() -> None:
    decoded = decode_bytes(b"x" * (MAX_LINE_CHARS + 10) + b"\n" + b"ok\n" * (MAX_CHARS // 2))
    assert decoded.text is not None
    assert len(decoded.text) == MAX_CHARS
    assert decoded.text.startswith("x" * MAX_LINE_CHARS + "\nok\nok\n")
    assert decoded.text.split("\n")[0] == "x" * MAX_LINE_CHARS
    assert sorted(w["kind"] for w in decoded.warnings) == ["truncated", "truncated"]


def test_one_huge_line_does_not_cost_the_rest_of_the_report() -> None:
    data = b"start\n" + b"x" * (MAX_CHARS * 2) + b"\n### Question 31\nthe end\n"
    decoded = decode_bytes(data)
    assert decoded.text is not None and decoded.text.endswith("### Question 31\nthe end\n")
    assert [w["kind"] for w in decoded.warnings] == ["truncated"]
