"""Shared passages of two answers, sentence by sentence, with character offsets (difflib).

Fingerprints say *that* two answers share text; difflib's SequenceMatcher says *where*, word by
word. Sentences are aligned one pair at a time (each seeded sentence and its neighbours), so a
copy whose sentences were reordered or lightly reworded is still found. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from harvester.similarity.fingerprints import Prepared
from harvester.similarity.settings import Settings

# A seeded sentence pair that is not a near-copy counts only runs of at least this many words.
WEAK_PAIR_MIN_RUN = 3


@dataclass
class Passage:
    """One shared passage: consecutive sentences of A matched with consecutive sentences of B."""

    a_marks: list[tuple[int, int]] = field(default_factory=list)  # token ranges matched in A
    b_marks: list[tuple[int, int]] = field(default_factory=list)
    words: int = 0  # matched words of A that are neither template text nor common phrasing
    informative: int = 0  # of those, neither stopwords nor the question's own words
    b_words: int = 0
    longest_run: int = 0  # longest unbroken run of shared words (common phrasing included)
    rare_run: int = 0  # the same counting only words that are not common phrasing
    close_words: int = 0  # shared words in sentences that are near copies of each other


@dataclass
class Alignment:
    passages: list[Passage]
    shared_words: int
    informative_words: int
    b_shared_words: int
    longest_run: int
    rare_run: int
    close_words: int


def _may_match(a: Prepared, b: Prepared, x: int, y: int, min_ratio: float) -> bool:
    """A cheap upper bound of difflib's ratio from the sentences' word sets (skips most pairs)."""
    words_a, words_b = a.sentence_words[x], b.sentence_words[y]
    (sa, ea), (sb, eb) = a.sentences[x], b.sentences[y]
    common = len(words_a & words_b)
    if not common:
        return False
    repeats = (ea - sa - len(words_a)) + (eb - sb - len(words_b))  # repeated words may match too
    return 2 * common + repeats >= min_ratio * (ea - sa + eb - sb)


def _blocks(
    a: Prepared, b: Prepared, sa: tuple[int, int], sb: tuple[int, int]
) -> tuple[float, list[tuple[int, int, int]]]:
    """(difflib ratio, matching blocks as (a token, b token, size)) of two sentences."""
    matcher = SequenceMatcher(
        None, a.prose.words[sa[0] : sa[1]], b.prose.words[sb[0] : sb[1]], autojunk=False
    )
    blocks = [(sa[0] + m.a, sb[0] + m.b, m.size) for m in matcher.get_matching_blocks() if m.size]
    return matcher.ratio(), blocks


def _counted(a: Prepared, start: int, size: int) -> int:
    return sum(not a.masked(k) for k in range(start, start + size))


def align(a: Prepared, b: Prepared, seeds: list[tuple[int, int]], settings: Settings) -> Alignment:
    """The shared passages of a and b around their shared fingerprints."""
    spans_a, spans_b = a.sentences, b.sentences
    seeded = {(a.sentence_of[pa], b.sentence_of[pb]) for pa, pb in seeds}
    w = settings.sentence_window
    tried = {(x, y) for sx, sy in seeded
             for x in range(max(0, sx - w), min(len(spans_a), sx + w + 1))
             for y in range(max(0, sy - w), min(len(spans_b), sy + w + 1))}  # fmt: skip
    options = []
    for x, y in sorted(tried):
        if (x, y) not in seeded and not _may_match(a, b, x, y, settings.sentence_min_ratio):
            continue
        ratio, blocks = _blocks(a, b, spans_a[x], spans_b[y])
        if ratio < settings.sentence_min_ratio:
            if (x, y) not in seeded:
                continue
            blocks = [bl for bl in blocks if bl[2] >= WEAK_PAIR_MIN_RUN]
        informative = sum(a.informative(k) for ia, _, n in blocks for k in range(ia, ia + n))
        if informative or ratio >= settings.close_ratio:  # a common sentence may join a passage
            options.append((informative, ratio, x, y, blocks))
    used_a: set[int] = set()
    used_b: set[int] = set()
    chosen = []
    for _inf, ratio, x, y, blocks in sorted(options, key=lambda o: (-o[0], -o[1], o[2], o[3])):
        if x in used_a or y in used_b:
            continue
        used_a.add(x)
        used_b.add(y)
        chosen.append((x, y, blocks, ratio >= settings.close_ratio))
    passages = _merge(sorted(chosen), a, b)
    kept = [p for p in passages if p.informative >= settings.passage_min_informative]
    return Alignment(
        kept,
        sum(p.words for p in kept),
        sum(p.informative for p in kept),
        sum(p.b_words for p in kept),
        max((p.longest_run for p in kept), default=0),
        max((p.rare_run for p in kept), default=0),
        sum(p.close_words for p in kept),
    )


def _merge(chosen: list[tuple[int, int, list, bool]], a: Prepared, b: Prepared) -> list[Passage]:
    """Matched sentence pairs that follow each other in both answers form one passage."""
    passages: list[Passage] = []
    last: tuple[int, int] | None = None
    run = rare = 0  # a run goes on across a sentence end when both texts go on
    run_end = (-1, -1)
    for x, y, blocks, close in chosen:
        if last is None or (x, y) != (last[0] + 1, last[1] + 1):
            passages.append(Passage())
            run = rare = 0
        p = passages[-1]
        for ia, ib, n in blocks:
            p.words += _counted(a, ia, n)
            p.b_words += _counted(b, ib, n)
            p.informative += sum(a.informative(k) for k in range(ia, ia + n))
            for start, end in _runs(a, ia, n):  # template words stay unmarked
                b_start = ib + start - ia
                p.a_marks.append((start, end))
                p.b_marks.append((b_start, b_start + end - start))
                counted = _counted(a, start, end - start)
                going_on = (start, b_start) == run_end
                run = run + end - start if going_on else end - start
                rare = rare + counted if going_on else counted
                run_end = (end, b_start + end - start)
                p.longest_run = max(p.longest_run, run)
                p.rare_run = max(p.rare_run, rare)
                if close:
                    p.close_words += end - start
        last = (x, y)
    for p in passages:
        p.b_marks.sort()
    return [p for p in passages if p.a_marks]


def _runs(a: Prepared, start: int, size: int) -> list[tuple[int, int]]:
    """The parts of a matched block outside template text (common phrasing stays in a run)."""
    runs: list[tuple[int, int]] = []
    for k in range(start, start + size):
        if a.template[k]:
            continue
        if runs and runs[-1][1] == k:
            runs[-1] = (runs[-1][0], k + 1)
        else:
            runs.append((k, k + 1))
    return runs
