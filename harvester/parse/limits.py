"""Answer length and image count against the generation's limits, counted two ways.

The course's own checker (``report.py check``) counts whitespace-separated tokens after
"Answer:" up to the next ``###``/``##`` and counts only markdown image links; it misfires when
groups change the template. The fair count excludes template text, HTML comments and markup and
also counts ``<img>`` tags. Staff see both; ``ok`` uses the fair count.
"""

from __future__ import annotations

import re

from harvester.parse.lines import strip_comments

_TAG_RE = re.compile(r"<[^<>\n]{0,2000}>")
_WORD_RE = re.compile(r"\w", re.UNICODE)


def fair_words(text: str) -> int:
    """Words a reader sees: no comments, no image/HTML markup, no bare punctuation tokens."""
    text = strip_comments(text)
    text = _strip_md_images(text)
    text = _TAG_RE.sub(" ", text)
    return sum(1 for token in text.split() if _WORD_RE.search(token))


def checker_words(raw: str) -> int:
    """The course checker's count: ``len(answer.split())``."""
    return len(raw.split())


def _image_spans(line: str) -> list[tuple[int, int]]:
    """Spans of ``![...](...)`` in one line as the checker's lazy regex finds them; linear."""
    spans: list[tuple[int, int]] = []
    pos = line.find("![")
    while pos >= 0:
        close = line.find("](", pos + 2)
        if close < 0:
            break
        paren = line.find(")", close + 2)
        if paren < 0:
            break
        spans.append((pos, paren + 1))
        pos = line.find("![", paren + 1)
    return spans


def _strip_md_images(text: str) -> str:
    if "![" not in text:
        return text
    out = []
    for line in text.split("\n"):
        pieces, pos = [], 0
        for start, end in _image_spans(line):
            pieces.append(line[pos:start])
            pos = end
        pieces.append(line[pos:])
        out.append(" ".join(pieces))
    return "\n".join(out)


def checker_images(raw: str) -> int:
    """The course checker's ``re.findall(r"\\!\\[.*?\\]\\(.*?\\)", answer)``, in linear time."""
    return sum(len(_image_spans(line)) for line in raw.split("\n"))


def within(value: int, limit: tuple[int, int] | list[int] | None) -> bool:
    return limit is None or limit[0] <= value <= limit[1]


def _span(limit: tuple[int, int] | list[int]) -> str:
    return f"exactly {limit[0]}" if limit[0] == limit[1] else f"{limit[0]}-{limit[1]}"


def limit_warnings(answer: dict) -> list[dict]:
    """``word_limit``/``image_limit`` warning rows for one answer of the record."""
    out: list[dict] = []
    if not answer["answered"]:
        return out
    q, line = answer["question"], answer["line"]
    words, words_c = answer["words"], answer["words_checker"]
    wl = answer["word_limit"]
    if wl is not None and not (within(words, wl) and within(words_c, wl)):
        out.append(
            {
                "kind": "word_limit",
                "question": q,
                "line": line,
                "detail": f"question {q}: {words} words (course checker counts {words_c}); "
                f"limit {_span(wl)} words",
            }
        )
    images, images_c = answer["images"], answer["images_checker"]
    il = answer["image_limit"]
    if il is not None and not (within(images, il) and within(images_c, il)):
        out.append(
            {
                "kind": "image_limit",
                "question": q,
                "line": line,
                "detail": f"question {q}: {images} images (course checker counts {images_c}); "
                f"expected {_span(il)}",
            }
        )
    return out
