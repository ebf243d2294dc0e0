"""The long sheets: Answers (group x question, limits checked) and Warnings (one per warning)."""

from __future__ import annotations

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from harvester.export.xlsx import values as v
from harvester.export.xlsx.style import (
    FILL_BAD,
    FILL_CHECKER,
    FMT_INT,
    Col,
    finish_table,
    write_header,
    write_rows,
)

ANSWER_COLUMNS = [
    Col("group", FMT_INT),
    Col("question", FMT_INT),
    Col("key"),
    Col("section"),
    Col("words", FMT_INT, comment="Fair word count (red: outside the limit)."),
    Col(
        "words (checker)",
        FMT_INT,
        comment="The course checker's count (whitespace split). Orange: only it is outside.",
    ),
    Col("word min", FMT_INT),
    Col("word max", FMT_INT),
    Col("images", FMT_INT, comment="Images referenced (red: outside the limit)."),
    Col("images (checker)", FMT_INT, comment="Markdown images only, as the course checker counts."),
    Col("image min", FMT_INT),
    Col("image max", FMT_INT),
    Col("ok", comment="Within both limits by the fair counts."),
    Col(
        "limits",
        comment="Whose limits these are: the course checker in force at the group's deadline "
        "(checker <date>), or the template's own when no deadline is known.",
    ),
    Col("answer", width=80, comment="The answer text (cut at Excel's cell limit, with a marker)."),
]
# The answers table's columns (CONTRACTS.md), in the order ANSWER_COLUMNS shows them.
ANSWER_SOURCE = (
    "group",
    "question",
    "key",
    "section",
    "words",
    "words_checker",
    "word_min",
    "word_max",
    "images",
    "images_checker",
    "image_min",
    "image_max",
    "ok",
    "limits_source",
    "text",
)
_WORDS, _WORDS_CHECKER, _IMAGES, _IMAGES_CHECKER, _OK = 5, 6, 9, 10, 13

WARNING_COLUMNS = [
    Col("group", FMT_INT),
    Col("question", FMT_INT),
    Col("kind"),
    Col("line", FMT_INT),
    Col("detail", width=100),
]


def outside(count: int | None, low: int | None, high: int | None) -> bool:
    """True when a known count breaks a known bound."""
    if count is None:
        return False
    return (low is not None and count < low) or (high is not None and count > high)


def write_answers(ws: Worksheet, answers: pd.DataFrame) -> None:
    """One row per answer; counts outside the limits are filled red (orange: checker only)."""
    write_header(ws, 1, ANSWER_COLUMNS)
    rows = []
    marks = []
    for values in zip(*(v.column(answers, name) for name in ANSWER_SOURCE), strict=True):
        group, question, key, section = values[:4]
        words, words_c, w_min, w_max, images, images_c, i_min, i_max = map(v.as_int, values[4:12])
        ok = v.as_bool(values[12])
        rows.append(
            [
                v.group_key(group),
                v.as_int(question),
                key,
                section,
                words,
                words_c,
                w_min,
                w_max,
                images,
                images_c,
                i_min,
                i_max,
                ok,
                values[13],
                values[14],
            ]
        )
        words_bad = outside(words, w_min, w_max)
        images_bad = outside(images, i_min, i_max)
        marks.append(
            (
                words_bad,
                not words_bad and outside(words_c, w_min, w_max),
                images_bad,
                not images_bad and outside(images_c, i_min, i_max),
                ok is False,
            )
        )
    last = write_rows(ws, 2, ANSWER_COLUMNS, rows)
    for r, (w_bad, w_checker, i_bad, i_checker, not_ok) in enumerate(marks, start=2):
        if w_bad:
            ws.cell(row=r, column=_WORDS).fill = FILL_BAD
        if w_checker:
            ws.cell(row=r, column=_WORDS_CHECKER).fill = FILL_CHECKER
        if i_bad:
            ws.cell(row=r, column=_IMAGES).fill = FILL_BAD
        if i_checker:
            ws.cell(row=r, column=_IMAGES_CHECKER).fill = FILL_CHECKER
        if not_ok:
            ws.cell(row=r, column=_OK).fill = FILL_BAD
    finish_table(ws, ANSWER_COLUMNS, header_row=1, last_row=last)


def write_warnings(ws: Worksheet, warnings: pd.DataFrame) -> None:
    """One row per warning: group, question, kind, line, detail."""
    write_header(ws, 1, WARNING_COLUMNS)
    rows = [
        [v.group_key(group), v.as_int(question), kind, v.as_int(line), detail]
        for group, question, kind, line, detail in zip(
            v.column(warnings, "group"),
            v.column(warnings, "question"),
            v.column(warnings, "kind"),
            v.column(warnings, "line"),
            v.column(warnings, "detail"),
            strict=True,
        )
    ]
    last = write_rows(ws, 2, WARNING_COLUMNS, rows)
    finish_table(ws, WARNING_COLUMNS, header_row=1, last_row=last)
