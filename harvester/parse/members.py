"""Question 1 (group number) and question 2 (group members).

Q1 answers are a number wrapped in anything ("Group 98", "031", "Awesome 10", "--- 40 ---").
Q2 answers list study numbers (``sNNNNNN``), sometimes with names, GitHub handles or a number that
lost its ``s``; ``members`` keeps every listed member so the staff can compare the count with the
roster, ``study_numbers`` only the well-formed study numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from harvester.parse.fieldtext import drop_emphasis, drop_html_tags, unwrap

_STUDY = re.compile(r"(?<![A-Za-z0-9])[sS]\d{6}(?!\d)")
_BARE_STUDY = re.compile(r"(?<![A-Za-z0-9.,])\d{6}(?![\d.,]?\d)")
_TEMPLATE_STUDY = re.compile(r"(?<![A-Za-z0-9])s[Xx]{6}(?![A-Za-z0-9])", re.I)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,4})(?![\w]|[.,]\d)")
_GROUP_WORD_NUMBER = re.compile(
    r"\b(?:group|team|gruppe|nr|no|number)\b\.?\s*[:#-]?\s*(\d{1,4})\b", re.I
)
# Chunk separators for a one-line list: commas, semicolons, "and", "&", pipes, slashes, tabs.
_SEPARATORS = re.compile(r"\s*(?:[,;|/\t]|\band\b|&)\s*", re.I)
_TABLE_RULE = re.compile(r"^ ?(?:\| ?)?:?-{3,}:? ?(?:\| ?:?-{3,}:? ?)*\|? ?$")
_BULLET = re.compile(r"^\s*(?:[-*+\u2022]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"^[@\w][\w.\-'@]*$", re.UNICODE)
# Words that mark a chunk as a sentence rather than a member's name or handle.
_PROSE = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "are",
        "is",
        "was",
        "were",
        "we",
        "our",
        "us",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "by",
        "from",
        "this",
        "that",
        "these",
        "members",
        "member",
        "group",
        "study",
        "number",
        "numbers",
        "student",
        "students",
        "answer",
        "example",
        "team",
        "all",
        "contributed",
        "equally",
        "see",
        "above",
        "below",
        "following",
        "list",
        "enter",
        "each",
    ]
)


@dataclass(frozen=True)
class Members:
    """Members listed in Q2: ``members`` holds every listed token, study numbers lower-cased."""

    study_numbers: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def _clean(answer: str) -> str:
    text = drop_emphasis(drop_html_tags(unwrap(answer)))
    return _URL.sub(" ", text)


def extract_group_number(answer: str) -> int | None:
    """The group number of a Q1 answer, else None.

    A number right after "group"/"team" wins; otherwise the first standalone 1-4 digit number
    that is not part of a study number, a decimal or a longer word.
    """
    text = re.sub(r"[_\-]+", " ", _STUDY.sub(" ", _clean(answer)))  # "group_12", "team-7"
    match = _GROUP_WORD_NUMBER.search(text)
    if match is not None:
        value = int(match.group(1))
        return value if value > 0 else None
    for match in _NUMBER.finditer(text):
        value = int(match.group(1))
        if value > 0 and not 1990 <= value <= 2099:  # "MLOps 2025" names a year, not a group
            return value
    return None


def _is_name_like(chunk: str) -> bool:
    """A name or handle: 1-4 plain words, none of them sentence glue, not ending with ':'."""
    if not chunk or chunk.endswith(":") or len(chunk) > 60:
        return False
    words = chunk.split()
    if not 1 <= len(words) <= 4:
        return False
    if any(not _WORD.match(w) for w in words):
        return False
    lowered = [w.lower().strip(".") for w in words]
    if any(w in _PROSE for w in lowered):
        return False
    # A lone number that is not a 6-digit study number (e.g. "12") is not a member.
    return not (len(words) == 1 and words[0].isdigit() and len(words[0]) != 6)


def _chunk_members(chunk: str) -> list[str]:
    """Members named in one chunk: its study numbers, else bare 6-digit numbers, else a name."""
    found = [m.group(0).lower() for m in _STUDY.finditer(chunk)]
    if found:
        return found
    bare = [m.group(0) for m in _BARE_STUDY.finditer(chunk)]
    if bare:
        return bare
    name = chunk.strip(" \t.,;:!?()[]{}\"'")
    return [name] if _is_name_like(name) else []


def _drop_table_headers(lines: list[str]) -> list[str]:
    """A markdown table's header row ("| Name | Study number |") and rule row are not members."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _TABLE_RULE.match(line):
            continue
        if index + 1 < len(lines) and _TABLE_RULE.match(lines[index + 1]):
            continue
        kept.append(line)
    return kept


def extract_members(answer: str) -> Members:
    """Study numbers and every listed member of a Q2 answer.

    When several lines each carry a study number, each such line is one member (so
    ``s123456 - Jane Doe, Copenhagen`` stays one); otherwise chunks are split on commas, "and",
    semicolons, bullets and line breaks. The template's ``sXXXXXX`` example never counts.
    """
    text = _TEMPLATE_STUDY.sub(" ", _clean(answer))
    lines = [_BULLET.sub("", line).strip() for line in _drop_table_headers(text.split("\n"))]
    lines = [line for line in lines if line]
    numbered_lines = [line for line in lines if _STUDY.search(line)]
    chunks: list[str] = []
    for line in lines:
        if len(numbered_lines) >= 2 and _STUDY.search(line) and len(_STUDY.findall(line)) == 1:
            chunks.append(line)
        else:
            chunks.extend(c for c in _SEPARATORS.split(line) if c)
    members: list[str] = []
    seen: set[str] = set()
    for chunk in chunks:
        for member in _chunk_members(chunk.strip()):
            if member.lower() not in seen:
                seen.add(member.lower())
                members.append(member)
    study = [m for m in members if _STUDY.fullmatch(m)]
    return Members(study_numbers=study, members=members)
