"""The shape of a comparison: sections of tables whose rows hold one figure per cohort.

The figures are computed once (pure functions over the cohorts' tables) and then written twice,
as compare.xlsx and as index.html, so both always show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Why a cell has no number: the reader must never mistake these for a zero.
NOT_IN_TEMPLATE = "not in template"
NOT_COLLECTED = "not collected"  # the harvest has no such table (e.g. no evidence.csv yet)
NO_DATA = "no data"  # nobody to count (no parsed report, no group reporting a number)

PERCENT = "percent"  # 0-100 share of groups
POINTS = "points"  # a 0-100 measure that is not a share (code coverage)
USD = "usd"
NUMBER = "number"


def format_value(value: float, unit: str) -> str:
    """A figure as the page shows it: '66.7%', '$6.90', '70.0', '105'."""
    if unit == PERCENT:
        return f"{value:.1f}%"
    if unit == USD:
        return f"${value:,.2f}"
    if unit == POINTS:
        return f"{value:.1f}"
    return f"{value:,.1f}" if value != int(value) else f"{int(value):,}"


@dataclass(frozen=True)
class Cell:
    """One figure of one cohort: a value over ``n`` groups (or answers), or why there is none."""

    value: float | None
    n: int
    reason: str | None = None  # set when value is None

    @staticmethod
    def missing(reason: str, n: int = 0) -> Cell:
        return Cell(None, n, reason)


@dataclass(frozen=True)
class Change:
    """A large change between two consecutive cohorts (thresholds in bank/compare.json)."""

    section: str
    table: str
    row: str
    before_label: str
    after_label: str
    before: float
    after: float
    unit: str

    @property
    def delta(self) -> float:
        return self.after - self.before

    def describe(self) -> str:
        """'+33.3 points since 2024' (percent units) or '+120% since 2024' style text."""
        sign = "+" if self.delta >= 0 else "−"
        size = abs(self.delta)
        if self.unit == PERCENT:
            amount = f"{sign}{size:.1f} points"
        elif self.unit == USD:
            amount = f"{sign}${size:,.2f}"
        else:
            amount = f"{sign}{size:,.1f}"
        return f"{amount} since {self.before_label}"


@dataclass
class Row:
    """One compared quantity: its label, unit, threshold rule and one cell per cohort."""

    key: str
    label: str
    unit: str
    rule: str  # key into the "large_change" rules of bank/compare.json
    cells: list[Cell]
    changes: list[Change | None] = field(default_factory=list)  # per cohort; [0] is always None
    chart: bool = True  # plotted (rows like "groups reporting" stay in the table only)


@dataclass
class Table:
    id: str
    title: str
    note: str
    rows: list[Row]
    n_label: str = "groups"  # what the cells' n counts, shown in the tables


@dataclass
class Section:
    id: str
    title: str
    tables: list[Table]


@dataclass(frozen=True)
class CohortInfo:
    """What the comparison says about each harvest it read (the Summary's header rows)."""

    label: str
    path: str
    schema_version: int
    deadline: str | None
    groups: int
    reported: int
    main_template: str | None
    rates: dict[str, float]
    tables: tuple[str, ...]  # the optional tables it had (evidence, grades)


@dataclass
class Comparison:
    cohorts: list[CohortInfo]
    sections: list[Section]
    thresholds: dict[str, dict[str, float]]

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.cohorts]

    @property
    def changes(self) -> list[Change]:
        return [
            change
            for section in self.sections
            for table in section.tables
            for row in table.rows
            for change in row.changes
            if change is not None
        ]
