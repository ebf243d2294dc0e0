"""The Grading sheet's columns, shared by the writer and the importer so both agree on them.

Read-only facts (locked) sit beside editable columns (unlocked, validated): one per rubric
criterion (headed by its id), `total`, `comment to group`, `private note`, `grader`, `confirm`,
and the corrections of code coverage, credits and services next to the parser's values.
"""

from __future__ import annotations

from dataclasses import dataclass

from harvester.grading.config import grading_config
from harvester.grading.errors import RubricError
from harvester.grading.fields import (
    COMMENT,
    CONFIRM,
    COVERAGE,
    CREDITS,
    CREDITS_UNIT,
    GRADER,
    PRIVATE_NOTE,
    SERVICES,
)
from harvester.grading.rubric import TOTAL, Criterion, Rubric
from harvester.grading.values import format_number

SHEET = "Grading"
STATE_SHEET = "_grading_state"
SIMILARITY_SHEET = "Similarity"  # its review columns are imported too (harvester.similarity.sheet)
TEXT = "@"  # number format: what the TA types stays text ("02" is not 2)


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None = None  # the store field an editable column holds; None: a read-only fact
    comment: str = ""
    width: float | None = None
    text: bool = False  # typed values stay text
    # data validation: ("list", values) | ("decimal", low, high) | None
    validation: tuple | None = None

    @property
    def editable(self) -> bool:
        return self.field is not None


def _grade_column(criterion: Criterion, header: str) -> Column:
    if criterion.is_scale:
        assert criterion.scale is not None
        return Column(
            header,
            criterion.id,
            f"{criterion.title}: one of {criterion.describe()}",
            width=9,
            text=True,
            validation=("list", criterion.scale),
        )
    maximum = criterion.max_points
    return Column(
        header,
        criterion.id,
        f"{criterion.title}: {criterion.describe()}",
        width=9,
        validation=("decimal", 0, maximum),
    )


def columns(rubric: Rubric) -> list[Column]:
    """Every column of the Grading sheet, in order."""
    units = tuple(grading_config()["units"])
    total_comment = (
        f"The final grade sent to the LMS ({rubric.total.describe()}). Leave empty to use "
        + ("the criterion's value." if len(rubric.criteria) == 1 else "the sum of the points.")
    )
    total = _grade_column(rubric.total, TOTAL)
    spec = [
        Column("group", comment="Group id from the roster."),
        Column("report page", comment="Link to the group's report page.", width=11),
        Column("fetch status", comment="Fetch status of the deadline snapshot."),
        Column(
            "grade status",
            comment="'stale': the deadline commit or the report changed "
            "after the grade was given; check the group again and type yes in 'confirm'.",
            width=34,
        ),
        *(_grade_column(c, c.id) for c in rubric.criteria),
        Column(total.header, TOTAL, total_comment, 9, total.text, total.validation),
        Column(
            "comment to group",
            COMMENT,
            "Returned to the group in its feedback page.",
            width=40,
            text=True,
        ),
        Column(
            "private note",
            PRIVATE_NOTE,
            "For the staff only: never in any feedback.",
            width=30,
            text=True,
        ),
        Column(
            "grader", GRADER, "Who grades this group (your name or initials).", width=12, text=True
        ),
        Column(
            "confirm",
            CONFIRM,
            "Type yes to confirm a stale grade against the new snapshot.",
            width=9,
            text=True,
            validation=("list", ("yes",)),
        ),
        Column("roster members", comment="Study numbers on the roster."),
        Column(
            "deadline commit", comment="The snapshot graded: last commit at the deadline.", width=10
        ),
        Column("template"),
        Column("unanswered questions", comment="Questions without an answer."),
        Column(
            "limit violations", comment="Answers outside the official word/image limits.", width=40
        ),
        Column("checklist", comment="Checklist items done / partial / open."),
        Column("evidence", comment="Ticked checklist items by evidence verdict (evidence.json)."),
        Column("warnings", comment="Fetch and parse warnings (see the Warnings sheet)."),
        Column("coverage % (report)", comment="Code coverage the parser read in the report."),
        Column(
            "coverage % (corrected)",
            COVERAGE,
            "Your correction of the code coverage (0-100)"
            "; it replaces the parser's value everywhere.",
            validation=("decimal", 0, 100),
        ),
        Column("credits (report)", comment="Credits the parser read in the report."),
        Column(
            "credits (corrected)",
            CREDITS,
            "Your correction of the credits spent (amount); "
            "it replaces the parser's value everywhere.",
            validation=("decimal", 0, None),
        ),
        Column(
            "credits unit (corrected)",
            CREDITS_UNIT,
            f"One of {', '.join(units)} (default: the report's unit, else USD).",
            text=True,
            validation=("list", units),
        ),
        Column(
            "services (report)", comment="Cloud services the parser read in the report.", width=40
        ),
        Column(
            "services (corrected)",
            SERVICES,
            "Your correction: service ids separated by "
            "commas (e.g. cloud_run, vertex_ai), or 'none'.",
            width=40,
            text=True,
        ),
    ]
    headers = [c.header for c in spec]
    clash = sorted({h for h in headers if headers.count(h) > 1})
    if clash:
        where = rubric.source or "the default rubric"
        raise RubricError(
            f"{where}: criterion id {', '.join(clash)} is also a Grading sheet "
            "column; rename the criterion"
        )
    return spec


def editable_by_header(rubric: Rubric) -> dict[str, str]:
    """Header text -> store field, for the editable columns."""
    return {c.header: c.field for c in columns(rubric) if c.field is not None}


def describe_validation(column: Column) -> str:
    if column.validation is None:
        return ""
    if column.validation[0] == "list":
        return ", ".join(column.validation[1])
    _, low, high = column.validation
    return f"{format_number(low)} to {format_number(high)}" if high is not None else f">= {low}"
