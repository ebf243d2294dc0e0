"""Archives in, one Comparison out: labels, every section's figures and the large changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from harvester.compare.answers import answers_section
from harvester.compare.archive import OPTIONAL, Archive, ArchiveError
from harvester.compare.changes import mark_changes
from harvester.compare.checklist import checklist_section
from harvester.compare.cohort import Cohort
from harvester.compare.config import Rules
from harvester.compare.facts import (
    late_section,
    numbers_section,
    services_section,
    templates_section,
)
from harvester.compare.model import CohortInfo, Comparison, Section
from harvester.compare.reviews import evidence_section, grades_section


def cohort_labels(archives: Sequence[Archive], labels: Sequence[str] | None) -> list[str]:
    """The given labels, else each harvest's deadline year (else its folder name); distinct."""
    if labels is not None:
        cleaned = [label.strip() for label in labels]
        if len(cleaned) != len(archives):
            raise ArchiveError(
                f"{len(cleaned)} labels for {len(archives)} output folders; give one per folder"
            )
        if any(not label for label in cleaned):
            raise ArchiveError("a label is empty; give one per folder, e.g. 2024,2025,2026")
    else:
        cleaned = [a.year or Path(a.path).resolve().name for a in archives]
    repeated = sorted({label for label in cleaned if cleaned.count(label) > 1})
    if repeated:
        raise ArchiveError(
            f"two harvests are both labelled {repeated[0]!r}; name them with --labels"
        )
    return cleaned


def in_deadline_order(archives: Sequence[Archive]) -> bool:
    """False only when every deadline is known and they do not rise (oldest first is expected)."""
    try:
        times = [datetime.fromisoformat(a.deadline or "") for a in archives]
        return all(a <= b for a, b in zip(times, times[1:], strict=False))
    except (ValueError, TypeError):  # unknown, or naive next to aware: nothing to say
        return True


def _info(cohort: Cohort) -> CohortInfo:
    archive = cohort.archive
    return CohortInfo(
        label=cohort.label,
        path=str(archive.path),
        schema_version=archive.schema_version,
        deadline=archive.deadline,
        groups=len(cohort.groups),
        reported=len(cohort.reported),
        main_template=cohort.main_template,
        rates=archive.rates,
        tables=tuple(name for name in OPTIONAL if archive.table(name) is not None),
    )


def build_comparison(archives: Sequence[Archive], labels: list[str], rules: Rules) -> Comparison:
    cohorts = [Cohort(label, archive) for label, archive in zip(labels, archives, strict=True)]
    sections: list[Section] = [
        templates_section(cohorts),
        checklist_section(cohorts),
        numbers_section(cohorts),
        services_section(cohorts),
        answers_section(cohorts),
        late_section(cohorts),
    ]
    sections += [s for s in (evidence_section(cohorts), grades_section(cohorts)) if s is not None]
    mark_changes(sections, labels, rules)
    return Comparison([_info(c) for c in cohorts], sections, rules)
