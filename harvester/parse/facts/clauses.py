"""Clause-level reading of a service mention: used, not used, tried and failed, only compared,
or named as a future replacement.

A careful reader counts "We played around with Vertex AI but never got it to work" as not used,
"Cloud Run is cheaper than Compute Engine" as a comparison for Compute Engine, and "next time we
would replace the VM with Cloud Run" as a plan. These cues are read from the mention's clause
and its neighbour (a "but ..." clause that finishes the thought), never from the whole answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

USED = "used"
NOT_USED = "not_used"
TRIED_FAILED = "tried_failed"
COMPARED = "compared"
FUTURE = "future"
STATUSES = (USED, NOT_USED, TRIED_FAILED, COMPARED, FUTURE)

_CLAUSE_CUT = re.compile(
    r"[,;:()]|\s(?:but|however|whereas|while|although|though|so|since|because|and then|which)\s",
    re.I,
)
_TRIED = re.compile(
    r"\b(?:tried|try(?:ing)?|attempt(?:ed|ing)?|experiment(?:ed|ing)?|played(?: around)? with|"
    r"toyed with|tested out|fiddled with|looked into|explored)\b",
    re.I,
)
_FAILED = re.compile(
    r"\b(?:never (?:got|managed|worked|succeeded|became)|could(?:n'?t| not)|"
    r"did(?:n'?t| not) (?:work|manage|succeed|get|make)|unsuccessful(?:ly)?|without success|"
    r"failed|gave up|to no avail|no luck|was(?:n'?t| not) able|were(?:n'?t| not) able|unable|"
    r"(?:does|do|did)(?:n'?t| not) work|not working|never working)\b",
    re.I,
)
# "we never got Cloud Run to work", "could not get the VM working": the object failed
_FAIL_AROUND = re.compile(
    r"\b(?:never|could(?:n'?t| not)|did(?:n'?t| not)|(?:was|were)(?:n'?t| not) able to|"
    r"unable to|failed to)\s+(?:manage(?:d)? to\s+|succeed(?:ed)? in\s+)?(?:get|make|got|getting)"
    r"\s+(?P<obj>[^,.;]{1,60}?)\s+(?:to\s+)?work",
    re.I,
)
_COMPARED = re.compile(
    r"\b(?:compared (?:to|with)|in comparison (?:to|with)|as opposed to|unlike|versus|vs\.?|"
    r"(?:cheaper|faster|slower|easier|harder|simpler|better|worse|more \w+|less \w+) than|"
    r"similar to|equivalent (?:to|of)|(?:an )?alternative to|(?:google|gcp)'?s? (?:version|"
    r"equivalent|answer) (?:of|to))\s+(?:the\s+|a\s+|an\s+)?$",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:in the future|future (?:work|improvements?|versions?|iterations?)|next (?:step|time|"
    r"iteration|version)|(?:we|i)\s+(?:would|will|could|might|should|plan to|are planning to|"
    r"intend to|hope to|want to|would like to)(?:\s+(?:have\s+)?\w+){0,3}|plan(?:ned|ning)? to|"
    r"replac\w*\s+(?:it|them|this|that|\w+(?:\s+\w+){0,2})\s+(?:with|by))\b",
    re.I,
)


# "we could replace Compute Engine with Cloud Run": what is replaced is what is in use
_REPLACED = re.compile(r"\breplac\w*\s+(?:the\s+|our\s+)?$", re.I)


@dataclass(frozen=True)
class Reading:
    """How one mention reads: its status and the words that decided it (None for plain use)."""

    status: str
    cue: str | None = None


def _clauses(sentence: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    left = 0
    for cut in _CLAUSE_CUT.finditer(sentence):
        if re.search(r"\w", sentence[left : cut.start()]):
            bounds.append((left, cut.start()))
            left = cut.end()
    bounds.append((left, len(sentence)))
    return bounds


def read_mention(sentence: str, start: int, end: int) -> Reading:
    """The doubt a sentence casts on the mention at ``sentence[start:end]``, if any.

    Plain negation ("we did not use X") is read by the services extractor itself; this adds
    the softer classes a regex list used to miss.
    """
    for around in _FAIL_AROUND.finditer(sentence):
        if around.start("obj") <= start and end <= around.end("obj"):
            return Reading(TRIED_FAILED, around.group(0))
    before = sentence[max(0, start - 60) : start]
    if _REPLACED.search(before):
        return Reading(USED)
    compared = _COMPARED.search(before)
    if compared:
        return Reading(COMPARED, compared.group(0).strip())
    clauses = _clauses(sentence)
    index = next((i for i, (a, b) in enumerate(clauses) if a <= start <= b), len(clauses) - 1)
    own = sentence[clauses[index][0] : clauses[index][1]]
    window = sentence[clauses[max(0, index - 1)][0] : clauses[min(len(clauses) - 1, index + 1)][1]]
    tried = _TRIED.search(own) or _TRIED.search(window)
    failed = _FAILED.search(window)
    if tried and failed and (_TRIED.search(own) or _FAILED.search(own)):
        return Reading(TRIED_FAILED, f"{tried.group(0)} ... {failed.group(0)}")
    future = _FUTURE.search(sentence[clauses[index][0] : start])
    if future:
        return Reading(FUTURE, future.group(0))
    return Reading(USED)
