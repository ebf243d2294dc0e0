"""The rubric: what a TA grades, on which scale, from an optional `rubric.csv` beside the roster.

`rubric.csv` has one row per criterion: `criterion` (a short id, also the Grading sheet's column
header), `title`, and either `max` (points from 0 to max) or `scale` (a name from
`bank/grading.json` such as `7-step`, or the values themselves, best-first, e.g.
`12 10 7 4 02 00 -3`). A row `total` sets the scale of the final grade. Without a file: one
`grade` criterion on the Danish 7-step scale. Grades stay text where the scale is text: "02" is
"02", never 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from harvester.grading.config import grading_config, scale
from harvester.grading.csvfile import body_rows, read_csv_rows
from harvester.grading.errors import RubricError
from harvester.grading.values import format_number, is_date, parse_number, plain_text

TOTAL = "total"
TOTAL_NEEDED = f"total needed: it cannot be computed from a scale; type it in '{TOTAL}'"
# Ids the Grading sheet already uses for its own columns.
RESERVED = frozenset(
    {
        "group",
        "comment",
        "private_note",
        "grader",
        "confirm",
        "coverage",
        "credits",
        "credits_unit",
        "services",
        "status",
    }
)
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,39}")


@dataclass(frozen=True)
class Criterion:
    """One graded thing: points from 0 to `max_points`, or a value of `scale`."""

    id: str
    title: str
    max_points: float | None = None
    scale: tuple[str, ...] | None = None

    @property
    def is_scale(self) -> bool:
        return self.scale is not None

    def describe(self) -> str:
        if self.scale is not None:
            return ", ".join(self.scale)
        return f"0 to {format_number(self.max_points)} points" if self.max_points else "points"

    def normalize(self, value: object) -> str:
        """The canonical text of a typed value ('' = empty); ValueError says what is wrong."""
        if is_date(value):
            raise ValueError(
                f"'{plain_text(value)}' became a date in the spreadsheet; type the grade as text"
            )
        text = plain_text(value).removeprefix("'").strip()  # '-3: typed as text on purpose
        if not text:
            return ""
        value = text if isinstance(value, str) else value
        return self._on_scale(value, text) if self.scale is not None else self._points(value)

    def _on_scale(self, value: object, text: str) -> str:
        assert self.scale is not None
        if text in self.scale:
            return text
        folded = [s for s in self.scale if s.casefold() == text.casefold()]
        if len(folded) == 1:
            return folded[0]
        try:
            number = parse_number(value)
        except ValueError:
            number = None
        if number is not None:  # "2" or 2.0 from a spreadsheet is the scale's "02"
            same = [s for s in self.scale if _number_or_none(s) == number]
            if len(same) == 1:
                return same[0]
        raise ValueError(f"'{text}' is not on the scale {self.describe()}")

    def _points(self, value: object) -> str:
        try:
            number = parse_number(value)
        except ValueError as exc:
            raise ValueError(f"{exc}; give points ({self.describe()})") from None
        if number < 0 or (self.max_points is not None and number > self.max_points):
            raise ValueError(f"{format_number(number)} is outside {self.describe()}")
        return format_number(number)

    def points(self, value: str) -> float | None:
        """The number a value stands for ("02" -> 2.0); None for empty or a non-numeric grade."""
        return _number_or_none(value) if value else None


def _number_or_none(text: str) -> float | None:
    try:
        return parse_number(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    total: Criterion
    source: Path | None = None

    @property
    def grade_fields(self) -> tuple[str, ...]:
        """Every field that holds a grade: the criteria, then the total."""
        return (*(c.id for c in self.criteria), TOTAL)

    def criterion(self, field: str) -> Criterion:
        if field == TOTAL:
            return self.total
        return next(c for c in self.criteria if c.id == field)

    def final(self, values: dict[str, str]) -> str:
        """The grade that goes to the LMS: the total as typed, else one computed ('' if none).

        Computed: the only criterion's value, or the sum of points when every criterion is
        points and graded (and the total is points too).
        """
        if values.get(TOTAL):
            return values[TOTAL]
        if len(self.criteria) == 1:
            return values.get(self.criteria[0].id, "")
        if self.total.is_scale or any(c.is_scale for c in self.criteria):
            return ""
        parts = [values.get(c.id, "") for c in self.criteria]
        if not all(parts):
            return ""
        return format_number(sum(parse_number(p) for p in parts))

    def pending(self, values: dict[str, str]) -> str:
        """Why some grades but no final one: the criteria still empty, or a total to type
        because it cannot be computed from a scale ('' when final or nothing is graded)."""
        if self.final(values) or not any(values.values()):
            return ""
        if self.needs_total(values):
            return TOTAL_NEEDED
        missing = [c.id for c in self.criteria if not values.get(c.id)]
        return f"partly graded: {', '.join(missing)} not graded yet"

    def needs_total(self, values: dict[str, str]) -> bool:
        """Every criterion graded, yet no final grade: only a typed total can give one."""
        return not self.final(values) and all(values.get(c.id) for c in self.criteria)


def default_rubric() -> Rubric:
    config = grading_config()
    rows = [
        (i + 2, {k: str(v) for k, v in row.items()})
        for i, row in enumerate(config["default_rubric"])
    ]
    return _build(rows, None)


def load_rubric(path: Path | None) -> Rubric:
    """The rubric in `path` when that file exists, else the default (7-step `grade`)."""
    if path is None or not Path(path).is_file():
        return default_rubric()
    try:
        rows, _ = read_csv_rows(path)
    except OSError as exc:
        raise RubricError(f"{path}: cannot read ({exc})") from exc
    if not rows:
        raise RubricError(f"{path}: empty; give a header 'criterion,title,max,scale' and rows")
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    if "criterion" not in header:
        raise RubricError(
            f"{path} line 1: no 'criterion' column (columns: criterion, title, max, scale)"
        )
    parsed = []
    for line, row in body_rows(rows):
        if len(row) > len(header):
            raise RubricError(
                f"{path} line {line}: more fields than columns; quote a scale that has commas "
                '("12,10,7,4,02,00,-3") or separate its values with spaces'
            )
        parsed.append((line, dict(zip(header, (c.strip() for c in row), strict=False))))
    return _build(parsed, Path(path))


def _build(rows: list[tuple[int, dict[str, str]]], source: Path | None) -> Rubric:
    where = str(source) if source else "bank/grading.json default_rubric"
    criteria: list[Criterion] = []
    total: Criterion | None = None
    for line, row in rows:
        criterion = _criterion(row, f"{where} line {line}")
        if criterion.id == TOTAL:
            total = criterion
        elif any(c.id == criterion.id for c in criteria):
            raise RubricError(f"{where} line {line}: criterion '{criterion.id}' given twice")
        else:
            criteria.append(criterion)
    if not criteria:
        raise RubricError(f"{where}: no criterion besides 'total'")
    return Rubric(tuple(criteria), total or _default_total(criteria), source)


def _criterion(row: dict[str, str], where: str) -> Criterion:
    cid = row.get("criterion", "")
    if not _ID.fullmatch(cid) or cid.lower() in RESERVED:
        raise RubricError(
            f"{where}: criterion id '{cid}' must start with a letter, use only letters, digits, "
            f"'_' or '-' (at most 40), and not be one of {', '.join(sorted(RESERVED))}"
        )
    title = row.get("title") or cid
    max_text = row.get("max") or row.get("max_points") or row.get("points") or ""
    scale_text = row.get("scale") or ""
    if bool(max_text) == bool(scale_text):
        raise RubricError(f"{where}: give either 'max' (points) or 'scale' for '{cid}'")
    if max_text:
        try:
            maximum = parse_number(max_text)
        except ValueError:
            raise RubricError(f"{where}: max '{max_text}' is not a number") from None
        if maximum <= 0:
            raise RubricError(f"{where}: max must be above 0, not {max_text}")
        return Criterion(cid, title, max_points=maximum)
    values = scale(scale_text) or tuple(v for v in re.split(r"[\s,;]+", scale_text) if v)
    if len(values) < 2 or len(set(values)) != len(values):
        raise RubricError(
            f"{where}: scale '{scale_text}' needs two or more distinct values or a known name "
            f"({', '.join(grading_config()['scales'])})"
        )
    return Criterion(cid, title, scale=values)


def _default_total(criteria: list[Criterion]) -> Criterion:
    """Without a `total` row: the sum of points, the only criterion's scale, else the 7-step."""
    if len(criteria) == 1:
        return replace(criteria[0], id=TOTAL, title="Total")
    if all(not c.is_scale for c in criteria):
        maximum = sum(c.max_points or 0 for c in criteria)
        return Criterion(TOTAL, "Total", max_points=maximum)
    name = grading_config()["default_total_scale"]
    return Criterion(TOTAL, "Total", scale=scale(name))
