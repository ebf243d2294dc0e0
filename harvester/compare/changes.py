"""Mark the large changes between consecutive cohorts, by the rules of bank/compare.json."""

from __future__ import annotations

from harvester.compare.config import Rules, is_large
from harvester.compare.model import Change, Section


def mark_changes(sections: list[Section], labels: list[str], rules: Rules) -> None:
    """Fill each row's ``changes`` (one entry per cohort, None where nothing changed much)."""
    for section in sections:
        for table in section.tables:
            for row in table.rows:
                rule = rules.get(row.rule)
                row.changes = [None] * len(row.cells)
                if rule is None:
                    continue
                for i in range(1, len(row.cells)):
                    before, after = row.cells[i - 1], row.cells[i]
                    if before.value is None or after.value is None:
                        continue
                    if is_large(rule, before.value, after.value, before.n, after.n):
                        row.changes[i] = Change(
                            section.title, table.title, row.label, labels[i - 1], labels[i],
                            before.value, after.value, row.unit,
                        )  # fmt: skip
