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


def _verdict(fair: int, checker: int, limit: tuple[int, int] | list[int]) -> str:
    """Which way the answer misses its limit; staff care most about "over"."""
    if fair > limit[1]:
        return "over the limit"
    if fair < limit[0]:
        return "under the limit"
    return "within the limit, but the course checker's count is not"


def limit_warnings(answer: dict) -> list[dict]:
    """``word_limit``/``image_limit`` warning rows for one answer of the record."""
    out: list[dict] = []
    if not answer["answered"]:
        return out
    q, line = answer["question"], answer["line"]
    counts = (
        ("word_limit", "words", answer["words"], answer["words_checker"], answer["word_limit"]),
        (
            "image_limit",
            "images",
            answer["images"],
            answer["images_checker"],
            answer["image_limit"],
        ),
    )
    for kind, unit, fair, checker, limit in counts:
        if limit is None or (within(fair, limit) and within(checker, limit)):
            continue
        out.append(
            {
                "kind": kind,
                "question": q,
                "line": line,
                "detail": f"question {q}: {_verdict(fair, checker, limit)}: {fair} {unit} "
                f"(course checker counts {checker}); limit {_span(limit)} {unit}",
            }
        )
    return out
