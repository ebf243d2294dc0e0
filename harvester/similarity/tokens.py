"""An answer's markdown → word tokens with character offsets, prose and code kept apart.

Pure. Offsets index the answer text as stored in record.json, so a shared passage found on tokens
is shown on the very characters the students wrote. Code (fenced or inline), command lines, URLs,
link targets and HTML tags are "code": counted apart, never scored as prose, since groups share
commands and package names legitimately.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
FENCE_RE = re.compile(r"^[ \t>]*(```|~~~)[^\n]*\n.*?(?:^[ \t>]*\1[^\n]*$|\Z)", re.M | re.S)
INLINE_CODE_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1", re.S)
URL_RE = re.compile(r"https?://[^\s)>\]]+|www\.[^\s)>\]]+")
LINK_TARGET_RE = re.compile(r"\]\([^)\n]*\)")
HTML_TAG_RE = re.compile(r"</?[A-Za-z][^>\n]*>")
LINE_RE = re.compile(r"^[ \t]*(?:[-*+>][ \t]+|\d+[.)][ \t]+)?(?:\$[ \t]*)?(.*)$", re.M)
BREAK_RE = re.compile(r"[.!?;:](?=\s)|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]")
COMMAND_MAX_WORDS = 12


@dataclass
class Tokens:
    """Word tokens of one kind (prose or code) of one answer, in text order."""

    words: list[str] = field(default_factory=list)  # lower-cased
    starts: list[int] = field(default_factory=list)  # character offsets in the answer text
    ends: list[int] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)  # sentence number of each token

    def __len__(self) -> int:
        return len(self.words)

    def sentence_spans(self) -> list[tuple[int, int]]:
        """(first token, one past the last token) of each sentence, in order."""
        spans: list[tuple[int, int]] = []
        for i, s in enumerate(self.sentences):
            if spans and self.sentences[spans[-1][0]] == s:
                spans[-1] = (spans[-1][0], i + 1)
            else:
                spans.append((i, i + 1))
        return spans


def _is_command(line: str, command_words: frozenset[str], stopwords: frozenset[str]) -> bool:
    words = line.split()
    if len(words) < 2 or len(words) > COMMAND_MAX_WORDS or line.rstrip().endswith((".", "!", "?")):
        return False
    return words[0].lower() in command_words and words[1].lower().strip(",") not in stopwords


def code_spans(
    text: str, command_words: frozenset[str], stopwords: frozenset[str]
) -> list[tuple[int, int]]:
    """Sorted, merged character ranges of the answer that are code, commands, URLs or markup."""
    spans = [m.span() for rx in (FENCE_RE, INLINE_CODE_RE, URL_RE, LINK_TARGET_RE, HTML_TAG_RE)
             for m in rx.finditer(text)]  # fmt: skip
    for m in LINE_RE.finditer(text):
        if _is_command(m.group(1), command_words, stopwords):
            spans.append(m.span(1))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def tokenize(
    text: str, command_words: frozenset[str], stopwords: frozenset[str]
) -> tuple[Tokens, Tokens]:
    """(prose tokens, code tokens) of an answer; sentences break at end marks, blank lines,
    list items and code, so a reordered copy is still found sentence by sentence."""
    spans = code_spans(text, command_words, stopwords)
    span_starts = [s for s, _ in spans]
    breaks = [m.start() for m in BREAK_RE.finditer(text)]
    breaks += [p for span in spans for p in span]
    breaks.sort()
    prose, code = Tokens(), Tokens()
    for m in WORD_RE.finditer(text):
        k = bisect.bisect_right(span_starts, m.start()) - 1
        target = code if k >= 0 and m.start() < spans[k][1] else prose
        target.words.append(m.group().lower().replace("’", "'"))
        target.starts.append(m.start())
        target.ends.append(m.end())
        target.sentences.append(bisect.bisect_right(breaks, m.start()))
    return prose, code
