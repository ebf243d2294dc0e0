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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
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
_IMG_START = re.compile(r"<img\b", re.I)
_IMG_SRC = re.compile(
    r"\ssrc\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'>]+))", re.I
)
_MAX_TAG = 4000  # longer "tags" are not real HTML; bounding them keeps scanning linear
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


class _Runs:
    """Backtick runs of one line, to pair an opening run with the next run of equal length."""

    def __init__(self, line: str) -> None:
        self.runs = [(m.start(), m.end() - m.start()) for m in re.finditer(r"`+", line)]
        self.starts = [start for start, _ in self.runs]
        self.comments = [m.start() for m in re.finditer(r"<!--", line)]
        self.by_length: dict[int, list[int]] = {}
        for start, length in self.runs:
            self.by_length.setdefault(length, []).append(start)

    def next_run(self, pos: int) -> tuple[int, int] | None:
        index = bisect_left(self.starts, pos)
        return self.runs[index] if index < len(self.runs) else None

    def next_comment(self, pos: int) -> int:
        index = bisect_left(self.comments, pos)
        return self.comments[index] if index < len(self.comments) else -1

    def closer(self, run: tuple[int, int]) -> int | None:
        """End offset of the run closing `run`, None when the backticks stay literal."""
        same = self.by_length[run[1]]
        index = bisect_right(same, run[0])
        return same[index] + run[1] if index < len(same) else None


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
        runs = _Runs(line)
        while pos < len(line):
            if in_comment:
                close = line.find("-->", pos)
                stop = len(line) if close < 0 else close + 3
                mask[offset + pos : offset + stop] = bytes([_COMMENT]) * (stop - pos)
                pos = stop
                in_comment = close < 0
                continue
            tick = runs.next_run(pos)
            comment = runs.next_comment(pos)
            if tick is None and comment < 0:
                break
            if comment >= 0 and (tick is None or comment < tick[0]):
                in_comment = True
                pos = comment
                continue
            assert tick is not None
            closing = runs.closer(tick)
            if closing is None:
                pos = tick[0] + tick[1]
                continue
            mask[offset + tick[0] : offset + closing] = bytes([_CODE]) * (closing - tick[0])
            pos = closing
        offset = end
    return mask


def _img_tags(text: str) -> list[tuple[int, str]]:
    """(offset, tag text) of every ``<img ...>`` tag, found in one pass over the text."""
    tags: list[tuple[int, str]] = []
    for match in _IMG_START.finditer(text):
        close = text.find(">", match.end(), match.end() + _MAX_TAG)
        if close >= 0:
            tags.append((match.start(), text[match.start() : close + 1]))
    return tags


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
    inline_starts = [start for start, _ in sorted(taken)]
    inline_ends = [end for _, end in sorted(taken)]
    for m in _REFERENCE.finditer(text):
        index = bisect_right(inline_starts, m.start()) - 1
        if index >= 0 and m.start() < inline_ends[index]:
            continue
        ref = m.group("ref")
        key = _label(ref if ref else m.group("alt"))
        if key in definitions:
            add(m.start(), m.end(), definitions[key], m.group("alt"), "markdown")
    for start, tag in _img_tags(text):
        src_match = _IMG_SRC.search(tag)
        if src_match is None:
            continue
        src = next(g for g in src_match.group("dq", "sq", "bare") if g is not None)
        alt_match = _IMG_ALT.search(tag)
        alt = next((g for g in alt_match.groups() if g is not None), "") if alt_match else ""
        add(start, start + len(tag), src, alt, "html")
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
