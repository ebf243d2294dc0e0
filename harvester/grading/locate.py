"""Where a cohort's grading files live: the grades store and rubric beside the roster.

The harvest records the roster's path in `output/roster.json`; the store defaults to
`grades.csv` in the same folder. Once used, the store's path is remembered in
`output/grading.json`, so a later harvest from a roster copied elsewhere still finds the grades
(`--store` always wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harvester.atomic import atomic_write_json
from harvester.layout import OutputLayout
from harvester.outputdir import read_json, read_roster_json

STORE_NAME = "grades.csv"
RUBRIC_NAME = "rubric.csv"


@dataclass(frozen=True)
class GradingPaths:
    store: Path
    rubric: Path  # may not exist: then the default rubric applies
    roster: Path | None


def roster_path(layout: OutputLayout) -> Path | None:
    """The roster file of the last harvest into `layout` (None when unknown or gone)."""
    roster = read_roster_json(layout) or {}
    candidates = [roster.get("source_path"), roster.get("source")]
    for text in candidates:
        if not text:
            continue
        path = Path(str(text)).expanduser()
        for candidate in (path, layout.root.resolve().parent / path):
            if candidate.is_file():
                return candidate.resolve()
    return None


def read_state(layout: OutputLayout) -> dict[str, Any]:
    return read_json(layout.grading_state) or {}


def write_state(layout: OutputLayout, **updates: Any) -> None:
    atomic_write_json(layout.grading_state, {**read_state(layout), **updates})


def grading_paths(layout: OutputLayout, store: Path | None = None) -> GradingPaths | None:
    """The store (and rubric) for this output folder; None when nothing says where they are."""
    roster = roster_path(layout)
    if store is None:
        remembered = read_state(layout).get("store")
        if remembered and Path(remembered).is_file():
            store = Path(remembered)
        elif roster is not None:
            store = roster.parent / STORE_NAME
    if store is None:
        return None
    store = Path(store).expanduser().resolve()
    rubric_dir = roster.parent if roster is not None else store.parent
    return GradingPaths(store=store, rubric=rubric_dir / RUBRIC_NAME, roster=roster)


def remember_store(layout: OutputLayout, paths: GradingPaths) -> None:
    if read_state(layout).get("store") != str(paths.store):
        write_state(layout, store=str(paths.store))
