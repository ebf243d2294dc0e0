"""Flagged pairs of answers: per question, fingerprints → candidates → passages → strength.

Pure: answers in, JSON-able pair dicts out (the contract of pairs.json / pairs.csv).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from difflib import SequenceMatcher
from typing import Any

from harvester.similarity.answers import Answer
from harvester.similarity.fingerprints import Prepared, candidate_pairs, prepare, shared_seeds
from harvester.similarity.passages import Alignment, Passage, align
from harvester.similarity.score import flagged, reasons, strength, strength_parts
from harvester.similarity.settings import Settings
from harvester.similarity.templates import TemplateText


def side_key(cohort: str, group: str) -> tuple:
    """Sort order of a pair's sides: cohort, then group ids as numbers where they are numbers."""
    return (cohort, 0, int(group), "") if group.isdigit() else (cohort, 1, 0, group)


def pair_id(key: str, a: Answer, b: Answer) -> str:
    """Stable across re-harvests: question key + cohort/group of each side, sides sorted."""
    first, second = sorted((a, b), key=lambda x: side_key(x.cohort, x.group))
    return f"{key}|{first.cohort}|{first.group}|{second.cohort}|{second.group}"


# Below this many answers one process is faster than starting workers.
PARALLEL_FROM = 2000


def find_pairs(
    answers: list[Answer],
    template: TemplateText,
    settings: Settings,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> list[dict[str, Any]]:
    """Every flagged pair, strongest first (then by pair id, so the order is stable).

    Questions are independent, so they are checked in `jobs` processes (default: the CPUs this
    process may use) when there is enough work.
    """
    by_key: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_key[a.key].append(a)
    tasks = [(key, group) for key, group in by_key.items() if any(a.new for a in group)]
    tasks.sort(key=lambda t: -len(t[1]))  # biggest first: workers finish together
    jobs = jobs or len(os.sched_getaffinity(0))
    results: dict[str, tuple[list[dict[str, Any]], int]] = {}

    def done(key: str, result: tuple[list[dict[str, Any]], int]) -> None:
        results[key] = result
        if progress:
            progress(
                f"similarity: {len(results)}/{len(tasks)} {key}: {len(by_key[key])} answers, "
                f"{result[1]} pairs aligned, {len(result[0])} flagged"
            )

    if jobs > 1 and len(answers) >= PARALLEL_FROM and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
            futures = {pool.submit(question_pairs, g, template, settings): k for k, g in tasks}
            for future in as_completed(futures):
                done(futures[future], future.result())
    else:
        for key, group in tasks:
            done(key, question_pairs(group, template, settings))
    pairs = [pair for key in sorted(results) for pair in results[key][0]]
    pairs.sort(key=lambda p: (-p["strength"], p["pair_id"]))
    return pairs


def question_pairs(
    answers: list[Answer], template: TemplateText, settings: Settings
) -> tuple[list[dict[str, Any]], int]:
    """(flagged pairs, pairs aligned) among the answers to one question."""
    items = [prepare(a, template, settings) for a in answers]
    candidates = candidate_pairs(items, settings)
    found = [_pair(items[i], items[j], seeds, settings) for i, j, seeds in candidates]
    return [p for p in found if p is not None], len(candidates)


def _pair(a: Prepared, b: Prepared, seeds: int, s: Settings) -> dict[str, Any] | None:
    if side_key(a.answer.cohort, a.answer.group) > side_key(b.answer.cohort, b.answer.group):
        a, b = b, a
    al = align(a, b, shared_seeds(a, b), s)
    if not al.passages:
        return None
    share_a = al.shared_words / max(1, len(a.prose))
    share_b = al.b_shared_words / max(1, len(b.prose))
    parts = strength_parts(al, share_a, share_b, s)
    value = strength(parts, s)
    if not flagged(al, value, s):
        return None
    code_words = _code_shared(a, b, s.ngram)
    names = (_name(a.answer), _name(b.answer))
    return {
        "pair_id": pair_id(a.answer.key, a.answer, b.answer),
        "key": a.answer.key,
        "kind": "new-new" if a.answer.new and b.answer.new else "new-old",
        "strength": value,
        "parts": {k: round(v, 3) for k, v in parts.items()},
        **_side("a", a.answer),
        **_side("b", b.answer),
        "shared_words": al.shared_words,
        "informative_words": al.informative_words,
        "share_a": round(share_a, 3),
        "share_b": round(share_b, 3),
        "longest_run": al.longest_run,
        "close_words": al.close_words,
        "passages_count": len(al.passages),
        "code_shared_words": code_words,
        "seeds": seeds,
        "excerpt": _excerpt(a, al, s.excerpt_chars),
        "reasons": reasons(al, names, (share_a, share_b), parts, value, code_words, s),
        "passages": [_passage_json(p, a, b) for p in al.passages],
    }


def _name(a: Answer) -> str:
    return f"group {a.group} ({a.cohort})"


def _side(tag: str, a: Answer) -> dict[str, Any]:
    return {f"question_{tag}": a.question, f"cohort_{tag}": a.cohort, f"group_{tag}": a.group,
            f"new_{tag}": a.new, f"text_{tag}": a.text}  # fmt: skip


def _chars(p: Prepared, marks: list[tuple[int, int]]) -> list[list[int]]:
    """Token ranges → character ranges of the answer text, adjacent ones joined."""
    out: list[list[int]] = []
    for start, end in marks:
        span = [p.prose.starts[start], p.prose.ends[end - 1]]
        if out and out[-1][1] >= span[0] - 1:
            out[-1][1] = max(out[-1][1], span[1])
        else:
            out.append(span)
    return out


def _passage_json(p: Passage, a: Prepared, b: Prepared) -> dict[str, Any]:
    a_marks, b_marks = _chars(a, p.a_marks), _chars(b, p.b_marks)
    return {
        "a": [a_marks[0][0], a_marks[-1][1]],
        "b": [b_marks[0][0], b_marks[-1][1]],
        "a_marks": a_marks,
        "b_marks": b_marks,
        "words": p.words,
        "informative": p.informative,
        "longest_run": p.longest_run,
    }


def _excerpt(a: Prepared, al: Alignment, limit: int) -> str:
    best = max(al.passages, key=lambda p: (p.words, -p.a_marks[0][0]))
    start = a.prose.starts[min(m[0] for m in best.a_marks)]
    end = a.prose.ends[max(m[1] for m in best.a_marks) - 1]
    text = plain_excerpt(a.answer.text[start:end])
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")  # ![alt](src), [text](href) -> alt / text
_CUT_LINK = re.compile(r"^[^\s\[\]]*\]\([^)]*\)\s*")  # the tail of a link the passage began in


def plain_excerpt(text: str) -> str:
    """An excerpt as a reader sees it: one line, markdown links and images as their words."""
    text = _CUT_LINK.sub("", re.sub(r"\s+", " ", text).strip())
    return _MD_LINK.sub(r"\1", text).strip()


def _code_shared(a: Prepared, b: Prepared, min_run: int) -> int:
    """Code/command words the two answers share in runs of `min_run`+ (reported, not scored)."""
    if not len(a.code) or not len(b.code):
        return 0
    matcher = SequenceMatcher(None, a.code.words, b.code.words, autojunk=False)
    return sum(m.size for m in matcher.get_matching_blocks() if m.size >= min_run)
