"""What a harvest leaves in output/, read back: the roster copy, group ids, snapshots, records.

Parse and export work from these files alone, so they run again without the network.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harvester.atomic import atomic_write_json
from harvester.layout import OutputLayout
from harvester.roster import Roster
from harvester.stage import log
from harvester.tables import GroupData
from harvester.timeutil import iso

ROSTER_FILE = "roster.json"
PARSE_ERROR_FILE = "parse_error.json"


def write_roster_json(layout: OutputLayout, roster: Roster, source: Path) -> None:
    atomic_write_json(
        layout.root / ROSTER_FILE,
        {
            "source": str(source),
            # absolute: the grades store and rubric live next to the roster (harvester.grading)
            "source_path": str(Path(source).resolve()),
            "groups": [
                {
                    "group": g.id,
                    "repo": g.repo,
                    "members": list(g.members),
                    "deadline": iso(g.deadline),
                    "branch": g.branch,
                    "report_path": g.report_path,
                    "line": g.line,
                }
                for g in roster.groups
            ],
            "errors": [
                {"line": e.line, "message": e.message, "text": str(e)} for e in roster.errors
            ],
        },
    )


def read_roster_json(layout: OutputLayout) -> dict[str, Any] | None:
    """The roster copy of the last harvest, or None (never harvested here, or unreadable)."""
    roster = read_json(layout.root / ROSTER_FILE)
    if roster is None or not isinstance(roster.get("groups"), list):
        return None
    return roster


def group_ids(layout: OutputLayout) -> list[tuple[str, tuple[str, ...] | None]]:
    """(group id, roster members or None when the roster gave none), in roster order.

    The last harvest's roster decides which groups belong to the cohort (a group dropped from
    groups.csv leaves the index, its folder stays on disk); without one, every snapshot found.
    """
    roster = read_roster_json(layout)
    if roster is not None:
        return [
            (str(g["group"]), tuple(g["members"]) if g.get("members") else None)
            for g in roster["groups"]
            if isinstance(g, dict) and g.get("group") is not None
        ]
    ids: list[tuple[str, tuple[str, ...] | None]] = []
    if layout.groups_dir.is_dir():
        for snap in sorted(layout.groups_dir.glob("*/snapshot.json")):
            group = (read_json(snap) or {}).get("group", snap.parent.name)
            ids.append((str(group), None))
    return ids


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from disk; None when missing, unreadable, damaged or not an object."""
    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log(f"warning: {path}: unreadable ({type(exc).__name__}: {exc}); ignored")
        return None
    return value if isinstance(value, dict) else None


def load_group_data(layout: OutputLayout) -> list[GroupData]:
    """Every group's snapshot and record (a failed parse becomes a warning on the snapshot)."""
    data = []
    for group, members in group_ids(layout):
        snapshot = read_json(layout.snapshot(group)) or {
            "group": group,
            "status": "not_fetched",
            "error": f"no readable snapshot.json in {layout.group_dir(group)}; harvest again",
        }
        record = read_json(layout.record(group))
        parse_error = read_json(layout.group_dir(group) / PARSE_ERROR_FILE)
        if parse_error:
            snapshot = {
                **snapshot,
                "warnings": [
                    *(snapshot.get("warnings") or []),
                    {"kind": "parse_error", "detail": str(parse_error.get("error"))},
                ],
            }
        data.append(GroupData(group, members, snapshot, record))
    return data
