"""Question 8: the total code coverage percent.

Q8 answers state one total ("The total code coverage is 82%") among many distractors: per-file
tables and percentages, "the remaining 35%", and the 100% the question itself invites ("even with
100% coverage..."). Each percentage gets a score from its sentence; the best one wins, and when
no percentage can be read as the total (only per-module values, or a range such as "35-40%")
the answer is None: a wrong number is worse than none for grading.

:func:`read_coverage` also says where the number was read and how sure the reading is: a value
with no "coverage"/"total" near it, one of several, one next to a misspelt key word
("totla covrage") or a total stated over the test files rather than the code is low-confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from harvester.parse.facts.fact import Fact
from harvester.parse.facts.keywords import MARK, correct_keywords
from harvester.parse.fieldtext import bounded_pieces, drop_emphasis, drop_html_tags, unwrap

_IMAGE_OR_LINK_TARGET = re.compile(r"!?\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_PERCENT = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|percent\b|pct\b)", re.I)
# "35-40%", "35 % - 40 %", "35 to 40%": the left end; "between 95% and 100%": both ends.
_RANGE_AFTER = re.compile(r"\s*%?\s*(?:-|\u2013|\u2014|to)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*%?\s*(?:-|\u2013|\u2014|to)\s*$")
_BETWEEN = re.compile(r"\b(?:between|from)\s+\d[\d.,]*\s*%?\s*(?:and|to|-)\s*$", re.I)
_BETWEEN_LEFT = re.compile(r"\b(?:between|from)\s+$", re.I)
_RANGE_AND_AFTER = re.compile(r"\s*(?:and|to|-|\u2013)\s*\d", re.I)
_REMAINDER = re.compile(r"\b(?:remaining|rest|other|uncovered|missing|untested|left)\s*(?:of\s*)?$")
_TOTAL = re.compile(r"\b(?:total|overall|average|entire|whole|combined|all (?:of )?our)\b", re.I)
_COVER = re.compile(r"\bcover\w*|\bcovereage\b", re.I)
# A file name marks a per-file value, but the tool's own name ("coverage.py") does not.
_PART = re.compile(
    r"(?<!coverage)\.py\b|\bfiles?\b|\bmodules?\b|\bfolders?\b|\bfunctions?\b|\bclass(?:es)?\b|\bscripts?\b",
    re.I,
)
# "across all source files", "of the src folder": the scope of a total, not a part of it.
_SCOPE = re.compile(
    r"\b(?:across|in|on|for|of|over|including|includes)\s+"
    r"(?:all|every|the entire|the whole|the|our)?"
    r"\s*(?:of\s+)?(?:our\s+|the\s+)?(?:two|three|four|five|\d|several|both)?\s*"
    r"(?:src|source|core|python|project|test|unit test|pytest)?\s*(?:code\s*)?"
    r"(?:files?|modules?|folders?|directory|directories|code ?base|package)\b",
    re.I,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:if|even|would|could|should|were|guarantee\w*|trust\w*|achiev(?:e|es|ing)|strive|aim\w*|goal|"
    r"target\w*|reach(?:es|ing)?|ideal\w*|close to|far from|not at|less than|below|under|"
    r"far(?:\s+\w+){1,3}\s+from|ways? (?:away )?from|away from|short of|"
    r"mean|means|equals?|require\w*|threshold|minimum|fail[_ ]under)\b",
    re.I,
)
_HYPOTHETICAL_BEFORE = re.compile(
    r"\b(?:if|even|would|could|should|aim\w*|goal|target\w*|threshold|minimum|require\w*|"
    r"fail[_ ]under)\b",
    re.I,
)
# "calculated on the two test scripts", "the coverage of our test files": the tests' own total
_TEST_SCOPE = re.compile(
    r"\b(?:test|unit test|pytest)\w*\s+(?:scripts?|files?|modules?|suites?|folders?)\b"
    r"|\b(?:scripts?|files?|folder) (?:of|in|under) (?:the |our )?tests?\b",
    re.I,
)
_GENERIC_PART = re.compile(r"^\W*(?:the\s+|our\s+)?(?:\w+\s+)?(?:scripts?|files?|modules?)\b", re.I)
_TOTAL_LINE = re.compile(r"^(?:total|sum)\b.*\d\s*%\s*$", re.I)
_REPORT_LINE = re.compile(r"\S\.py\b.*\d\s*%\s*$")
_MAX_CANDIDATES = 200
_LINE_WEIGHT = 100_000  # orders candidates by line/sentence first, then by offset
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_CLAUSE_SPLIT = re.compile(r"[,;:()]|\s(?:but|while|whereas|which|though|however)\s", re.I)


@dataclass(frozen=True)
class _Candidate:
    value: float
    score: int
    position: int
    words: str = ""
    context: str = ""
    rule: str = "coverage.sentence"
    doubts: tuple[str, ...] = ()


def _normalise(answer: str) -> str:
    text = unwrap(answer)
    text = _IMAGE_OR_LINK_TARGET.sub(" ", text)
    text = _URL.sub(" ", text)
    text = drop_emphasis(drop_html_tags(text))
    text = correct_keywords(text.replace("\\%", "%").replace("\\", ""))
    # "[86]%" (a template blank filled in) -> "86%"
    return re.sub(r"\[\s*(\d{1,3}(?:[.,]\d+)?)\s*\]\s*%", r"\1%", text)


def _value(raw: str) -> float | None:
    value = float(raw.replace(",", "."))
    return value if 0 <= value <= 100 else None


def _table_candidates(line: str, position: int) -> list[_Candidate]:
    """A table or coverage-report row: only a TOTAL row counts, and its last percentage."""
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    first = cells[0] if cells else ""
    if not re.match(r"^(?:total|sum|all)\b", first, re.I):
        return []
    found = list(_PERCENT.finditer(line))
    if not found:
        return []
    value = _value(found[-1].group(1))
    if value is None:
        return []
    return [_Candidate(value, 3, position, found[-1].group(0), line, "coverage.total_row")]


def _clause_bounds(
    starts: list[int], ends: list[int], length: int, start: int, end: int
) -> tuple[int, int]:
    """The clause around a match: the sentence cut at commas, brackets and 'but'/'which'..."""
    index = bisect_right(ends, start)
    left = ends[index - 1] if index else 0
    index = bisect_left(starts, end)
    return left, starts[index] if index < len(starts) else length


def _sentence_candidates(
    sentence: str, position: int, tests_scope: bool = False
) -> list[_Candidate]:
    """Score the percentages of one sentence; drop ranges, remainders and hypotheticals."""
    matches = list(_PERCENT.finditer(sentence))
    if not matches:
        return []
    cuts = list(_CLAUSE_SPLIT.finditer(sentence))
    starts, ends = [c.start() for c in cuts], [c.end() for c in cuts]
    hypothetical = bool(_HYPOTHETICAL.search(sentence))
    # Each "total"/"overall" word belongs to the percentage nearest to it.
    keyword_of: dict[int, re.Match[str]] = {}
    for keyword in _TOTAL.finditer(sentence):
        closest = min(
            matches,
            key=lambda m, k=keyword: min(abs(m.start() - k.end()), abs(k.start() - m.end())),
        )
        keyword_of.setdefault(closest.start(), keyword)
    kept: list[tuple[re.Match[str], float, bool]] = []
    for match in matches:
        value = _value(match.group(1))
        if value is None:
            continue
        before = sentence[max(0, match.start() - 120) : match.start()]
        after = sentence[match.end() : match.end() + 40]
        if _RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before) or _BETWEEN.search(before):
            continue
        if _BETWEEN_LEFT.search(before) and _RANGE_AND_AFTER.match(after):
            continue
        if _REMAINDER.search(before.lower()):
            continue
        left, right = _clause_bounds(starts, ends, len(sentence), match.start(), match.end())
        clause_before = sentence[left : match.start()]
        keyword = keyword_of.get(match.start())
        total = keyword is not None and left <= keyword.start() < right
        over_tests = False
        if keyword is not None and total:
            # "the total coverage of model.py is 90%": a part named between keyword and value
            between = sentence[
                min(keyword.end(), match.start()) : max(keyword.start(), match.end())
            ]
            total = not _PART.search(_SCOPE.sub(" ", between))
            # "the total coverage of the two scripts is 100%" where the answer says the scripts
            # are its test files: the tests' total is the only total stated
            generic = re.search(r"\b(?:scripts?|files?|modules?)\b", between, re.I)
            if tests_scope and generic and not re.search(r"\.py\b", between):
                total = over_tests = True
        if _HYPOTHETICAL_BEFORE.search(clause_before):
            continue
        if value >= 99.5 and hypothetical and not total:
            continue
        if value >= 99.5 and _HYPOTHETICAL.search(clause_before):
            continue
        kept.append((match, value, total, over_tests))
    several = len({value for _, value, _, _ in kept}) > 1
    per_part = bool(_PART.search(_SCOPE.sub(" ", sentence)))
    covers = bool(_COVER.search(sentence))
    tests = covers or bool(re.search(r"\btest", sentence, re.I))
    out: list[_Candidate] = []
    for match, value, total, over_tests in kept:
        if not total and (several or per_part):
            continue  # a list of per-part values ("api 40%, data 60%") is not the total
        score = 2 if total and tests else 1 if covers else 0
        doubts: list[str] = []
        if over_tests:
            doubts.append("a total stated over the test files, not over the code")
        if MARK in sentence[max(0, match.start() - 80) : match.end() + 40]:
            doubts.append("a misspelt key word next to the percentage")
        rule = "coverage.total" if total else "coverage.sentence"
        out.append(
            _Candidate(
                value,
                score,
                position + match.start(),
                match.group(0),
                sentence.replace(MARK, ""),
                rule,
                tuple(doubts),
            )
        )
    return out


def extract_coverage(answer: str) -> float | None:
    """The total coverage percent stated in a Q8 answer, else None."""
    return read_coverage(answer).value


def read_coverage(answer: str) -> Fact:
    """The total coverage percent of a Q8 answer as a :class:`Fact` (value None if unread)."""
    text = _normalise(answer)
    tests_scope = bool(_TEST_SCOPE.search(text))
    candidates: list[_Candidate] = []
    prose: list[str] = []
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        short = len(stripped) <= 500
        if stripped.startswith("|") or (short and _TOTAL_LINE.match(stripped)):
            candidates.extend(_table_candidates(stripped, number * _LINE_WEIGHT))
            prose.append("")
        elif short and _REPORT_LINE.search(stripped):
            prose.append("")  # a per-file line of a plain-text coverage report
        else:
            prose.append(line)
    for index, sentence in enumerate(bounded_pieces("\n".join(prose), _SENTENCE_END)):
        if len(candidates) >= _MAX_CANDIDATES:
            break  # a real answer states a few dozen percentages at most
        candidates.extend(_sentence_candidates(sentence, index * _LINE_WEIGHT, tests_scope))
    if not candidates:
        return _unread(text)
    best = max(c.score for c in candidates)
    chosen = [c for c in candidates if c.score == best]
    values = sorted({c.value for c in chosen})
    if best == 0 and len(values) > 1:
        fact = Fact(None, "coverage.none_defensible")
        fact.candidates = [f"{v:g}%" for v in values]
        return fact.doubt("several percentages, none stated as the total")
    pick = min(chosen, key=lambda c: c.position)
    fact = Fact(pick.value, pick.rule, pick.words, pick.context)
    for doubt in pick.doubts:
        fact.doubt(doubt)
    if best == 0:
        fact.doubt("no 'coverage' or 'total' near the percentage")
    if len(values) > 1:
        fact.candidates = [f"{v:g}%" for v in values if v != pick.value]
        fact.doubt("several totals are stated")
    return fact


def _unread(text: str) -> Fact:
    """No total: a low-confidence None when the answer still shows percentages."""
    seen = sorted({m.group(0).strip() for m in _PERCENT.finditer(text)})[:8]
    fact = Fact(None, "coverage.none")
    if seen:
        fact.candidates = seen
        fact.doubt("percentages are given, but none reads as the total")
    return fact
