"""Student markdown → HTML (not yet sanitized) with python-markdown.

Reports are written for GitHub's renderer; python-markdown follows the original markdown rules,
which differ in two ways students hit constantly: a list needs a blank line before it, and nested
list items need 4 spaces of indentation (GitHub accepts 2). `gfm_compat` rewrites just those two
things, outside fenced code, so the staff see roughly what the group saw on GitHub.

The output still contains the student's raw HTML: always pass it through `sanitize_html` next.
"""

from __future__ import annotations

import html
import re
import threading

import markdown

EXTENSIONS = ("tables", "fenced_code", "sane_lists")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^( *)([-*+]|\d{1,9}\.)( +|$)")
_BLOCK_START = re.compile(r"^ {0,3}(#|>|\||<|```|~~~|-{3,}\s*$|={3,}\s*$)")

_local = threading.local()


def _converter() -> markdown.Markdown:
    """One Markdown instance per thread: building one costs more than converting a page."""
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
        _local.md = md
    return md


def gfm_compat(text: str) -> str:
    """Insert the blank line before a list and widen 2-space list nesting to python-markdown's 4."""
    out: list[str] = []
    fence: str | None = None
    prev = "blank"  # blank | text | item | other
    in_list = False
    indents: list[int] = []
    for line in text.split("\n"):
        fence_match = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            closing = fence_match.group(1) if fence_match else ""
            if closing[:1] == fence[0] and len(closing) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            out.append(line)
            prev, in_list = "other", False
            continue
        if not line.strip():
            out.append(line)
            prev = "blank"
            continue
        item = _ITEM.match(line)
        if item and _can_start_or_continue(item, prev, in_list):
            indent = len(item.group(1))
            if not in_list:
                if prev == "text":
                    out.append("")
                indents = [indent]
            else:
                if indent > indents[-1] + 1:
                    indents.append(indent)
                else:
                    while len(indents) > 1 and indent < indents[-1] - 1:
                        indents.pop()
            depth = len(indents) - 1
            out.append(" " * (4 * depth) + line[indent:])
            prev, in_list = "item", True
            continue
        if in_list and prev == "blank" and not line.startswith(" "):
            in_list = False
        out.append(line)
        prev = "other" if _BLOCK_START.match(line) else "text"
    return "\n".join(out)


def _can_start_or_continue(item: re.Match[str], prev: str, in_list: bool) -> bool:
    """Like GitHub: inside a list any item counts; after a paragraph only `-`, `*`, `+` or `1.`."""
    if in_list:
        return True
    if len(item.group(1)) > 3:  # 4+ spaces outside a list is an indented code block
        return False
    if prev != "text":
        return True
    marker = item.group(2)
    return not marker[0].isdigit() or marker == "1."


# python-markdown's link/image parsing is quadratic in the number of `[` (4,000 take ~5 s), so a
# pathological answer is shown as plain text instead of stalling the whole cohort's export.
# Real answers (≤ 400 words) stay far below both limits.
MAX_MARKDOWN_CHARS = 200_000
MAX_OPEN_BRACKETS = 600


def render_markdown(text: str) -> str:
    """Render one answer's markdown to an HTML fragment (unsanitized: raw HTML passes through)."""
    if not text or not text.strip():
        return ""
    if len(text) > MAX_MARKDOWN_CHARS or text.count("[") > MAX_OPEN_BRACKETS:
        return (
            "<p><em>This answer is too large or too complex to render as markdown; "
            "it is shown as plain text.</em></p><pre>" + html.escape(text) + "</pre>"
        )
    md = _converter()
    try:
        return md.reset().convert(gfm_compat(text.replace("\r\n", "\n").replace("\r", "\n")))
    except Exception:  # a markdown bug must not lose the answer: show it as plain text
        return "<pre>" + html.escape(text) + "</pre>"
