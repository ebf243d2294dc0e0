"""evidence.json files → tidy tables (`evidence`, `contributors`) and per-group summary columns.

The column sets are the contract (docs/CONTRACTS.md) that the spreadsheet and other branches
read; extra columns only ever come after them. Ticks are taken from the current record when
there is one, so a re-parse without a new evidence run still shows the report's ticks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from harvester.layout import OutputLayout
from harvester.outputdir import read_json

EVIDENCE_COLUMNS = [
    "group", "item_id", "ticked", "verdict", "proof_path", "proof_line",
    "state", "why", "excerpt", "note",
]  # fmt: skip
CONTRIBUTOR_COLUMNS = [
    "group", "author", "member", "commits", "first_commit", "last_commit", "files_touched",
    "login", "merges", "share",
]  # fmt: skip
GROUP_COLUMNS = [
    "unsupported_claims", "unsupported_items", "done_not_ticked", "done_not_ticked_items",
    "evidence_yes", "evidence_weak", "evidence_template", "evidence_no",
    "evidence_not_verifiable", "commit_authors", "contributor_flags", "credentials",
]  # fmt: skip


def _states(record: dict[str, Any] | None) -> dict[str, str] | None:
    if record is None:
        return None
    states: dict[str, str] = {}
    for item in record.get("checklist_items") or []:
        if item.get("id") and (item.get("state") == "done" or item["id"] not in states):
            states[item["id"]] = item.get("state")
    return states


def item_rows(group: str, evidence: dict[str, Any], record: dict[str, Any] | None):
    states = _states(record)
    for item_id, item in (evidence.get("items") or {}).items():
        state = states.get(item_id) if states is not None else item.get("state")
        proof = (item.get("proof") or [{}])[0]
        yield {
            "group": group,
            "item_id": item_id,
            "ticked": state == "done",
            "verdict": item.get("verdict"),
            "proof_path": proof.get("path") or None,
            "proof_line": proof.get("line"),
            "state": state,
            "why": proof.get("why"),
            "excerpt": proof.get("excerpt") or None,
            "note": item.get("note") or None,
        }


def contributor_rows(group: str, evidence: dict[str, Any]):
    for person in evidence.get("contributors") or []:
        yield {"group": group, **{c: person.get(c) for c in CONTRIBUTOR_COLUMNS[1:]}}


def _frame(rows: list[dict[str, Any]], columns: list[str], ints: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    for col in ints:
        frame[col] = pd.array([r.get(col) for r in rows], dtype="Int64")
    return frame


def evidence_tables(
    evidence: Mapping[str, dict[str, Any]], records: Mapping[str, dict[str, Any] | None]
) -> dict[str, pd.DataFrame]:
    """`evidence` (group x item) and `contributors` (group x author) frames."""
    items = [r for g, e in evidence.items() for r in item_rows(g, e, records.get(g))]
    people = [r for g, e in evidence.items() for r in contributor_rows(g, e)]
    return {
        "evidence": _frame(items, EVIDENCE_COLUMNS, ("proof_line",)),
        "contributors": _frame(people, CONTRIBUTOR_COLUMNS, ("commits", "files_touched", "merges")),
    }


def group_summary(evidence: dict[str, Any] | None, record: dict[str, Any] | None) -> dict:
    """Per-group counts for the index and the Overview: claims without evidence and the rest."""
    if not evidence:
        return dict.fromkeys(GROUP_COLUMNS)
    rows = list(item_rows(str(evidence.get("group")), evidence, record))
    unsupported = [r["item_id"] for r in rows if r["ticked"] and r["verdict"] == "no"]
    untold = [
        r["item_id"] for r in rows if r["state"] in ("open", "partial") and r["verdict"] == "yes"
    ]
    counts = {v: sum(1 for r in rows if r["verdict"] == v) for v in
              ("yes", "weak", "template", "no", "not_verifiable")}  # fmt: skip
    flags = evidence.get("contributor_flags") or []
    claims = record is not None and evidence.get("commit") is not None  # ticks and files known
    return {
        "unsupported_claims": len(unsupported) if claims else None,
        "unsupported_items": ", ".join(unsupported),
        "done_not_ticked": len(untold) if claims else None,
        "done_not_ticked_items": ", ".join(untold),
        **{f"evidence_{v}": n for v, n in counts.items()},
        "commit_authors": (evidence.get("contributor_summary") or {}).get("authors"),
        "contributor_flags": "; ".join(str(f.get("detail")) for f in flags),
        "credentials": len(evidence.get("secrets") or []),
    }


def load_evidence(layout: OutputLayout, groups: list[str]) -> dict[str, dict[str, Any]]:
    """Each group's evidence.json (groups without one are left out)."""
    out = {}
    for group in groups:
        data = read_json(layout.evidence(group))
        if data is not None:
            out[group] = data
    return out


def add_group_columns(
    groups: pd.DataFrame,
    evidence: Mapping[str, dict[str, Any]],
    records: Mapping[str, dict[str, Any] | None],
) -> pd.DataFrame:
    """The `groups` table with the evidence summary columns appended (one per GROUP_COLUMNS)."""
    frame = groups.copy()
    summaries = [
        group_summary(evidence.get(str(g)), records.get(str(g))) for g in frame.get("group", [])
    ]
    for col in GROUP_COLUMNS:
        values = [s.get(col) for s in summaries]
        ints = all(v is None or isinstance(v, int) for v in values)
        frame[col] = pd.array(values, dtype="Int64") if ints else values
    return frame


def attach_evidence(layout: OutputLayout, groups: list, tables: dict[str, pd.DataFrame]) -> dict:
    """For the export: add the `evidence` and `contributors` tables and the groups' summary
    columns to `tables` (when any group was checked); returns evidence.json per group."""
    evidence = load_evidence(layout, [g.group for g in groups])
    if not evidence:
        return {}
    records = {g.group: g.record for g in groups}
    tables.update(evidence_tables(evidence, records))
    tables["groups"] = add_group_columns(tables["groups"], evidence, records)
    return evidence
