"""Answers per question, matched across template generations by the question's key.

Question numbers move between generations (the credits question is Q24 in the 2023 template and
Q27 later); the bank's stable key does not, so "credits" is one row for every cohort, labelled
with the number it had in each.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pandas as pd

from harvester.compare.cohort import (
    Cohort,
    generations_having,
    make_rows,
    numbers,
    ordered,
    quartiles,
    share,
    truthy,
)
from harvester.compare.model import (
    NO_DATA,
    NOT_IN_TEMPLATE,
    NUMBER,
    PERCENT,
    Cell,
    Section,
    Table,
)
from harvester.parse.bank import GENERATIONS, load_bank


@cache
def key_order() -> list[str]:
    """Question keys in the newest template's order, then keys only older templates had."""
    keys: dict[str, None] = {}
    for gen in reversed(GENERATIONS):
        keys.update((q.key, None) for q in load_bank(gen).questions)
    return list(keys)


def _answers(cohort: Cohort) -> pd.DataFrame:
    frame = cohort.only_reported(cohort.archive.tables["answers"])
    frame = frame[frame["key"].str.strip() != ""]
    return frame.assign(
        is_answered=truthy(frame["answered"]),
        outside=frame["ok"].str.strip().str.lower() == "false",
        word_count=numbers(frame["words"]),
    )


def question_labels(cohorts: list[Cohort], frames: list[pd.DataFrame]) -> dict[str, str]:
    """'credits (Q24 in 2024; Q27 in 2025, 2026)': the key and its number in each cohort."""
    numbers_by_key: dict[str, dict[str, list[str]]] = {}
    for cohort, frame in zip(cohorts, frames, strict=True):
        for key, column in frame.groupby("key")["question"]:
            number = Counter(column).most_common(1)[0][0]
            numbers_by_key.setdefault(key, {}).setdefault(f"Q{number}", []).append(cohort.label)
    labels = {}
    for key, by_number in numbers_by_key.items():
        if len(by_number) == 1:
            where = next(iter(by_number))
        else:
            where = "; ".join(f"{q} in {', '.join(names)}" for q, names in by_number.items())
        labels[key] = f"{key.replace('_', ' ')} ({where})"
    return labels


def _cells(cohort: Cohort, frame: pd.DataFrame, keys: list[str]) -> list[list[Cell]]:
    """[answered share, outside-limits share, median words] cells per key."""
    having = generations_having("question")
    grouped = dict(tuple(frame.groupby("key")))
    out = []
    for key in keys:
        rows = grouped.get(key)
        if rows is None or rows.empty:
            gens = having.get(key, frozenset())
            absent = cohort.generations and not cohort.groups_with(gens)
            reason = NOT_IN_TEMPLATE if absent else NO_DATA
            out.append([Cell.missing(reason)] * 3)
            continue
        answered = rows[rows["is_answered"]]
        stats = quartiles(answered["word_count"].dropna().tolist())
        n_answered = len(answered)
        out.append(
            [
                share(int(rows["group"][rows["is_answered"]].nunique()), rows["group"].nunique()),
                share(int(answered["outside"].sum()), n_answered),
                Cell(stats[1], n_answered) if stats else Cell.missing(NO_DATA),
            ]
        )
    return out


def answers_section(cohorts: list[Cohort]) -> Section:
    frames = [_answers(c) for c in cohorts]
    keys = ordered({k for f in frames for k in f["key"]}, key_order())
    labels = question_labels(cohorts, frames)
    per_cohort = [_cells(c, f, keys) for c, f in zip(cohorts, frames, strict=True)]
    by_metric = [[[cells[m] for cells in cohort] for cohort in per_cohort] for m in range(3)]
    return Section(
        "answers",
        "Answers",
        [
            Table(
                "answered",
                "Questions answered",
                "Share of the groups whose template asks the question that answered it.",
                make_rows(keys, labels, PERCENT, "answered", by_metric[0]),
            ),
            Table(
                "limits",
                "Answers outside the length or image limits",
                "Share of the answers given that break the question's official word or image "
                "limit (fair word count).",
                make_rows(keys, labels, PERCENT, "limits", by_metric[1]),
                n_label="answers",
            ),
            Table(
                "words",
                "Median answer length (words)",
                "Median word count of the answers given.",
                make_rows(keys, labels, NUMBER, "words", by_metric[2]),
                n_label="answers",
            ),
        ],
    )
