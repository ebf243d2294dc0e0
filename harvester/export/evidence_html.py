"""Claims vs evidence on a group's report page: a verdict cell per checklist row, and a section
with the counts, unsupported claims, done-but-not-ticked items, contributors and credentials.

Input is the group's evidence.json (docs/CONTRACTS.md). Every string is escaped here: paths,
excerpts and author names come from the students' repository. Proof links point at the file
at the deadline commit on GitHub when the repository is there, else there is no link.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from harvester.export.html_base import GITHUB_REPO, as_dict, as_int, as_list, as_str, esc

LABEL = {
    "yes": "✓ evidence",
    "weak": "~ weak",
    "template": "T template only",
    "no": "✗ no trace",
    "not_verifiable": "? not verifiable",
}
_FULL_SHA = re.compile(r"^[0-9a-f]{40,64}$")


def proof_url(repo: str, commit: str, path: str, line: int | None) -> str | None:
    """The file at the deadline commit on GitHub (None for other hosts or odd values)."""
    base = repo.rstrip("/").removesuffix(".git")
    if not (GITHUB_REPO.match(base) and _FULL_SHA.match(commit) and path) or path.startswith("/"):
        return None
    anchor = f"#L{line}" if line else ""
    return f"{base}/blob/{commit}/{quote(path)}{anchor}"


def _proof_html(proof: dict[str, Any], repo: str, commit: str) -> str:
    path, line = as_str(proof.get("path")), as_int(proof.get("line"))
    where = f"{path}:{line}" if line else path
    url = proof_url(repo, commit, path, line)
    where_html = (
        f'<a href="{esc(url)}" rel="noopener noreferrer"><code>{esc(where)}</code></a>'
        if url
        else f"<code>{esc(where)}</code>"
        if where
        else ""
    )
    excerpt = as_str(proof.get("excerpt"))
    why = as_str(proof.get("why"))
    tag = " <span class='muted'>(template)</span>" if proof.get("template") is True else ""
    parts = [p for p in (where_html, f"<q>{esc(excerpt)}</q>" if excerpt else "") if p]
    return f'<li title="{esc(why)}">{" ".join(parts)}{tag}</li>'


def evidence_cell(item_id: Any, state: str, evidence: dict[str, Any] | None, repo: str) -> str:
    """The `<td>` for one checklist row (empty when the check did not run for it)."""
    item = as_dict(as_dict(as_dict(evidence).get("items")).get(as_str(item_id)))
    verdict = as_str(item.get("verdict"))
    if not verdict:
        return '<td class="evidence muted">—</td>'
    commit = as_str(as_dict(evidence).get("commit"))
    css = f"verdict-{verdict}"
    flag = ""
    if state == "done" and verdict == "no":
        css += " unsupported"
        flag = ' <strong class="flag-unsupported">unsupported claim</strong>'
    elif state in ("open", "partial") and verdict == "yes":  # as the groups table counts it
        flag = ' <strong class="flag-untold">done but not ticked</strong>'
    proofs = "".join(_proof_html(as_dict(p), repo, commit) for p in as_list(item.get("proof")))
    note = as_str(item.get("note"))
    return (
        f'<td class="evidence {esc(css)}"><span class="verdict">{esc(LABEL.get(verdict, verdict))}'
        f"</span>{flag}"
        + (f'<ul class="proof">{proofs}</ul>' if proofs else "")
        + (f'<div class="muted">{esc(note)}</div>' if note and not proofs else "")
        + "</td>"
    )


def _contributors_html(evidence: dict[str, Any]) -> str:
    rows = []
    for person in as_list(evidence.get("contributors")):
        p = as_dict(person)
        member = as_str(p.get("member"))
        member_html = esc(member) if member else '<span class="muted">not matched</span>'
        rows.append(
            f"<tr><td>{esc(p.get('author'))}</td><td>{member_html}</td>"
            f"<td class='num'>{esc(p.get('commits'))}</td>"
            f"<td>{esc(as_str(p.get('first_commit'))[:10])} – "
            f"{esc(as_str(p.get('last_commit'))[:10])}</td>"
            f"<td class='num'>{esc(p.get('files_touched'))}</td></tr>"
        )
    flags = "".join(
        f"<li>{esc(as_dict(f).get('detail'))}</li>"
        for f in as_list(evidence.get("contributor_flags"))
    )
    table = (
        "<table class='contributors'><thead><tr><th>Author</th><th>Member</th><th>Commits</th>"
        f"<th>Active</th><th>Files</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else "<p class='muted'>no commit history read</p>"
    )
    flags_html = f'<ul class="warnings">{flags}</ul>' if flags else ""
    return f"<h3>Contributors up to the deadline</h3>{flags_html}{table}"


def evidence_section(evidence: dict[str, Any] | None, repo: str) -> str:
    """The page section after the checklist; empty when the evidence check has not run."""
    if not isinstance(evidence, dict):
        return ""
    counts = as_dict(evidence.get("counts"))
    summary = " · ".join(
        f'<span class="verdict-{v}">{esc(LABEL[v])} {as_int(counts.get(v)) or 0}</span>'
        for v in LABEL
    )
    parts = [f'<p class="evidence-summary">{summary}</p>']
    unsupported = [as_str(i) for i in as_list(evidence.get("unsupported"))]
    untold = [as_str(i) for i in as_list(evidence.get("done_not_ticked"))]
    if unsupported:
        parts.append(
            f'<div class="notice error"><strong>{len(unsupported)} ticked item(s) with no trace '
            f"in the repository:</strong> {esc(', '.join(unsupported))}</div>"
        )
    if untold:
        parts.append(
            f'<div class="notice late"><strong>Done but not ticked:</strong> '
            f"{esc(', '.join(untold))}</div>"
        )
    note = as_str(evidence.get("template_note"))
    if note:
        parts.append(f'<p class="muted">{esc(note)}.</p>')
    elif evidence.get("baseline"):
        parts.append(f'<p class="muted">Template baseline: {esc(evidence.get("baseline"))}.</p>')
    secrets = [as_dict(s) for s in as_list(evidence.get("secrets"))]
    if secrets:
        items = "".join(
            f"<li><code>{esc(s.get('path'))}:{esc(s.get('line'))}</code> {esc(s.get('kind'))}</li>"
            for s in secrets
        )
        parts.append(
            '<div class="notice error" role="alert"><strong>Committed credentials</strong> '
            "(redacted in every copy and excerpt; the group should revoke them):"
            f"<ul>{items}</ul></div>"
        )
    parts.append(_contributors_html(evidence))
    return (
        '<section id="evidence"><h2 class="section">Claims vs evidence</h2>'
        f"{''.join(parts)}</section>"
    )
