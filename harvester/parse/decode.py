"""Bytes of a README -> text, whatever the group's editor did to the encoding.

Students commit READMEs from Windows editors (UTF-16 with BOM, cp1252), from macOS (CR) and
sometimes commit a binary by mistake. None of that may crash a harvest: it becomes a warning.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

# A real report is ~50 KB; anything far beyond this is a pasted log or an accident. Text past
# the cap is dropped with a warning so one group cannot stall a whole cohort run.
MAX_CHARS = 2_000_000
# Real report lines are under ~2,000 characters; a line of megabytes (a pasted log, a base64
# blob) is cut so no line-oriented rule ever sees it whole.
MAX_LINE_CHARS = 20_000

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass
class Decoded:
    """Result of decoding: ``text`` is None when the bytes are not a text file at all."""

    text: str | None
    encoding: str | None
    warnings: list[dict] = field(default_factory=list)


def _warn(kind: str, detail: str) -> dict:
    return {"kind": kind, "question": None, "line": None, "detail": detail}


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without BOM: ASCII-heavy text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.8 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.8 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR -> LF, so line numbers match what GitHub shows."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, max_chars: int = MAX_CHARS) -> Decoded:
    """Decode README bytes: BOM, then UTF-8, then cp1252/Latin-1 (with an ``encoding`` warning)."""
    warnings: list[dict] = []
    if not data:
        return Decoded("", "utf-8", [_warn("empty", "the README is empty (0 bytes)")])
    text: str | None = None
    encoding: str | None = None
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            text = data[len(bom) :].decode(name.replace("-sig", ""), errors="replace")
            if "\ufffd" in text:
                warnings.append(_warn("encoding", f"invalid {name} bytes were replaced"))
            break
    if text is None:
        guess = _utf16_without_bom(data) if b"\x00" in data[:4096] else None
        if guess:
            encoding = guess
            text = data.decode(guess, errors="replace")
            warnings.append(_warn("encoding", f"UTF-16 text without byte-order mark ({guess})"))
        elif b"\x00" in data:
            return Decoded(
                None,
                None,
                [_warn("binary", "the README contains NUL bytes: it is not a text file")],
            )
    if text is None:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("cp1252")
                encoding = "cp1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                encoding = "latin-1"
            warnings.append(
                _warn(
                    "encoding",
                    f"not valid UTF-8 (byte {exc.start}); decoded as {encoding}",
                )
            )
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(_warn("encoding", "NUL characters were removed"))
    text = normalize_newlines(text)
    if len(text) > MAX_LINE_CHARS:  # first: one huge line must not push the report past the cap
        text = _cut_long_lines(text, warnings)
    if len(text) > max_chars:
        text = text[:max_chars]
        warnings.append(
            _warn(
                "truncated",
                f"the README has more than {max_chars} characters; the rest was not parsed",
            )
        )
    if not text.strip():
        warnings.append(_warn("empty", "the README has no text"))
    return Decoded(text, encoding, warnings)


def _cut_long_lines(text: str, warnings: list[dict]) -> str:
    lines = text.split("\n")
    cut = [i for i, line in enumerate(lines) if len(line) > MAX_LINE_CHARS]
    if not cut:
        return text
    for i in cut:
        lines[i] = lines[i][:MAX_LINE_CHARS]
    shown = ", ".join(str(i + 1) for i in cut[:5]) + (", ..." if len(cut) > 5 else "")
    warnings.append(
        {
            "kind": "truncated",
            "question": None,
            "line": cut[0] + 1,
            "detail": f"{len(cut)} line(s) longer than {MAX_LINE_CHARS} characters were cut "
            f"(line {shown})",
        }
    )
    return "\n".join(lines)
