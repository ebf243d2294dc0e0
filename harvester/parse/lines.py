"""A README as lines, with the facts every later step needs: code fences, headings, plain words.

Everything here is linear in the size of the text (no backtracking regexes on whole documents),
because a README can be a 20 MB accident.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$")
_QUOTE_RE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_HEADING_RE = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_NON_WORD_RE = re.compile(r"[\W_]+")
_EMPHASIS_RE = re.compile(r"^[*_\s]+|[*_\s]+$")
# After this many unclosed fences we stop trying to pair fences (guards quadratic rescans).
_MAX_FENCE_RESTARTS = 8
# Lines longer than this are never compared word-by-word with template text.
MAX_FUZZY_CHARS = 2000


def norm(text: str) -> str:
    """Lower-case words separated by single spaces: the form used for all text matching."""
    return _NON_WORD_RE.sub(" ", text.lower()).strip()


def unquote(line: str) -> str:
    """The line without its blockquote markers (``> > text`` -> ``text``)."""
    match = _QUOTE_RE.match(line)
    return line[match.end() :] if match else line


def is_quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def strip_emphasis(text: str) -> str:
    """Drop surrounding ``**``/``*``/``_`` and whitespace (``**Answer:**`` -> ``Answer:``)."""
    return _EMPHASIS_RE.sub("", text)


def content(line: str) -> str:
    """The visible text of a line: no blockquote markers, no surrounding emphasis."""
    return strip_emphasis(unquote(line))


def heading(line: str) -> tuple[int, str] | None:
    """``(level, text)`` for an ATX heading line (``### Question 5`` -> ``(3, 'Question 5')``)."""
    if "#" not in line[:4]:
        return None
    match = _HEADING_RE.match(line)
    if not match:
        return None
    title = (match.group(2) or "").rstrip("#").strip()
    return len(match.group(1)), title


def _fence_open(line: str) -> tuple[str, int] | None:
    match = _FENCE_RE.match(unquote(line).rstrip("\n")) if "`" in line or "~" in line else None
    if not match:
        return None
    marker, info = match.group(1), match.group(2)
    if marker[0] == "`" and "`" in info:  # ```--- inline code ---``` is not a fence
        return None
    return marker[0], len(marker)


def _fence_close(line: str, char: str, length: int) -> bool:
    stripped = unquote(line).strip()
    return len(stripped) >= length and stripped == char * len(stripped)


def fence_mask(lines: list[str]) -> list[bool]:
    """True for every line inside a fenced code block, fence lines included.

    An unclosed fence would swallow the rest of the report (one stray ``` pasted from ChatGPT
    would hide every later question), so an opener that never closes is read as plain text.
    """
    mask = [False] * len(lines)
    start = 0
    restarts = 0
    while start < len(lines):
        open_at = -1
        char, length = "", 0
        i = start
        unclosed = -1
        while i < len(lines):
            line = lines[i]
            if open_at < 0:
                opened = _fence_open(line)
                if opened:
                    open_at = i
                    char, length = opened
            elif _fence_close(line, char, length):
                for k in range(open_at, i + 1):
                    mask[k] = True
                open_at = -1
            i += 1
        if open_at >= 0:
            unclosed = open_at
        if unclosed < 0:
            break
        restarts += 1
        if restarts > _MAX_FENCE_RESTARTS:
            break
        start = unclosed + 1
    return mask


@dataclass
class Doc:
    """The README split into lines, with code-fence mask and a searchable plain-word stream."""

    lines: list[str]
    code: list[bool]
    stream: str = ""
    offsets: list[int] = field(default_factory=list)
    _index: dict[str, list[int]] | None = field(default=None, repr=False)

    @property
    def n(self) -> int:
        return len(self.lines)

    def line_at(self, offset: int) -> int:
        """0-based line index of a character offset in ``stream``."""
        return max(0, bisect_right(self.offsets, offset) - 1)

    def _word_index(self) -> dict[str, list[int]]:
        """Word -> offsets in ``stream`` where it starts (built on first search)."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            pos = 1
            for word in self.stream[1:].split(" "):
                if word:
                    index.setdefault(word, []).append(pos)
                pos += len(word) + 1
            self._index = index
        return self._index

    def find_all(self, phrase: str, limit: int = 8) -> list[int]:
        """0-based lines where ``phrase`` (already normalized) starts, in order."""
        found: list[int] = []
        words = phrase.split(" ") if phrase else []
        if not words:
            return found
        index = self._word_index()
        # anchor the search on the phrase's rarest word, then check the whole phrase there
        k = min(range(len(words)), key=lambda i: len(index.get(words[i], ())))
        shift = sum(len(w) + 1 for w in words[:k])
        needle = phrase + " "
        for pos in index.get(words[k], ()):
            start = pos - shift
            if start < 1 or self.stream[start - 1] != " ":
                continue
            if self.stream.startswith(needle, start):
                line = self.line_at(start)
                if not found or found[-1] != line:
                    found.append(line)
                    if len(found) >= limit:
                        break
        return found


def build_doc(text: str) -> Doc:
    """Split text into lines and index it (code lines are left out of the word stream)."""
    lines = text.split("\n")
    code = fence_mask(lines)
    parts: list[str] = [" "]
    offsets: list[int] = []
    size = 1
    for line, in_code in zip(lines, code, strict=True):
        offsets.append(size)
        words = "" if in_code else norm(line)
        if words:
            parts.append(words)
            parts.append(" ")
            size += len(words) + 1
    return Doc(lines=lines, code=code, stream="".join(parts), offsets=offsets)


def strip_comments(text: str, replacement: str = " ") -> str:
    """Remove HTML comments (an unclosed one hides the rest, as on GitHub), in linear time."""
    if "<!--" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("<!--", pos)
        if start < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:start])
        out.append(replacement)
        end = text.find("-->", start + 4)
        if end < 0:
            break
        pos = end + 3
    return "".join(out)
