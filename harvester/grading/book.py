"""The grade book: each group's current grades, texts and corrections, read from the store
against the rubric and the group's current snapshot (which makes a grade stale or not)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from harvester.grading.fields import CONFIRM, CORRECTION_FIELDS, GRADER, TEXT_FIELDS, normalize
from harvester.grading.rubric import Rubric
from harvester.grading.stale import Basis, grade_basis, stale_reason
from harvester.grading.store import GROUP, Change, GradeStore


@dataclass
class GroupGrades:
    group: str
    basis: Basis  # the group's snapshot now
    values: dict[str, str] = field(default_factory=dict)  # grade field -> normalized value
    texts: dict[str, str] = field(default_factory=dict)  # comment, private_note, grader
    corrections: dict[str, str] = field(default_factory=dict)  # coverage, credits, ...
    stale: dict[str, str] = field(default_factory=dict)  # grade field -> why it is stale
    invalid: dict[str, str] = field(default_factory=dict)  # field -> why the stored value fails
    changes: dict[str, Change] = field(default_factory=dict)  # field -> its last change
    final: str = ""  # the grade that goes to the LMS ('' = none yet)
    pending: str = ""  # why graded but no final grade yet (Rubric.pending)
    needs_total: bool = False  # all criteria graded, but only a typed total gives the final

    @property
    def graded(self) -> bool:
        return any(self.values.values())

    @property
    def is_stale(self) -> bool:
        return bool(self.stale)

    def stale_text(self) -> str:
        """One sentence for pages and the sheet: which grades, and why."""
        if not self.stale:
            return ""
        reasons = sorted(set(self.stale.values()))
        return f"{'; '.join(reasons)} since {', '.join(self.stale)} was given"

    def grader(self) -> str:
        """Who grades this group: the grader column, else whoever typed the last grade."""
        if self.texts.get(GRADER):
            return self.texts[GRADER]
        graded = [self.changes[f] for f in self.values if f in self.changes]
        return max(graded, key=lambda c: c.row).grader if graded else ""


def group_grades(store: GradeStore, rubric: Rubric, group: str, now: Basis) -> GroupGrades:
    book = GroupGrades(group, now)
    current = store.current(GROUP).get(group, {})
    confirm = current.get(CONFIRM)
    for name, change in current.items():
        if name == CONFIRM:
            continue
        known = name in rubric.grade_fields or name in TEXT_FIELDS or name in CORRECTION_FIELDS
        if not known:
            continue  # a criterion no longer in the rubric: kept in the store, not shown
        try:
            value = normalize(name, change.value, rubric)
        except ValueError as exc:
            book.invalid[name] = f"store row {change.row}: {exc}"
            book.changes[name] = change
            continue
        if not value:
            continue
        book.changes[name] = change
        if name in rubric.grade_fields:
            book.values[name] = value
            reason = stale_reason(grade_basis(change, confirm), now)
            if reason:
                book.stale[name] = reason
        elif name in TEXT_FIELDS:
            book.texts[name] = value
        else:
            book.corrections[name] = value
    book.final = rubric.final(book.values)
    book.pending = rubric.pending(book.values)
    book.needs_total = rubric.needs_total(book.values)
    return book


def unknown_criteria(store: GradeStore, rubric: Rubric) -> dict[str, list[str]]:
    """Criterion -> groups with a value under it that the rubric does not have (any more): the
    values stay in the store but count nowhere, which the TA must hear about."""
    known = {*rubric.grade_fields, *TEXT_FIELDS, *CORRECTION_FIELDS, CONFIRM}
    found: dict[str, list[str]] = {}
    for group, fields in store.current(GROUP).items():
        for name, change in fields.items():
            if name not in known and change.value.strip():
                found.setdefault(name, []).append(group)
    return {name: sorted(groups, key=natural_key) for name, groups in found.items()}


def natural_key(group: str) -> tuple[int, str]:
    """Group ids in the roster's sense: 2 before 10, then the other ids."""
    return (int(group), "") if group.isdigit() else (1 << 30, group)


def unknown_criteria_warning(store: GradeStore, rubric: Rubric) -> str:
    """One sentence naming them ('' when there are none)."""
    found = unknown_criteria(store, rubric)
    if not found:
        return ""
    groups = {g for gs in found.values() for g in gs}
    named = "; ".join(f"'{name}': group(s) {', '.join(gs)}" for name, gs in sorted(found.items()))
    rubric_file = rubric.source or "the default rubric"
    return (
        f"warning: {len(groups)} group(s) have values under criteria that {rubric_file} does "
        f"not have ({named}); they count nowhere but stay in the grades store {store.path}; "
        "add the criteria back to the rubric, or grade the groups again under it"
    )


def grade_book(
    store: GradeStore, rubric: Rubric, snapshots: Iterable[tuple[str, Basis]]
) -> dict[str, GroupGrades]:
    """GroupGrades for each (group, current basis), in the given order."""
    return {group: group_grades(store, rubric, group, basis) for group, basis in snapshots}
