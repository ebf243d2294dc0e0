"""One archived harvest, read back: its manifest and the tidy tables in data/, nothing else.

An output/ folder is a cohort's archive, written by whichever release harvested it. This module
knows which manifest schema versions it can read and which tables and columns each needs; a
folder it cannot read is refused with one sentence that says what is wrong and what to do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from harvester.export.rates import merged_rates
from harvester.layout import MANIFEST_SCHEMA_VERSION, OutputLayout

#: Manifest schema versions this release reads. 1: the first release (no "schema_version" key);
#: 2: "schema_version" added; the tables compare reads are the same in both.
READABLE_VERSIONS = range(1, MANIFEST_SCHEMA_VERSION + 1)

#: table -> the columns compare reads from it (every readable version has them).
REQUIRED: dict[str, tuple[str, ...]] = {
    "groups": (
        "group", "status", "template", "answered", "deadline_sha", "commits_after_deadline",
        "reports_changed_after_deadline", "code_coverage", "credits_amount", "credits_unit",
    ),
    "checklist": ("group", "item_id", "state"),
    "answers": ("group", "question", "key", "answered", "words", "ok"),
    "services": ("group", "service"),
}  # fmt: skip
#: Tables other capabilities add to data/ (docs/CONTRACTS.md); compared where present.
OPTIONAL: dict[str, tuple[str, ...]] = {
    "evidence": ("group", "item_id", "ticked", "verdict"),
    "grades": ("group", "criterion", "value", "points"),
}


class ArchiveError(Exception):
    """An output folder compare cannot read; the message is one sentence for the user."""


@dataclass(frozen=True)
class Archive:
    """A harvest's manifest facts and its tables (every cell read as text; '' = empty)."""

    path: Path
    schema_version: int
    deadline: str | None
    rates: dict[str, float]
    tables: dict[str, pd.DataFrame]

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    @property
    def year(self) -> str | None:
        """The deadline's year, the cohort's default label."""
        deadline = self.deadline or ""
        return deadline[:4] if deadline[:4].isdigit() else None


def read_archive(path: Path) -> Archive:
    """Read ``path`` (an output folder of any readable release) or raise ArchiveError."""
    path = Path(path)
    if not path.is_dir():
        raise ArchiveError(f"{path}: not a folder")
    layout = OutputLayout(path)
    manifest = _manifest(layout)
    version = schema_version(manifest, layout.manifest)
    tables = {name: _table(layout, name, columns) for name, columns in REQUIRED.items()}
    for name, columns in OPTIONAL.items():
        if (layout.data_dir / f"{name}.csv").is_file():
            tables[name] = _table(layout, name, columns)
    settings = manifest.get("settings")
    rates = settings.get("rates") if isinstance(settings, dict) else None
    deadline = manifest.get("deadline")
    return Archive(
        path=path,
        schema_version=version,
        deadline=deadline if isinstance(deadline, str) else None,
        rates=merged_rates(rates if isinstance(rates, dict) else None),
        tables=tables,
    )


def _manifest(layout: OutputLayout) -> dict[str, Any]:
    if not layout.manifest.is_file():
        raise ArchiveError(
            f"{layout.root}: no manifest.json, so not a harvest's output folder "
            f"(run `harvester export --out {layout.root}` if it holds a harvest)"
        )
    try:
        manifest = json.loads(layout.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ArchiveError(f"{layout.manifest}: unreadable ({type(exc).__name__}: {exc})") from exc
    if not isinstance(manifest, dict):
        raise ArchiveError(f"{layout.manifest}: not a harvester manifest (not a JSON object)")
    return manifest


def schema_version(manifest: dict[str, Any], where: Path) -> int:
    """The manifest's schema version (absent = 1); refuses versions this release cannot read."""
    version = manifest.get("schema_version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ArchiveError(f"{where}: schema_version {version!r} is not a version number")
    if version not in READABLE_VERSIONS:
        raise ArchiveError(
            f"{where}: written by a newer harvester (schema version {version}; this one reads "
            f"{READABLE_VERSIONS.start}-{READABLE_VERSIONS.stop - 1}); upgrade harvester"
        )
    return version


def _table(layout: OutputLayout, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    path = layout.data_dir / f"{name}.csv"
    if not path.is_file():
        raise ArchiveError(
            f"{path}: missing; re-run `harvester export --out {layout.root}` to rebuild the tables"
        )
    wanted = set(columns)
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, usecols=lambda c: c in wanted, encoding="utf-8"
        )
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ArchiveError(f"{path}: unreadable CSV ({message})") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ArchiveError(f"{path}: no column {', '.join(missing)}; not a harvester table")
    return frame[list(columns)]
