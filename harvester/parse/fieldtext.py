"""Shared clean-up for the per-answer field extractors.

The parser core hands each extractor the group's markdown for one answer, with the template text
mostly removed. Students still leave wrappers around their text (the placeholder dashes
``--- ... ---``, blockquote markers, a stray ``Answer:`` line, HTML comments, emphasis). The
extractors read *facts* from the text, so they first reduce it to plain lines with these helpers.
Every function here is pure and linear in the input size.
"""

from __future__ import annotations

import re

# An HTML comment; an unclosed one hides the rest of the text, as on GitHub.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_PLACEHOLDER = re.compile(r"-{2,}\s*question\s+\d+\s+fill\s+here\s*-{2,}", re.I)
_BLOCKQUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+", re.M)
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+question\b.*$", re.I | re.M)
_ANSWER_LABEL = re.compile(r"^[ \t]*[*_]*answer[*_]*[ \t]*:[*_]*[ \t]*", re.I | re.M)
# Placeholder dashes at the start/end of a line (not table rules, which start with a pipe).
_LEAD_DASHES = re.compile(r"^[ \t]*-{3,}[ \t]*", re.M)
_TRAIL_DASHES = re.compile(r"[ \t]*-{3,}[ \t]*$", re.M)
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")


def strip_comments(text: str) -> str:
    """Remove HTML comments: they do not render, so nothing inside them was 'written'."""
    return _COMMENT.sub(" ", text)


def unwrap(text: str) -> str:
    """Plain answer text: no comments, placeholders, blockquote markers, dashes or labels.

    Line structure is kept (extractors use lines as list items), so this never joins lines.
    """
    text = strip_comments(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _PLACEHOLDER.sub(" ", text)
    text = _BLOCKQUOTE.sub("", text)
    text = _HEADING.sub("", text)
    text = _ANSWER_LABEL.sub("", text)
    text = _LEAD_DASHES.sub("", text)
    return _TRAIL_DASHES.sub("", text)


def drop_html_tags(text: str) -> str:
    """Replace HTML tags by a space (their text content stays)."""
    return _HTML_TAG.sub(" ", text)


def drop_emphasis(text: str) -> str:
    """Remove markdown emphasis and code markers that glue onto words (``**35%**``, ``*s1*``)."""
    return re.sub(r"[*`~]+", "", text)


def bounded_pieces(text: str, splitter: re.Pattern[str], limit: int = 800) -> list[str]:
    """`text` split by `splitter`, with any piece longer than `limit` cut at whitespace.

    Real sentences are far shorter; the cap keeps per-sentence scoring linear in the input
    even for hostile text with no sentence ends.
    """
    pieces: list[str] = []
    for piece in splitter.split(text):
        while len(piece) > limit:
            cut = piece.rfind(" ", limit // 2, limit)
            cut = limit if cut < 0 else cut
            pieces.append(piece[:cut])
            piece = piece[cut:]
        pieces.append(piece)
    return pieces
