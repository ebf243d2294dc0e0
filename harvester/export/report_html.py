"""One group's `report.html`: header facts, checklist, every answer with its counts, a facts box.

The page is what a TA grades from, so it must be self-contained (CSS inline, figures as `data:`
URIs, no request of any kind: a Content-Security-Policy forbids every fetch and every script),
and safe: our own chrome escapes every student string with `html.escape`, and the students'
markdown goes markdown → `sanitize_html` → `inline_images` (in that order, so the sanitizer never
sees, and never has to allow, the `data:` URIs we add).

Inputs are a `snapshot.json` dict and a record dict (docs/CONTRACTS.md). Both come from files on
disk that a bug or an old version may have written oddly, so every field is read defensively:
a wrong type shows as "—", never as a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from harvester import __version__
from harvester.export.evidence_html import evidence_cell, evidence_section
from harvester.export.fact_marks import FactMark, fact_marks, mark_facts
from harvester.export.facts_box import fact_value_html, services_html
from harvester.export.html_base import (
    GITHUB_REPO,
    SERVICE_NAMES,
    STATUS_TEXT,
    as_dict,
    as_float,
    as_int,
    as_list,
    as_str,
    esc,
    format_number,
    format_time,
    html_document,
    load_asset,
    status_class,
)
from harvester.export.inline_images import ImageResult, PageBudget, inline_images
from harvester.export.limits_notes import limits_row_html
from harvester.export.markdown_render import render_markdown
from harvester.export.sanitize import sanitize_html
from harvester.tables import INFO_KINDS

_SHA = re.compile(r"^[0-9a-f]{7,64}$")

# ---------------------------------------------------------------- header


def _repo_html(repo: str) -> str:
    if repo.startswith(("https://", "http://")):
        return f'<a href="{esc(repo)}" rel="noopener noreferrer">{esc(repo)}</a>'
    return f"<code>{esc(repo)}</code>" if repo else "—"


def _commit_html(commit: dict[str, Any], repo: str, deadline: Any = None) -> str:
    sha = as_str(commit.get("sha")).lower()
    if not sha:
        return "—"
    short = f'<code title="{esc(sha)}">{esc(sha[:12])}</code>'
    clean_repo = repo.rstrip("/").removesuffix(".git")
    if _SHA.match(sha) and GITHUB_REPO.match(clean_repo):
        short = f'<a href="{esc(clean_repo)}/tree/{sha}" rel="noopener noreferrer">{short}</a>'
    parts = [short]
    if commit.get("time"):
        parts.append(esc(format_time(commit.get("time"), deadline)))
    if commit.get("subject"):
        parts.append(f"<span class='muted'>“{esc(commit.get('subject'))}”</span>")
    return " · ".join(parts)


def _member_spans(members: list[str], flagged: set[str], why: str, label: str) -> list[str]:
    """One chip per member; those in `flagged` are marked as a roster/report mismatch."""
    return [
        f'<span class="member mismatch" title="{why}">{esc(m)} ✗ {label}</span>'
        if m in flagged
        else f'<span class="member">{esc(m)}</span>'
        for m in members
    ]


def _members_html(roster: list[str] | None, record: dict[str, Any] | None) -> str:
    """Roster vs report (question 2): members on one side only are marked as a mismatch."""
    reported = [as_str(s).strip().lower() for s in as_list((record or {}).get("study_numbers"))]
    rows = []
    if roster is not None:
        roster_clean = [as_str(m).strip().lower() for m in roster if as_str(m).strip()]
        missing = set(roster_clean) - set(reported) if record is not None else set()
        items = _member_spans(
            roster_clean, missing, "on the roster, not in the report", "not in report"
        )
        rows.append(f"<tr><th>Roster</th><td>{''.join(items) or '—'}</td></tr>")
    if record is not None:
        on_roster = {as_str(m).strip().lower() for m in roster or []}
        extra = set(reported) - on_roster if roster is not None else set()
        items = _member_spans(reported, extra, "in the report, not on the roster", "not on roster")
        others = [
            as_str(m)
            for m in as_list(record.get("members"))
            if as_str(m).strip().lower() not in set(reported)
        ]
        if others:
            items.append(
                '<span class="muted">also listed: ' + ", ".join(esc(m) for m in others) + "</span>"
            )
        listed = as_int(record.get("members_listed"))
        count = f" <span class='muted'>({listed} listed)</span>" if listed is not None else ""
        rows.append(f"<tr><th>Members in report</th><td>{''.join(items) or '—'}{count}</td></tr>")
    return "".join(rows)


def _notices(snapshot: dict[str, Any], status: str, record: dict[str, Any] | None) -> str:
    out = []
    if status != "ok" or record is None:
        explanation = STATUS_TEXT.get(status, "The report could not be read.")
        if status == "ok":
            explanation = "The report was harvested but could not be parsed."
        error = as_str(snapshot.get("error"))
        error_html = f"<pre>{esc(error)}</pre>" if error else ""
        out.append(
            f'<div class="notice error" role="alert"><strong>No report for this group — '
            f"status <code>{esc(status)}</code>.</strong> {esc(explanation)}{error_html}</div>"
        )
    if snapshot.get("stale") is True:
        out.append(
            '<div class="notice stale"><strong>Stale copy.</strong> The repository could not be '
            "fetched in this run; this page shows the copy kept from an earlier harvest.</div>"
        )
    late = as_int(snapshot.get("commits_after_deadline")) or 0
    changed = snapshot.get("reports_changed_after_deadline") is True
    if late > 0 or changed:
        plural = "commit" if late == 1 else "commits"
        text = f"<strong>{late} {plural} after the deadline</strong> (not part of this snapshot)."
        if changed:
            files = [as_str(f) for f in as_list(snapshot.get("late_report_files"))]
            listed = ", ".join(f"<code>{esc(f)}</code>" for f in files) or "files not recorded"
            text += f" <strong>The report folder was changed after the deadline:</strong> {listed}."
        out.append(f'<div class="notice late" role="note">{text}</div>')
    return "".join(out)


def _meta_table(
    snapshot: dict[str, Any],
    record: dict[str, Any] | None,
    roster_members: list[str] | None,
) -> str:
    repo = as_str(snapshot.get("repo"))
    commit = as_dict(snapshot.get("deadline_commit"))
    head = as_dict(snapshot.get("head"))
    deadline = snapshot.get("deadline")
    rows = [
        f"<tr><th>Repository</th><td>{_repo_html(repo)}</td></tr>",
        f"<tr><th>Branch</th><td>{esc(snapshot.get('branch') or '—')}</td></tr>",
        f"<tr><th>Deadline</th><td>{esc(format_time(snapshot.get('deadline')) or '—')}</td></tr>",
        f"<tr><th>Deadline commit</th><td>{_commit_html(commit, repo, deadline)}</td></tr>",
    ]
    source = as_str(snapshot.get("report_source"))
    if source and source != "reports/README.md":
        rows.append(f"<tr><th>Report file</th><td><code>{esc(source)}</code></td></tr>")
    if head and as_str(head.get("sha")) != as_str(commit.get("sha")):
        head_html = _commit_html(head, repo, deadline)
        rows.append(f"<tr><th>Branch head at harvest</th><td>{head_html}</td></tr>")
    if record is not None:
        template = as_str(record.get("template")) or "unknown (matches no template well)"
        rows.append(f"<tr><th>Template</th><td>{esc(template)}</td></tr>")
        rows.append(limits_row_html(record))
        number = as_int(record.get("group_number"))
        roster_number = as_int(snapshot.get("group"))
        if number is not None and roster_number is not None and number != roster_number:
            rows.append(
                f'<tr><th>Group number (Q1)</th><td><span class="member mismatch">{number} ✗ '
                f"the roster says group {roster_number}</span></td></tr>"
            )
        elif number is not None:
            rows.append(f"<tr><th>Group number (Q1)</th><td>{number}</td></tr>")
    rows.append(_members_html(roster_members, record))
    if snapshot.get("fetched_at"):
        rows.append(
            f"<tr><th>Harvested</th><td>{esc(format_time(snapshot.get('fetched_at')))}</td></tr>"
        )
    return f'<section class="card"><table class="meta-table">{"".join(rows)}</table></section>'


# ---------------------------------------------------------------- checklist

STATE_LABEL = {"done": "✔ done", "partial": "◐ partial", "open": "✘ open"}


_BACKTICKS = re.compile(r"(`+)(.+?)\1")


def _inline_code(value: Any) -> str:
    """Escape checklist text, then show `code` spans as code (applied to already-escaped text)."""
    return _BACKTICKS.sub(lambda m: f"<code>{m.group(2)}</code>", esc(value or ""))


def _checklist_html(
    record: dict[str, Any], evidence: dict[str, Any] | None = None, repo: str = ""
) -> str:
    """The checklist table; with the group's evidence.json, a verdict-and-proof column."""
    checked = isinstance(evidence, dict)
    counts = as_dict(record.get("checklist"))
    done, partial, open_ = (as_int(counts.get(k)) or 0 for k in ("done", "partial", "open"))
    total = done + partial + open_
    percent = f" ({100 * done / total:.0f}% done)" if total else ""
    summary = (
        f'<p class="checklist-summary"><span class="state-done">{done} done</span> · '
        f'<span class="state-partial">{partial} partial</span> · '
        f'<span class="state-open">{open_} open</span> of {total}{percent}</p>'
    )
    rows = []
    for number, item in enumerate(as_list(record.get("checklist_items")), start=1):
        item = as_dict(item)
        state = as_str(item.get("state"))
        label = STATE_LABEL.get(state, state or "?")
        css = f"state-{state}" if state in STATE_LABEL else ""
        rows.append(
            f"<tr><td>{number}</td><td>{esc(item.get('week') or '')}</td>"
            f"<td>{esc(item.get('module') or '')}</td><td>{_inline_code(item.get('text'))}</td>"
            f'<td class="state {css}">{esc(label)}</td>'
            + (evidence_cell(item.get("id"), state, evidence, repo) if checked else "")
            + "</tr>"
        )
    table = ""
    if rows:
        evidence_head = "<th>Evidence at the deadline</th>" if checked else ""
        table = (
            '<table class="checklist"><thead><tr><th>#</th><th>Week</th><th>Module</th>'
            f"<th>Item</th><th>State</th>{evidence_head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return f'<section id="checklist"><h2 class="section">Checklist</h2>{summary}{table}</section>'


# ---------------------------------------------------------------- answers


def _limit(value: Any) -> tuple[int | None, int | None] | None:
    items = as_list(value)
    if len(items) != 2:
        return None
    low, high = as_int(items[0]), as_int(items[1])
    return None if low is None and high is None else (low, high)


def _limit_text(limit: tuple[int | None, int | None], unit: str) -> str:
    low, high = limit
    if low is not None and low == high:
        return f"exactly {low}"
    if low is not None and high is not None:
        return f"{low}–{high}"
    return f"≥ {low}" if low is not None else f"≤ {high}"


def _outside(count: int | None, limit: tuple[int | None, int | None] | None) -> str:
    """'' when within the limit (or unknown), else 'under' / 'over'."""
    if count is None or limit is None:
        return ""
    low, high = limit
    if low is not None and count < low:
        return "under"
    if high is not None and count > high:
        return "over"
    return ""


def _count_html(
    count: int | None, checker: int | None, limit: tuple[int | None, int | None] | None, unit: str
) -> tuple[str, bool]:
    plural = unit if count == 1 else unit + "s"
    verdict = _outside(count, limit)
    text = f"{format_number(count)} {plural}" if count is not None else f"? {unit}s"
    if checker is not None and checker != count:
        text += f" (course checker: {checker})"
    if limit is not None:
        text += f" · limit {_limit_text(limit, unit)}"
        if verdict:
            text += f" — {verdict} the limit"
        elif _outside(checker, limit):
            text += " (the course checker would flag it)"
    css = "count violation" if verdict else "count"
    return f'<span class="{css}">{esc(text)}</span>', bool(verdict)


def _humanize(key: str) -> str:
    return key.replace("_", " ").strip().capitalize()


def _answer_html(
    answer: dict[str, Any],
    position: int,
    reports_dir: Path | None,
    cache: dict[str, ImageResult],
    results: list[ImageResult],
    budget: PageBudget,
    marks: tuple[list[FactMark], dict[str, str]] = ([], {}),
) -> tuple[str, str, dict[str, Any]]:
    """One answer card; returns (html, anchor id, flags for the question navigation).

    ``marks``: the facts read from this answer, highlighted on the sanitized HTML; the ids
    placed are added to the dict (the facts box links to them).
    """
    question = as_int(answer.get("question"))
    anchor = f"q{question}" if question is not None else f"answer-{position}"
    text = as_str(answer.get("text"))
    answered = answer.get("answered")
    answered = bool(text.strip()) if not isinstance(answered, bool) else answered
    key = as_str(answer.get("key"))
    title = f"Question {question}" if question is not None else f"Answer {position}"
    subtitle = f' <span class="muted">· {esc(_humanize(key))}</span>' if key else ""

    words_html, words_bad = _count_html(
        as_int(answer.get("words")),
        as_int(answer.get("words_checker")),
        _limit(answer.get("word_limit")),
        "word",
    )
    images_html, images_bad = _count_html(
        as_int(answer.get("images")),
        as_int(answer.get("images_checker")),
        _limit(answer.get("image_limit")),
        "image",
    )
    violation = answered and (words_bad or images_bad or answer.get("ok") is False)
    if answered:
        safe, placed = mark_facts(sanitize_html(render_markdown(text)), marks[0])
        marks[1].update(placed)
        body, found = inline_images(safe, reports_dir, cache=cache, budget=budget)
        results.extend(found)
        flagged = ""
        if answer.get("ok") is False and not (words_bad or images_bad):
            flagged = '<span class="count violation">outside the limits (parser verdict)</span>'
        counts = f'<div class="counts">{words_html}{images_html}{flagged}</div>'
    else:
        body = '<p class="no-answer">No answer (empty or the untouched template placeholder).</p>'
        counts = '<div class="counts"><span class="badge muted">unanswered</span></div>'
    words = as_int(answer.get("words")) or 0
    css = ["answer"]
    if violation:
        css.append("violation")
    if not answered:
        css.append("unanswered")
    if words < 150 and not as_int(answer.get("images")):
        css.append("short")
    prompt = as_str(answer.get("prompt"))
    prompt_html = f'<p class="prompt">{esc(prompt)}</p>' if prompt else ""
    card = (
        f'<article class="{" ".join(css)}" id="{anchor}">'
        f"<header><h3>{esc(title)}{subtitle}</h3>{counts}</header>{prompt_html}"
        f'<div class="answer-body">{body}</div></article>'
    )
    return (
        card,
        anchor,
        {"label": str(question or position), "answered": answered, "violation": violation},
    )


def _answers_html(
    record: dict[str, Any],
    reports_dir: Path | None,
    results: list[ImageResult],
    targets: dict[str, str] | None = None,
) -> tuple[str, str, set[str]]:
    """All answers grouped under their section headings, plus the question navigation strip.

    ``targets`` receives, per fact anchor, the id of its highlighted source words.
    """
    targets = {} if targets is None else targets
    cache: dict[str, ImageResult] = {}
    budget = PageBudget()
    cards: list[str] = []
    nav: list[str] = []
    anchors: set[str] = set()
    section = None
    all_marks = fact_marks(record)
    for position, raw in enumerate(as_list(record.get("answers")), start=1):
        answer = as_dict(raw)
        this_section = as_str(answer.get("section"))
        if this_section and this_section != section:
            cards.append(f'<h2 class="section">{esc(this_section)}</h2>')
            section = this_section
        mine = [m for m in all_marks if m.question == as_int(answer.get("question"))]
        card, anchor, flags = _answer_html(
            answer, position, reports_dir, cache, results, budget, (mine, targets)
        )
        cards.append(card)
        anchors.add(anchor)
        css = "violation" if flags["violation"] else ("" if flags["answered"] else "unanswered")
        nav.append(f'<a href="#{anchor}" class="{css}">Q{esc(flags["label"])}</a>')
    if not cards:
        cards.append('<p class="no-answer">The parser found no answers in this report.</p>')
    nav_html = (
        f'<nav class="qnav" aria-label="Questions"><a href="#checklist">✓</a>{"".join(nav)}</nav>'
    )
    return "".join(cards), nav_html, anchors


# ---------------------------------------------------------------- facts box


def _warnings_html(warnings: Iterable[Any], anchors: set[str]) -> list[str]:
    items = []
    for raw in warnings:
        warning = as_dict(raw)
        if not warning:
            continue
        where = []
        question = as_int(warning.get("question"))
        if question is not None:
            label = f"Q{question}"
            where.append(
                f'<a href="#q{question}">{label}</a>' if f"q{question}" in anchors else label
            )
        line = as_int(warning.get("line"))
        if line is not None:
            where.append(f"line {line}")
        where_html = f" ({', '.join(where)})" if where else ""
        items.append(
            f'<li><span class="kind">{esc(warning.get("kind") or "warning")}</span>{where_html}: '
            f"{esc(warning.get('detail') or '')}</li>"
        )
    return items


def _facts_html(
    snapshot: dict[str, Any],
    record: dict[str, Any] | None,
    results: list[ImageResult],
    anchors: set[str],
    targets: dict[str, str] | None = None,
) -> str:
    targets = targets or {}
    parts = ["<h2>Extracted facts</h2>"]
    if record is not None:
        coverage = as_float(record.get("code_coverage"))
        credits = as_dict(record.get("credits"))
        amount = as_float(credits.get("amount"))
        credits_text = (
            f"{format_number(amount)} {esc(credits.get('unit') or '')}".strip()
            if amount is not None
            else "—"
        )
        counts = as_dict(record.get("checklist"))
        images = as_dict(record.get("images"))
        unanswered = [as_int(q) for q in as_list(record.get("unanswered"))]
        unanswered_text = ", ".join(f"Q{q}" for q in unanswered if q is not None) or "none"
        missing = as_int(images.get("missing"))
        coverage_text = f"{format_number(coverage)}%" if coverage is not None else "—"
        done, partial, open_ = (as_int(counts.get(k)) or 0 for k in ("done", "partial", "open"))
        parts.append(
            "<dl>"
            "<dt>Code coverage</dt>"
            f"<dd>{fact_value_html(record, 'code_coverage', coverage_text, targets)}</dd>"
            "<dt>Credits spent</dt>"
            f"<dd>{fact_value_html(record, 'credits', credits_text, targets)}</dd>"
            f"<dt>Checklist</dt><dd>{done} done · {partial} partial · {open_} open</dd>"
            f"<dt>Unanswered</dt><dd>{esc(unanswered_text)}</dd>"
            f"<dt>Images</dt><dd>{as_int(images.get('referenced')) or 0} referenced · "
            f"{'?' if missing is None else missing} missing</dd>"
            "</dl>"
        )
        parts.append(services_html(record, SERVICE_NAMES, targets))
    if results:
        by_status: dict[str, int] = {}
        for result in results:
            by_status[result.status] = by_status.get(result.status, 0) + 1
        shown = ", ".join(
            f"{n} {status.replace('_', ' ')}" for status, n in sorted(by_status.items())
        )
        parts.append(f"<h3>Figures on this page</h3><p>{esc(shown)}</p>")
    warnings = _warnings_html(
        [w for w in as_list(snapshot.get("warnings")) if as_dict(w).get("kind") not in INFO_KINDS]
        + list(as_list((record or {}).get("warnings"))),
        anchors,
    )
    if record is None and not warnings and not results:
        return ""  # nothing was extracted: no empty box next to the status notice
    parts.append(f"<h3>Warnings ({len(warnings)})</h3>")
    parts.append(
        f'<ul class="warnings">{"".join(warnings)}</ul>'
        if warnings
        else '<p class="muted">none</p>'
    )
    return f'<aside class="facts card" aria-label="Extracted facts">{"".join(parts)}</aside>'


# ---------------------------------------------------------------- the page


def render_report(
    snapshot: dict,
    record: dict | None,
    reports_dir: Path | None,
    *,
    group: str,
    roster_members: list[str] | None = None,
    index_href: str = "../../index.html",
    evidence: dict | None = None,
    grading_notes: list[str] | None = None,
    notices_html: str = "",
) -> str:
    """The complete, self-contained `report.html` of one group (a string; the caller writes it).

    `record` is None when the group has no parsed report: the page then explains the status.
    Figures are read only from inside `reports_dir` (see `inline_images`). `evidence` is the
    group's evidence.json (claims vs evidence), shown when given. `grading_notes`: plain
    sentences from harvester.grading (a stale grade, TA corrections). `notices_html`: safe
    HTML from other stages (e.g. the similarity flag), shown with the page's own notices.
    """
    snapshot = as_dict(snapshot)
    record = record if isinstance(record, dict) else None
    status = as_str(snapshot.get("status")) or "unknown"
    results: list[ImageResult] = []
    main_parts: list[str] = []
    anchors: set[str] = set()
    targets: dict[str, str] = {}
    if record is not None:
        answers_html, nav_html, anchors = _answers_html(record, reports_dir, results, targets)
        repo = as_str(snapshot.get("repo"))
        main_parts = [
            nav_html,
            _checklist_html(record, evidence, repo),
            evidence_section(evidence, repo),
            answers_html,
        ]
    badge = f'<span class="badge {status_class(status)}">{esc(status)}</span>'
    header = (
        '<header class="top">'
        f'<nav class="crumbs"><a href="{esc(index_href)}">← Cohort index</a></nav>'
        f"<h1>Group {esc(group)} {badge}</h1>"
        f"{_notices(snapshot, status, record)}{notices_html}"
        + "".join(
            f'<div class="notice stale grading" role="note">{esc(n)}</div>'
            for n in grading_notes or ()
        )
        + f"{_meta_table(snapshot, record, roster_members)}"
        "</header>"
    )
    body = (
        '<div class="page">'
        f"{header}"
        f"{_facts_html(snapshot, record, results, anchors, targets)}"
        f"<main>{''.join(main_parts)}</main>"
        f'<footer class="generated">Generated by harvester {esc(__version__)} from the deadline '
        "snapshot. Student content is sanitized; figures are embedded.</footer>"
        "</div>"
    )
    css = load_asset("base.css") + load_asset("report.css")
    return html_document(title=f"Group {group} — report", css=css, body=body)
