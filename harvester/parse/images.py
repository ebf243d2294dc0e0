"""Image references in report markdown, and where each one points in the reports folder.

Students reference figures as markdown images (inline, angle-bracket, titled, reference-style)
and as raw HTML ``<img>`` tags, sometimes inside backticks or code fences (rendered as text but
still "referenced", so the staff get a warning) and sometimes commented out (not referenced).
The template's own example ``![my_image](figures/<image>.<extension>)`` is never counted.
Resolution mirrors how GitHub renders the README: relative to ``reports/``, ``/`` = repository
root, case-sensitive, and it never touches the filesystem.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from posixpath import normpath
from urllib.parse import unquote

TEMPLATE_EXAMPLE_SRC = "figures/<image>.<extension>"

_NORMAL, _CODE, _COMMENT = 0, 1, 2
_FENCE = re.compile(
    r"^(?:[ \t]*>)*[ \t]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
_ALT = r"(?P<alt>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)"
_TITLE = r"""(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?"""
_INLINE = re.compile(
    r"!\[" + _ALT + r"\]\(\s*(?:<(?P<angle>[^<>\n]*)>"
    r"|(?P<spaced>[^()\n<>\"']*?\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?))(?=\s*\))"
    r"|(?P<plain>(?:[^\s()]|\([^\s()]*\))*))" + _TITLE + r"\s*\)",
    re.I,
)
_REFERENCE = re.compile(r"!\[" + _ALT + r"\](?:\[(?P<ref>[^\[\]\n]*)\])?(?!\()")
_DEFINITION = re.compile(
    r"^[ \t]{0,3}\[(?P<label>[^\[\]\n]+)\]:[ \t]*(?:<(?P<angle>[^<>\n]*)>|(?P<plain>\S+))", re.M
)
_IMG = re.compile(
    r"<img\b[^>]{0,2000}?\bsrc\s*=\s*(?:\"(?P<dq>[^\"]{0,4000})\"|'(?P<sq>[^']{0,4000})'|(?P<bare>[^\s\"'>]+))[^>]{0,2000}>",
    re.I,
)
_IMG_ALT = re.compile(r"\balt\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))", re.I)
_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class ImageRef:
    """One image reference: ``line`` is 1-based within the scanned text."""

    src: str
    alt: str
    kind: str  # "markdown" | "html"
    in_code: bool
    line: int


@dataclass(frozen=True)
class ImageResolution:
    """``resolved``: path relative to the reports folder, or the URL; ``missing`` None = unknown."""

    resolved: str | None
    missing: bool | None


@lru_cache(maxsize=64)
def _closer(run: int) -> re.Pattern[str]:
    """A backtick run of exactly `run` backticks (closes an inline code span)."""
    return re.compile(r"(?<!`)" + "`" * run + r"(?!`)")


def _mask(text: str) -> bytearray:
    """Per character: normal markdown, code (fence or backtick span), or HTML comment."""
    mask = bytearray(len(text))
    fence: str | None = None
    in_comment = False
    offset = 0
    for line in text.splitlines(keepends=True):
        end = offset + len(line)
        if fence is not None:
            mask[offset:end] = bytes([_CODE]) * len(line)
            opener = _FENCE.match(line.rstrip("\r\n"))
            if (
                opener
                and opener.group("fence")[0] == fence[0]
                and len(opener.group("fence")) >= len(fence)
                and not opener.group("info").strip()
            ):
                fence = None
            offset = end
            continue
        if not in_comment:
            opener = _FENCE.match(line.rstrip("\r\n"))
            if opener and not (opener.group("fence")[0] == "`" and "`" in opener.group("info")):
                fence = opener.group("fence")
                mask[offset:end] = bytes([_CODE]) * len(line)
                offset = end
                continue
        pos = 0
        while pos < len(line):
            if in_comment:
                close = line.find("-->", pos)
                stop = len(line) if close < 0 else close + 3
                mask[offset + pos : offset + stop] = bytes([_COMMENT]) * (stop - pos)
                pos = stop
                in_comment = close < 0
                continue
            tick = line.find("`", pos)
            comment = line.find("<!--", pos)
            if tick < 0 and comment < 0:
                break
            if comment >= 0 and (tick < 0 or comment < tick):
                in_comment = True
                pos = comment
                continue
            run = len(line[tick:]) - len(line[tick:].lstrip("`"))
            closing = _closer(run).search(line, tick + run)
            if closing is None:
                pos = tick + run
                continue
            mask[offset + tick : offset + closing.end()] = bytes([_CODE]) * (closing.end() - tick)
            pos = closing.end()
        offset = end
    return mask


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_image_refs(text: str) -> list[ImageRef]:
    """Every image reference in `text`, in document order (see module doc for the rules)."""
    mask = _mask(text)
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_of(pos: int) -> int:
        return bisect_right(line_starts, pos)

    found: list[tuple[int, ImageRef]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, src: str, alt: str, kind: str) -> None:
        if start < len(mask) and mask[start] == _COMMENT:
            return
        taken.append((start, end))
        if src.strip() == TEMPLATE_EXAMPLE_SRC:
            return
        ref = ImageRef(src.strip(), alt.strip(), kind, mask[start] == _CODE, line_of(start))
        found.append((start, ref))

    for m in _INLINE.finditer(text):
        src = m.group("angle")
        if src is None:
            src = m.group("spaced") if m.group("spaced") is not None else m.group("plain")
        add(m.start(), m.end(), src or "", m.group("alt"), "markdown")
    definitions: dict[str, str] = {}
    for m in _DEFINITION.finditer(text):
        if mask[m.start()] == _NORMAL:
            dest = m.group("angle") if m.group("angle") is not None else m.group("plain")
            definitions.setdefault(_label(m.group("label")), dest)
    inline_spans = sorted(taken)
    for m in _REFERENCE.finditer(text):
        if any(s <= m.start() < e for s, e in inline_spans):
            continue
        ref = m.group("ref")
        key = _label(ref if ref else m.group("alt"))
        if key in definitions:
            add(m.start(), m.end(), definitions[key], m.group("alt"), "markdown")
    for m in _IMG.finditer(text):
        src = next(g for g in (m.group("dq"), m.group("sq"), m.group("bare")) if g is not None)
        alt_match = _IMG_ALT.search(m.group(0))
        alt = next((g for g in alt_match.groups() if g is not None), "") if alt_match else ""
        add(m.start(), m.end(), src, alt, "html")
    found.sort(key=lambda item: item[0])
    return [ref for _, ref in found]


def resolve_image(src: str, files: set[str] | None) -> ImageResolution:
    """Where `src` points inside the reports folder; URLs are never missing.

    `files`: every file under the reports folder (posix, relative to it), None = unknown.
    """
    src = src.strip()
    if re.match(r"^(?:https?:)?//", src, re.I) or src.lower().startswith("data:"):
        return ImageResolution(resolved=src, missing=False)
    if _URL.match(src):
        return ImageResolution(resolved=None, missing=True)  # file:, javascript:, ...
    path = unquote(re.split(r"[?#]", src, maxsplit=1)[0])
    if not path:
        return ImageResolution(resolved=None, missing=True)
    if path.startswith("/"):
        rooted = normpath(path).lstrip("/")
        if not rooted.startswith("reports/"):
            return ImageResolution(resolved=None, missing=True)
        path = rooted[len("reports/") :]
    path = normpath(path)
    if path in (".", "") or path == ".." or path.startswith("../"):
        return ImageResolution(resolved=None, missing=True)
    if files is None:
        return ImageResolution(resolved=path, missing=None)
    return ImageResolution(resolved=path, missing=path not in files)
