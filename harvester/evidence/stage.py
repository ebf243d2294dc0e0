"""The evidence stage: per group, every checklist item's verdict with its proof, and contributors.

Reads only what fetch and parse wrote (files.json, the evidence/ copies, history.json,
snapshot.json, record.json) and the rules; never runs git or student code. Copies are checked
for credentials and redacted in place first, so no excerpt, page or sheet can carry one. A group
whose inputs, rules, baseline and code are unchanged keeps its evidence.json.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any

from harvester.atomic import atomic_write_json, atomic_write_text
from harvester.evidence import contributors, secrets
from harvester.evidence.baseline import Baseline
from harvester.evidence.rules import Rules, load_rules
from harvester.evidence.verdicts import RepoView, decide, find_proofs
from harvester.fingerprint import code_fingerprint, file_digest, fingerprint
from harvester.layout import OutputLayout
from harvester.outputdir import group_ids, read_json
from harvester.stage import StageResult, log

EVIDENCE_FORMAT = 1
EVIDENCE_CODE = ("evidence", "bank/evidence.toml")
MAX_TEXT_BYTES = 512 * 1024
FETCHED = ("ok", "no_report")
OPEN_STATES = ("open", "partial")
NO_BASELINE = (
    "no baseline given (--baseline): files the course template ships were not told apart from "
    "the group's own work"
)


def item_ids(record: dict[str, Any] | None) -> list[str]:
    """The items of the group's template generation (all of them when unknown), in order."""
    from harvester.parse.bank import GENERATIONS, load_bank

    generation = (record or {}).get("template")
    banks = [load_bank(generation)] if generation in GENERATIONS else [load_bank(GENERATIONS[-1])]
    ids = [item.id for bank in banks for item in bank.checklist]
    ids += [str(i["id"]) for i in (record or {}).get("checklist_items") or [] if i.get("id")]
    return list(dict.fromkeys(ids))


def _files(layout: OutputLayout, group: str) -> dict[str, str | None] | None:
    listing = read_json(layout.files_json(group))
    if listing is None or not isinstance(listing.get("files"), list):
        return None
    return {
        str(f["path"]): f.get("oid")
        for f in listing["files"]
        if isinstance(f, dict) and f.get("kind") in ("file", "exec")
    }


def report_secrets(reports_dir: Path, report_path: str) -> list[secrets.Finding]:
    """Credentials pasted into the report itself: reported to the TA by line. The archived
    reports/ folder stays byte for byte as handed in, so nothing is rewritten there."""
    path = reports_dir / PurePosixPath(report_path).name
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
            return []
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return []
    return secrets.redact_text(text, report_path)[1]


def read_evidence_texts(
    folder: Path, paths: list[str]
) -> tuple[dict[str, str], list[secrets.Finding]]:
    """The evidence copies as text, credentials redacted on disk first (atomically)."""
    texts: dict[str, str] = {}
    found: list[secrets.Finding] = []
    root = folder.resolve()
    for rel in paths:
        path = folder / rel
        try:
            if path.is_symlink() or not path.resolve().is_relative_to(root):
                continue
            if path.stat().st_size > MAX_TEXT_BYTES:
                continue
            raw = path.read_bytes()
        except OSError:
            continue
        if b"\0" in raw[:8000]:
            continue  # binary after all
        text = raw.decode("utf-8", "replace")
        clean, findings = secrets.redact_text(text, rel)
        if clean != text:
            atomic_write_text(path, clean)
        texts[rel] = clean
        found += findings
    return texts, found


def _images(record: dict[str, Any] | None) -> dict[str, list[dict[str, Any]]]:
    keys = {a.get("question"): a.get("key") for a in (record or {}).get("answers") or []}
    out: dict[str, list[dict[str, Any]]] = {}
    for ref in (record or {}).get("image_refs") or []:
        key = keys.get(ref.get("question"))
        if key:
            out.setdefault(str(key), []).append(ref)
    return out


def _states(record: dict[str, Any] | None) -> dict[str, str]:
    """item id -> done/partial/open (the best state when an item appears twice)."""
    rank = {"open": 0, "partial": 1, "done": 2}
    states: dict[str, str] = {}
    for item in (record or {}).get("checklist_items") or []:
        item_id, state = item.get("id"), item.get("state")
        if item_id and state in rank and rank[state] >= rank.get(states.get(item_id, ""), -1):
            states[item_id] = state
    return states


def _clean_excerpt(excerpt: str, path: str) -> str:
    """Excerpts are checked once more on their own: nothing secret leaves in an excerpt."""
    return secrets.redact_text(excerpt, path)[0] if excerpt else excerpt


def evaluate_group(
    layout: OutputLayout,
    group: str,
    roster_members: tuple[str, ...] | None,
    rules: Rules,
    baseline: Baseline | None,
) -> dict[str, Any]:
    """evidence.json for one group (also written to disk by the caller)."""
    snapshot = read_json(layout.snapshot(group)) or {}
    record = read_json(layout.record(group))
    files = _files(layout, group)
    fetched = snapshot.get("status") in FETCHED and files is not None
    evidence_paths = [str(p) for p in snapshot.get("evidence_files") or []]
    texts, found = read_evidence_texts(layout.evidence_files_dir(group), evidence_paths)
    report_path = str(snapshot.get("report_path") or "reports/README.md")
    found += report_secrets(layout.reports_dir(group), report_path)
    repo = RepoView(
        files=files or {},
        texts=texts,
        images=_images(record),
        complete=fetched and snapshot.get("evidence_not_read") == 0,
        fetched=fetched,
        report_path=report_path,
    )
    from harvester.fetch import read_history

    history = read_history(layout.history(group)) if fetched else None
    github = (snapshot.get("github") or {}).get("contributors")
    people = contributors.analyse(
        history,
        roster=list(roster_members or ()),
        report_members=list((record or {}).get("members") or []),
        github=github if isinstance(github, list) else None,
    )
    states = _states(record)
    commit = (snapshot.get("deadline_commit") or {}).get("sha")
    items: dict[str, Any] = {}
    for item_id in item_ids(record):
        rule = rules.items.get(item_id)
        if rule is None:
            verdict = {"verdict": "not_verifiable", "proof": [], "note": "no rule for this item"}
        elif rule.trace == "repository":
            verdict = _repository_verdict(fetched, commit, rule.why)
        elif rule.trace == "history":
            verdict = contributors.write_access_verdict(people["contributor_summary"])
            if history is None:
                verdict = {"verdict": "not_verifiable", "proof": [], "note": "no history read"}
        else:
            verdict = decide(rule, find_proofs(rule, repo, baseline), repo).as_json()
        for proof in verdict["proof"]:
            proof["excerpt"] = _clean_excerpt(proof.get("excerpt") or "", proof.get("path") or "")
        state = states.get(item_id)
        items[item_id] = {"ticked": state == "done", "state": state, **verdict}
    return {
        "format": EVIDENCE_FORMAT,
        "group": group,
        "commit": commit,
        "repo": snapshot.get("repo"),
        "rules_version": rules.version,
        "baseline": baseline.source if baseline else None,
        "template_note": None if baseline else NO_BASELINE,
        "complete": repo.complete,
        "files_read": len(texts),
        "items": items,
        **people,
        "secrets": [{"path": f.path, "line": f.line, "kind": f.kind} for f in found],
        "counts": dict(Counter(v["verdict"] for v in items.values())),
        "unsupported": [k for k, v in items.items() if v["ticked"] and v["verdict"] == "no"],
        "done_not_ticked": [
            k
            for k, v in items.items()
            if v["state"] in ("open", "partial") and v["verdict"] == "yes"
        ],
    }


def _repository_verdict(fetched: bool, commit: str | None, why: str) -> dict[str, Any]:
    if not fetched or not commit:
        return {"verdict": "not_verifiable", "proof": [], "note": "the repository was not fetched"}
    proof = {"path": "", "line": None, "excerpt": f"deadline commit {commit[:12]}",
             "strength": "strong", "why": why, "template": False}  # fmt: skip
    return {"verdict": "yes", "proof": [proof], "note": ""}


def _inputs(
    layout: OutputLayout, group: str, members: Any, baseline: Baseline | None, rules: Rules
) -> str:
    evidence_dir = layout.evidence_files_dir(group)
    listing = (
        sorted(
            (p.relative_to(evidence_dir).as_posix(), p.stat().st_size)
            for p in evidence_dir.rglob("*")
            if p.is_file()
        )
        if evidence_dir.is_dir()
        else []
    )
    return fingerprint(
        {
            "code": code_fingerprint(*EVIDENCE_CODE),
            "rules": rules.version,
            "members": members,
            "baseline": [baseline.source, sorted(baseline.oids)] if baseline else None,
            "snapshot": file_digest(layout.snapshot(group)),
            "record": file_digest(layout.record(group)),
            "files": file_digest(layout.files_json(group)),
            "history": file_digest(layout.history(group)),
            "evidence": listing,
        }
    )


def run_evidence(
    layout: OutputLayout, *, baseline: Baseline | None = None, force: bool = False
) -> StageResult:
    """Every group's evidence.json, then data/evidence.csv and data/contributors.csv."""
    from harvester.evidence.frames import evidence_tables
    from harvester.tables import write_csvs

    result = StageResult()
    start = time.monotonic()
    rules = load_rules()
    if baseline is None:
        log(f"evidence: {NO_BASELINE}")
    verdicts: Counter[str] = Counter()
    tally: Counter[str] = Counter()  # checked / unchanged / unread (see `_tally`)
    unsupported = credentials = 0
    loaded: dict[str, dict[str, Any]] = {}
    with secrets.scanner():
        for group, members in group_ids(layout):
            path = layout.evidence(group)
            try:
                inputs = _inputs(layout, group, members, baseline, rules)
                old = read_json(path)
                if not force and old is not None and old.get("inputs") == inputs:
                    evidence = old
                    result.skipped += 1
                else:
                    evidence = {**evaluate_group(layout, group, members, rules, baseline)}
                    evidence["inputs"] = inputs
                    atomic_write_json(path, evidence)
                    result.done += 1
            except Exception as exc:  # one broken group never sinks the run
                result.failed.append(group)
                path.unlink(missing_ok=True)
                log(f"evidence: group {group}: {layout.group_dir(group)}: "
                    f"{type(exc).__name__}: {exc}")  # fmt: skip
                continue
            loaded[group] = evidence
            tally["unread" if evidence.get("commit") is None else "unchanged" if evidence is old
                  else "checked"] += 1  # fmt: skip
            if evidence.get("commit") is not None:  # nothing read: no verdict to count
                verdicts.update(evidence.get("counts") or {})
            unsupported += len(evidence.get("unsupported") or [])
            credentials += len(evidence.get("secrets") or [])
    tables = evidence_tables(loaded, {})
    write_csvs(tables, layout.data_dir)
    result.seconds = time.monotonic() - start
    counts = ", ".join(f"{k} {verdicts[k]}" for k in ("yes", "weak", "template", "no",
                                                      "not_verifiable"))  # fmt: skip
    log(
        f"evidence: {_tally(tally, len(result.failed))} ({result.seconds:.1f}s); verdicts: "
        f"{counts}; {unsupported} unsupported claims"
        + (f"; {credentials} committed credential(s) redacted" if credentials else "")
    )
    return result


def _tally(tally: Counter[str], failed: int) -> str:
    """A group with no deadline commit (unreachable, empty...) had nothing to read, so it is not
    counted as checked but named apart."""
    unread = f"{tally['unread']} without a repository to read, " if tally["unread"] else ""
    return f"{tally['checked']} checked, {tally['unchanged']} unchanged, {unread}{failed} failed"
