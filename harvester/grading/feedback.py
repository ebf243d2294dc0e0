"""What goes back to each group: `feedback/<id>.md` and a self-contained `feedback/<id>.html`.

The rubric scores, the comment to the group and the facts the course returns
(`bank/grading.json` feedback.facts: limit violations, unanswered questions, evidence verdicts
when `groups/<id>/evidence.json` exists). Never the private note, which is not even read here.
Text from the report (checklist items) is escaped for markdown in the .md file (plain text, as
any markdown viewer shows it); the page is rendered from the same markdown with that text also
HTML-escaped (our renderer passes raw HTML through), sanitized with nh3 and wrapped with the
same Content-Security-Policy as every page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from harvester.atomic import atomic_write_text
from harvester.export.html_base import html_document, load_asset
from harvester.export.markdown_render import render_markdown
from harvester.export.sanitize import sanitize_html
from harvester.grading.book import GroupGrades
from harvester.grading.config import grading_config
from harvester.grading.facts import evidence_notes, limit_violations, unanswered
from harvester.grading.fields import COMMENT
from harvester.grading.rubric import TOTAL, Rubric
from harvester.layout import OutputLayout
from harvester.outputdir import read_json
from harvester.stage import log
from harvester.tables import GroupData

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")  # what starts markup inside a line
# ... and what starts raw HTML or an entity (CommonMark escapes both with a backslash)
_MD_TEXT = re.compile(r"([\\`*_\[\]|<]|&(?=#?[A-Za-z0-9]+;))")
Escape = Callable[[str], str]
CSS = """
.page { max-width: 820px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.page table { margin: 0.5rem 0 1rem; }
.page h2 { border-bottom: 1px solid var(--line); padding-bottom: 0.2rem; margin-top: 1.6rem; }
"""


def md_escape(text: str, for_html: bool = False) -> str:
    """Text shown literally in markdown: no markup of its own. `for_html`: the markdown the page
    is rendered from, where HTML special characters become entities instead."""
    text = " ".join(str(text).split())
    if for_html:
        return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _MD_TEXT.sub(r"\\\1", text)


def _grades_md(grades: GroupGrades, rubric: Rubric, esc: Escape) -> list[str]:
    if not grades.graded:
        return ["No grade has been given yet."]
    rows = ["| Criterion | Grade | Scale |", "|---|---|---|"]
    for criterion in rubric.criteria:
        value = grades.values.get(criterion.id, "")
        rows.append(
            f"| {esc(criterion.title)} | {esc(value) or '—'} | {esc(criterion.describe())} |"
        )
    out = rows + [""]
    if grades.final and (len(rubric.criteria) > 1 or grades.values.get(TOTAL)):
        out.append(f"**Final grade: {esc(grades.final)}** ({esc(rubric.total.describe())})")
    return out


def _facts_md(
    record: dict[str, Any] | None, evidence: dict[str, Any] | None, esc: Escape
) -> list[str]:
    chosen = grading_config()["feedback"]["facts"]
    out: list[str] = []
    if "limit_violations" in chosen:
        violations = limit_violations(record)
        if violations:
            out += ["### Answers outside the length limits", ""]
            out += [f"- {esc(v)}" for v in violations] + [""]
    if "unanswered" in chosen:
        questions = unanswered(record)
        if questions:
            listed = ", ".join(map(str, questions))
            sentence = (
                f"Questions {listed} have" if len(questions) > 1 else f"Question {listed} has"
            )
            out += ["### Unanswered questions", "", f"{sentence} no answer.", ""]
    if "evidence" in chosen:
        notes = evidence_notes(evidence, record)
        if notes:
            out += ["### Checklist items the repository does not back up", ""]
            out += [f"- {esc(n.text)}: {esc(n.meaning)}" for n in notes] + [""]
    return out


def feedback_markdown(
    group: str,
    grades: GroupGrades,
    rubric: Rubric,
    record: dict[str, Any] | None,
    evidence: dict[str, Any] | None,
    *,
    for_html: bool = False,
) -> str:
    """The group's feedback as markdown (scores, comment, chosen facts; no private note);
    `for_html`: the source of the page (see `md_escape`)."""
    esc = partial(md_escape, for_html=for_html)
    lines = [f"# Feedback for group {esc(group)}", "", "## Grades", ""]
    lines += _grades_md(grades, rubric, esc)
    comment = grades.texts.get(COMMENT, "")
    if comment:
        lines += ["", "## Comment from the teaching staff", "", comment.strip()]
    facts = _facts_md(record, evidence, esc)
    if facts:
        lines += ["", "## From your report", "", *facts]
    return "\n".join(lines).rstrip() + "\n"


def feedback_html(markdown_text: str, group: str) -> str:
    """The markdown as a self-contained, sanitized page (no script, no request)."""
    body = f'<div class="page">{sanitize_html(render_markdown(markdown_text))}</div>'
    return html_document(
        title=f"Feedback for group {group}", css=load_asset("base.css") + CSS, body=body
    )


@dataclass
class FeedbackResult:
    written: int
    stale: list[str]
    ungraded: list[str]


def write_feedback(
    layout: OutputLayout, groups: list[GroupData], book: dict[str, GroupGrades], rubric: Rubric
) -> FeedbackResult:
    """One .md and one .html per group in `feedback/`."""
    result = FeedbackResult(0, [], [])
    for data in groups:
        grades = book[data.group]
        facts = (data.group, grades, rubric, data.record, read_json(layout.evidence(data.group)))
        page = feedback_html(feedback_markdown(*facts, for_html=True), data.group)
        atomic_write_text(layout.feedback_md(data.group), feedback_markdown(*facts))
        atomic_write_text(layout.feedback_html(data.group), page)
        result.written += 1
        if grades.is_stale:
            result.stale.append(data.group)
        if not grades.graded:
            result.ungraded.append(data.group)
    log(f"feedback: {result.written} groups written to {layout.feedback_dir}")
    return result
