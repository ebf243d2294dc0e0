"""Feedback pages: grades, the comment, the facts the course returns; safe HTML; and never a
private note."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from harvester.grading.book import grade_book
from harvester.grading.feedback import write_feedback
from harvester.grading.rubric import load_rubric
from harvester.grading.stale import Basis
from harvester.grading.store import GROUP, Change, GradeStore
from harvester.layout import OutputLayout
from harvester.tables import GroupData

SHA = "1" * 40
PRIVATE = "PRIVATE-NOTE-7f3a: lenient because of illness"


def record() -> dict:
    return {
        "source": {"sha256": "r" * 64},
        "unanswered": [28, 29],
        "answers": [
            {"question": 14, "answered": True, "words": 320, "word_limit": [200, 300],
             "images": 1, "image_limit": [1, 3]},
            {"question": 20, "answered": True, "words": 150, "word_limit": [100, 200],
             "images": 0, "image_limit": [1, 1]},
            {"question": 21, "answered": True, "words": 120, "word_limit": [100, 200],
             "images": 1, "image_limit": [1, 2]},
            {"question": 28, "answered": False, "words": 0, "word_limit": [100, 200]},
        ],
        "checklist_items": [
            {"id": "dvc_data", "text": "Use DVC for data <b>version</b> control (M8)"},
            {"id": "unit_tests", "text": "Write unit tests [tests](http://x) *all* (M16)"},
            {"id": "cloud_run", "text": "Deploy to Cloud Run (M23)"},
            {"id": "wandb", "text": "Use Weights & Biases to log runs (M14)"},
        ],
    }  # fmt: skip


EVIDENCE = {  # the contract shape of groups/<id>/evidence.json (issue 13), written by hand
    "items": {
        "dvc_data": {"ticked": True, "verdict": "no", "proof": []},
        "unit_tests": {"ticked": True, "verdict": "weak",
                       "proof": [{"path": "tests/test_x.py", "line": 1, "excerpt": "pass"}]},
        "cloud_run": {"ticked": True, "verdict": "yes", "proof": []},
        "wandb": {"ticked": True, "verdict": "no", "proof": []},
        "monitoring": {"ticked": False, "verdict": "no", "proof": []},
        "api": {"ticked": True, "verdict": "not_verifiable", "proof": []},
    },
    "contributors": [],
}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]


def test_feedback_pages(tmp_path: Path) -> None:
    layout = OutputLayout(tmp_path / "output")
    (tmp_path / "rubric.csv").write_text(
        'criterion,title,max,scale\nreport,Report,10,\ncode,Code,20,\ntotal,Final,,"7-step"\n'
    )
    rubric = load_rubric(tmp_path / "rubric.csv")
    store = GradeStore.load(tmp_path / "grades.csv")
    comment = ("Well done. **Q14** is too long.\n\n<script>alert(1)</script>"
               '<img src=x onerror="alert(2)"> [link](javascript:alert(3))')  # fmt: skip
    store.append([Change(GROUP, "3", f, v, "alice", deadline_sha=SHA, report_sha256="r" * 64)
                  for f, v in (("report", "8"), ("code", "15.5"), ("total", "10"),
                               ("comment", comment), ("private_note", PRIVATE))])  # fmt: skip
    groups = [
        GroupData("3", ("s1",), {"deadline_commit": {"sha": SHA}}, record()),
        GroupData("11", ("s2",), {"deadline_commit": {"sha": SHA}}, None),
    ]
    layout.evidence("3").parent.mkdir(parents=True)
    layout.evidence("3").write_text(json.dumps(EVIDENCE))
    book = grade_book(store, rubric, ((g.group, Basis.of(g.snapshot, g.record)) for g in groups))
    result = write_feedback(layout, groups, book, rubric)
    assert (result.written, result.ungraded, result.stale) == (2, ["11"], [])
    assert sorted(p.name for p in layout.feedback_dir.iterdir()) == [
        "11.html", "11.md", "3.html", "3.md"]  # fmt: skip

    md = layout.feedback_md("3").read_text()
    assert "| Report | 8 | 0 to 10 points |" in md and "| Code | 15.5 | 0 to 20 points |" in md
    assert "**Final grade: 10**" in md
    assert "Well done. **Q14** is too long." in md
    assert "- Question 14: 320 words (limit 200–300)" in md
    assert "- Question 20: 0 images (limit exactly 1)" in md
    assert "Question 21" not in md and "Question 28:" not in md  # within limits / unanswered
    assert "Questions 28, 29 have no answer." in md
    # markdown carries plain text, escaped for markdown only (CommonMark's \\<), no HTML entity
    assert ("Use DVC for data \\<b>version\\</b> control (M8): ticked, but the repository "
            "shows no evidence of it") in md  # fmt: skip
    assert "- Use Weights & Biases to log runs (M14): ticked" in md and "&amp;" not in md
    assert "&lt;" not in md
    assert "Write unit tests \\[tests\\](http://x) \\*all\\* (M16): ticked, with only weak" in md
    assert "Cloud Run (M23)" not in md and "monitoring" not in md and "api" not in md

    page = layout.feedback_html("3").read_text()
    tags = Tags()
    tags.feed(page)
    assert "script" not in tags.tags and not [a for a in tags.attrs if a.startswith("on")]
    assert "javascript:" not in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert (
        csp and "default-src &#x27;none&#x27;" in csp[1] and "script-src &#x27;none&#x27;" in csp[1]
    )
    assert "<strong>Q14</strong>" in page and "<table>" in page
    assert "&lt;b&gt;version&lt;/b&gt;" in page  # the student's text shown, not obeyed
    assert "Use Weights &amp; Biases" in page  # the page stays HTML-escaped

    assert "No grade has been given yet." in layout.feedback_md("11").read_text()
    for path in layout.feedback_dir.iterdir():
        assert "PRIVATE-NOTE-7f3a" not in path.read_text(), path
        assert "lenient" not in path.read_text(), path


def test_without_evidence_json_there_is_no_evidence_section(tmp_path: Path) -> None:
    layout = OutputLayout(tmp_path / "output")
    rubric = load_rubric(None)
    store = GradeStore.load(tmp_path / "grades.csv")
    store.append([Change(GROUP, "3", "grade", "02", deadline_sha=SHA, report_sha256="r" * 64)])
    groups = [GroupData("3", ("s1",), {"deadline_commit": {"sha": SHA}}, record())]
    write_feedback(layout, groups, grade_book(store, rubric, [("3", Basis(SHA, "r" * 64))]),
                   rubric)  # fmt: skip
    md = layout.feedback_md("3").read_text()
    assert "| Grade (7-step scale) | 02 | 12, 10, 7, 4, 02, 00, -3 |" in md
    assert "Final grade" not in md  # one criterion: it is the grade
    assert "does not back up" not in md
