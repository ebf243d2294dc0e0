"""A read archive made ready to count: typed columns, the groups that count, their templates.

Every figure of the comparison is a share or a statistic over *the groups with a parsed report*
(a group whose repository was unreachable or had no report says nothing about checklists or
credits), so that set and each group's template generation are worked out once, here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import pandas as pd

from harvester.compare.archive import Archive
from harvester.compare.model import NO_DATA, Cell, Row
from harvester.parse.bank import GENERATIONS, load_bank

TRUE_TEXT = frozenset({"true", "1", "yes"})


def truthy(column: pd.Series) -> pd.Series:
    """'True' / 'true' / '1' (as pandas and other writers spell it) -> True; anything else False."""
    return column.str.strip().str.lower().isin(TRUE_TEXT)


def numbers(column: pd.Series) -> pd.Series:
    """Text cells as floats; empty or non-numeric cells become NaN."""
    return pd.to_numeric(column, errors="coerce")


def share(count: int, n: int) -> Cell:
    """``count`` of ``n`` as a percentage, or no data when there is nobody to count."""
    return Cell(100.0 * count / n, n) if n else Cell.missing(NO_DATA)


def quartiles(values: list[float]) -> tuple[float, float, float] | None:
    """(first quartile, median, third quartile), linear interpolation as spreadsheets do."""
    if not values:
        return None
    q1, median, q3 = np.percentile(np.asarray(values, dtype=float), [25, 50, 75])
    return float(q1), float(median), float(q3)


@dataclass(frozen=True)
class Cohort:
    """One labelled harvest."""

    label: str
    archive: Archive

    def table(self, name: str) -> pd.DataFrame | None:
        return self.archive.table(name)

    @cached_property
    def groups(self) -> pd.DataFrame:
        return self.archive.tables["groups"]

    @cached_property
    def reported(self) -> pd.DataFrame:
        """Rows of the groups table whose report was parsed (`answered` is set only for those)."""
        frame = self.groups
        return frame[frame["answered"].str.strip() != ""]

    @cached_property
    def reported_ids(self) -> frozenset[str]:
        return frozenset(self.reported["group"])

    @cached_property
    def templates(self) -> dict[str, str]:
        """Reported group -> its template generation ('' when none was recognised)."""
        return dict(zip(self.reported["group"], self.reported["template"].str.strip(), strict=True))

    @cached_property
    def generations(self) -> Counter[str]:
        """How many reported groups used each known generation."""
        return Counter(t for t in self.templates.values() if t in GENERATIONS)

    @property
    def main_template(self) -> str | None:
        most = self.generations.most_common(1)
        return most[0][0] if most else None

    def groups_with(self, has: frozenset[str]) -> int:
        """Reported groups whose generation has a thing (a checklist item, a question key)."""
        return sum(count for gen, count in self.generations.items() if gen in has)

    def only_reported(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["group"].isin(self.reported_ids)]


@cache
def generations_having(kind: str) -> dict[str, frozenset[str]]:
    """Checklist item id (kind "item") or question key -> the generations whose template has it."""
    having: dict[str, set[str]] = {}
    for gen in GENERATIONS:
        bank = load_bank(gen)
        if kind == "item":
            names = [c.id for c in bank.checklist]
        else:
            names = [q.key for q in bank.questions]
        for name in names:
            having.setdefault(name, set()).add(gen)
    return {name: frozenset(gens) for name, gens in having.items()}


def ordered(names: set[str], reference: list[str]) -> list[str]:
    """``names`` in the order of ``reference`` (the banks' order), the rest sorted after them."""
    known = [n for n in reference if n in names]
    return known + sorted(names - set(known))


def make_rows(
    keys: list[str],
    labels: dict[str, str],
    unit: str,
    rule: str,
    per_cohort: list[list[Cell]],
    *,
    chart: bool = True,
) -> list[Row]:
    """Rows from one list of cells per cohort (cells in ``keys`` order)."""
    return [
        Row(key, labels.get(key, key), unit, rule, [cells[i] for cells in per_cohort], chart=chart)
        for i, key in enumerate(keys)
    ]
