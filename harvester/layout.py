"""The output/ layout of DESIGN.md in one place, so no module spells a path twice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: Per-commit authors, dates and files up to the deadline commit (written by fetch).
HISTORY_FILE = "history.json"
#: The format of an output folder, written into manifest.json as "schema_version". A manifest
#: without it was written by the first release (version 1). Bump it when a reader of archived
#: folders (`harvester compare`) must tell the formats apart.
MANIFEST_SCHEMA_VERSION = 2


@dataclass(frozen=True)
class OutputLayout:
    root: Path

    @property
    def index_html(self) -> Path:
        return self.root / "index.html"

    @property
    def cohort_xlsx(self) -> Path:
        return self.root / "cohort.xlsx"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def groups_dir(self) -> Path:
        return self.root / "groups"

    @property
    def similarity_dir(self) -> Path:
        """Flagged answer pairs across groups and past cohorts (pairs.csv, pages)."""
        return self.root / "similarity"

    @property
    def feedback_dir(self) -> Path:
        """What goes back to each group (never the TA's private notes)."""
        return self.root / "feedback"

    @property
    def grading_state(self) -> Path:
        """Which grades store this output's grades live in, and the workbook last written."""
        return self.root / "grading.json"

    @property
    def cache_dir(self) -> Path:
        """Cached clones live beside the output so a re-run fetches incrementally."""
        return self.root / ".cache" / "repos"

    @property
    def lock_file(self) -> Path:
        return self.root / ".harvest.lock"

    def group_dir(self, group_id: str) -> Path:
        return self.groups_dir / safe_group_dirname(group_id)

    def reports_dir(self, group_id: str) -> Path:
        return self.group_dir(group_id) / "reports"

    def snapshot(self, group_id: str) -> Path:
        return self.group_dir(group_id) / "snapshot.json"

    def record(self, group_id: str) -> Path:
        return self.group_dir(group_id) / "record.json"

    def report_html(self, group_id: str) -> Path:
        return self.group_dir(group_id) / "report.html"

    def evidence(self, group_id: str) -> Path:
        """Claims vs evidence: a verdict per checklist item with its proof, and contributors."""
        return self.group_dir(group_id) / "evidence.json"

    def history(self, group_id: str) -> Path:
        """Who committed what up to the deadline commit (fetch writes it, evidence reads it)."""
        return self.group_dir(group_id) / HISTORY_FILE

    def evidence_files_dir(self, group_id: str) -> Path:
        """The text files fetch copied for the evidence check, at their repository paths."""
        return self.group_dir(group_id) / "evidence"

    def files_json(self, group_id: str) -> Path:
        """Every file at the deadline commit (path, kind, object id)."""
        return self.group_dir(group_id) / "files.json"

    @property
    def baseline_root(self) -> Path:
        """The course template (the cohort's baseline), harvested like a group into its own root."""
        return self.root / "baseline"

    def feedback_md(self, group_id: str) -> Path:
        return self.feedback_dir / f"{safe_group_dirname(group_id)}.md"

    def feedback_html(self, group_id: str) -> Path:
        return self.feedback_dir / f"{safe_group_dirname(group_id)}.html"


def safe_group_dirname(group_id: str) -> str:
    """A group id from the roster becomes one safe path component (no slashes, no dots-only)."""
    cleaned = "".join(c if c.isalnum() or c in "-_." else "_" for c in group_id.strip())
    cleaned = cleaned.strip(".") or "_"
    return cleaned[:100]
