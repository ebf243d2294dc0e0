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
_BLANK_RUN = re.compile(r"[ \t\f\v\u00a0]{2,}")
_EXAMPLE_LABEL = re.compile(r"^[*_]*example[*_]*\s*:?[*_]*\s*$", re.I)
_LENGTH_HINT = re.compile(r"^[*_]*(?:recommended\s+)?answer\s+length\s*:", re.I)
_BOLD_LINE = re.compile(r"^\*\*[^\n]*\*\*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,500}>")


def strip_comments(text: str) -> str:
    """Remove HTML comments: they do not render, so nothing inside them was 'written'."""
    return _COMMENT.sub(" ", text)


def drop_template_scaffolding(text: str) -> str:
    """Remove the template's own question scaffolding if it was left in an answer.

    Every template question is a blockquote: a bold question line, "Recommended answer length",
    then "Example:" followed by an italic example answer, then "Answer:". The example in
    particular names services, amounts and percentages that the group did not write.
    """
    kept: list[str] = []
    in_example = False
    for line in text.split("\n"):
        quoted = line.lstrip().startswith(">")
        body = line.strip().lstrip(">").strip()
        if _ANSWER_LABEL.match(body):
            in_example = False
        elif _EXAMPLE_LABEL.match(body):
            in_example = True
            continue
        if in_example and (quoted or body.startswith(("*", "_"))) and body:
            continue
        in_example = in_example and (quoted or not body)
        if _LENGTH_HINT.match(body) or (quoted and _BOLD_LINE.match(body)):
            continue
        kept.append(line)
    return "\n".join(kept)


def unwrap(text: str) -> str:
    """Plain answer text: no comments, placeholders, blockquote markers, dashes or labels.

    Line structure is kept (extractors use lines as list items), so this never joins lines.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One blank per run: long runs of spaces would make "\s*"-style patterns quadratic.
    text = _BLANK_RUN.sub(lambda m: "\t" if "\t" in m.group(0) else " ", text)
    text = strip_comments(text)
    text = drop_template_scaffolding(text)
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
