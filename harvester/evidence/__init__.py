"""Claims vs evidence: every checklist tick checked against the repository at the deadline.

Public API:
- `run_evidence(layout, *, baseline_spec=None, deadline=None, force=False, lenient=False)`: the
  stage (after fetch and parse): writes `groups/<id>/evidence.json`, `data/evidence.csv`,
  `data/contributors.csv`; `baseline_spec` is `URL[@date]` or a local path (see
  `template_repo`), else the cohort's remembered baseline, else none. A baseline that cannot be
  fetched never replaces the remembered one; `lenient` logs baseline trouble instead of raising.
- `evidence_tables(evidence_by_group, records)`, `load_evidence(layout, groups)`,
  `add_group_columns(groups_frame, evidence_by_group, records)`, `attach_evidence(layout,
  groups, tables)`: for the export. `parse_spec`: a `--baseline` value, checked early.
- `BaselineError`: a `--baseline` that cannot be used.
"""

from __future__ import annotations

from datetime import datetime

from harvester.evidence.frames import (
    CONTRIBUTOR_COLUMNS,
    EVIDENCE_COLUMNS,
    add_group_columns,
    attach_evidence,
    evidence_tables,
    load_evidence,
)
from harvester.evidence.template_repo import BaselineError, parse_spec
from harvester.layout import OutputLayout
from harvester.stage import StageResult, log

__all__ = [
    "CONTRIBUTOR_COLUMNS",
    "EVIDENCE_COLUMNS",
    "BaselineError",
    "add_group_columns",
    "attach_evidence",
    "evidence_tables",
    "fetch_baseline",
    "load_evidence",
    "parse_spec",
    "run_evidence",
]


def run_evidence(
    layout: OutputLayout,
    *,
    baseline_spec: str | None = None,
    deadline: datetime | None = None,
    tz: str | None = None,
    force: bool = False,
    lenient: bool = False,
) -> StageResult:
    """Fetch the baseline when one is given, then check every group (see module docstring).

    `lenient` (a whole harvest): a baseline that cannot be fetched or read is logged in one
    line and left out (the remembered one is used when it still reads), so the rest runs.
    """
    from harvester.evidence import stage, template_repo

    try:
        if baseline_spec:
            fetch_baseline(layout, baseline_spec, deadline=deadline, tz=tz)
    except BaselineError as exc:
        if not lenient:
            raise
        log(f"evidence: {exc}")
    try:
        baseline = template_repo.load(layout)
    except BaselineError as exc:
        if not lenient:
            raise
        log(f"evidence: {exc}; checking without a baseline")
        baseline = None
    return stage.run_evidence(layout, baseline=baseline, force=force)


def fetch_baseline(
    layout: OutputLayout, baseline_spec: str, *, deadline: datetime | None, tz: str | None
) -> None:
    """Fetch (or list) the course template into output/baseline/ and remember it."""
    from collections import Counter

    from harvester.evidence import template_repo
    from harvester.outputdir import group_ids, read_json

    spec = parse_spec(baseline_spec, tz)
    if deadline is None:  # the cohort's deadline, as the snapshots recorded it
        seen = Counter(
            (read_json(layout.snapshot(g)) or {}).get("deadline") for g, _ in group_ids(layout)
        )
        seen.pop(None, None)
        deadline = datetime.fromisoformat(seen.most_common(1)[0][0]) if seen else None
    log(f"evidence: baseline {spec.shown}")
    try:
        template_repo.prepare(layout, spec, deadline)
    except BaselineError as exc:
        kept = template_repo.remembered_source(layout)
        raise BaselineError(
            f"{exc}; " + (f"the remembered baseline {kept} is kept" if kept else "no baseline used")
        ) from None
