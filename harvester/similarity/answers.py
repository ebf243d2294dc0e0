"""The answers to compare, read from output folders: this cohort's and past cohorts' records.

Past cohorts are earlier harvests' output folders (`groups/<id>/record.json`), read as they are:
nothing is fetched or re-parsed. A cohort is named by its deadline month ("2026-01"), which
stays the same when it is harvested again, so pair ids stay stable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harvester.fingerprint import file_digest
from harvester.layout import OutputLayout
from harvester.outputdir import group_ids, read_json


@dataclass(frozen=True)
class Answer:
    """One group's answer to one question (matched across templates by the question key)."""

    cohort: str
    group: str
    key: str
    question: int | None
    text: str
    new: bool  # in the cohort being checked (False: a past cohort, compared with new ones only)


@dataclass
class Cohort:
    label: str
    root: Path
    new: bool
    answers: list[Answer] = field(default_factory=list)
    groups: int = 0
    digests: list[Any] = field(default_factory=list)  # record digests, for the skip check
    problems: list[str] = field(default_factory=list)  # a record that could not be used


def cohort_label(layout: OutputLayout) -> str:
    """The cohort's deadline month from its snapshots (most common), else the folder's name."""
    months: Counter[str] = Counter()
    for group, _ in group_ids(layout):
        deadline = (read_json(layout.snapshot(group)) or {}).get("deadline")
        if isinstance(deadline, str) and len(deadline) >= 7 and deadline[4] == "-":
            months[deadline[:7]] += 1
    if months:
        return months.most_common(1)[0][0]
    return layout.root.resolve().name


def _record_answers(record: dict[str, Any], where: str) -> tuple[list[dict], str | None]:
    answers = record.get("answers")
    if not isinstance(answers, list):
        return [], f"{where}: no 'answers' list; skipped"
    return [a for a in answers if isinstance(a, dict)], None


def read_cohort(root: Path, *, new: bool, label: str | None = None) -> Cohort:
    """Every answered question of every group of an output folder (first copy of a key wins)."""
    layout = OutputLayout(Path(root))
    cohort = Cohort(label or cohort_label(layout), layout.root, new)
    for group, _ in group_ids(layout):
        path = layout.record(group)
        cohort.digests.append([group, file_digest(path)])
        record = read_json(path)
        if record is None:
            continue
        cohort.groups += 1
        answers, problem = _record_answers(record, f"group {group}: {path}")
        if problem:
            cohort.problems.append(problem)
        seen: set[str] = set()
        for a in answers:
            key, text = a.get("key"), a.get("text")
            if not isinstance(key, str) or not key or key in seen:
                continue
            if not isinstance(text, str) or not text.strip() or a.get("answered") is False:
                continue
            seen.add(key)
            question = a.get("question")
            cohort.answers.append(
                Answer(
                    cohort.label,
                    group,
                    key,
                    question if isinstance(question, int) else None,
                    text,
                    new,
                )  # fmt: skip
            )
    return cohort


def unique_labels(cohorts: list[Cohort]) -> None:
    """Two cohorts of the same month (a re-exam harvested separately) get the folder name too."""
    counts = Counter(c.label for c in cohorts)
    for c in cohorts:
        if counts[c.label] > 1 and not c.new:
            c.label = f"{c.label}~{c.root.resolve().name}"
            c.answers = [
                Answer(c.label, a.group, a.key, a.question, a.text, a.new) for a in c.answers
            ]
