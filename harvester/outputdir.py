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
from harvester.tables import GroupData
from harvester.timeutil import iso

ROSTER_FILE = "roster.json"
PARSE_ERROR_FILE = "parse_error.json"


def write_roster_json(layout: OutputLayout, roster: Roster, source: Path) -> None:
    atomic_write_json(
        layout.root / ROSTER_FILE,
        {
            "source": str(source),
            "groups": [
                {
                    "group": g.id,
                    "repo": g.repo,
                    "members": list(g.members),
                    "deadline": iso(g.deadline),
                    "branch": g.branch,
                    "line": g.line,
                }
                for g in roster.groups
            ],
            "errors": [{"line": e.line, "message": e.message} for e in roster.errors],
        },
    )


def read_roster_json(layout: OutputLayout) -> dict[str, Any]:
    path = layout.root / ROSTER_FILE
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    return {"groups": [], "errors": []}


def group_ids(layout: OutputLayout) -> list[tuple[str, tuple[str, ...]]]:
    """(group id, roster members) in roster order; groups found only on disk come last."""
    roster = read_roster_json(layout)
    ids = [(g["group"], tuple(g.get("members") or ())) for g in roster["groups"]]
    known = {layout.group_dir(g).name for g, _ in ids}
    if layout.groups_dir.is_dir():
        for snap in sorted(layout.groups_dir.glob("*/snapshot.json")):
            if snap.parent.name not in known:
                group = json.loads(snap.read_text(encoding="utf-8")).get("group", snap.parent.name)
                ids.append((str(group), ()))
    return ids


def read_json(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def load_group_data(layout: OutputLayout) -> list[GroupData]:
    """Every group's snapshot and record (a failed parse becomes a warning on the snapshot)."""
    data = []
    for group, members in group_ids(layout):
        snapshot = read_json(layout.snapshot(group)) or {
            "group": group,
            "status": "not_fetched",
            "error": "no snapshot.json in the output folder",
        }
        record = read_json(layout.record(group))
        parse_error = read_json(layout.group_dir(group) / PARSE_ERROR_FILE)
        if parse_error and record is None:
            snapshot = {
                **snapshot,
                "warnings": [
                    *(snapshot.get("warnings") or []),
                    {"kind": "parse_error", "detail": parse_error["error"]},
                ],
            }
        data.append(GroupData(group, members, snapshot, record))
    return data
