"""render_report: the per-group page, parsed back and checked the way a grader reads it."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from pathlib import Path

import pytest

try:
    from html_fixtures import (
        make_record,
        make_snapshot,
        parse_page,
        standard_figures,
        write_reports_dir,
    )
    from test_html_sanitize import HOSTILE, assert_safe
except ImportError:  # collected as part of a package
    from .html_fixtures import (
        make_record,
        make_snapshot,
        parse_page,
        standard_figures,
        write_reports_dir,
    )
    from .test_html_sanitize import HOSTILE, assert_safe

from harvester.export.html_base import load_asset
from harvester.export.report_html import render_report

ROSTER = ["s213160", "S183568", "s999999"]


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    return write_reports_dir(tmp_path / "groups" / "12", standard_figures())


@pytest.fixture()
def page_html(reports: Path) -> str:
    return render_report(make_snapshot(), make_record(), reports, group="12", roster_members=ROSTER)


def article(html_text: str, question: int) -> str:
    match = re.search(rf'<article class="[^"]*" id="q{question}">.*?</article>', html_text, re.S)
    assert match, question
    return match.group(0)


def test_page_is_self_contained_and_script_free(page_html):
    page = parse_page(page_html)
    assert page_html.startswith("<!DOCTYPE html>")
    assert page.scripts == []
    assert (
        len(page.styles) == 1
        and page.styles[0].strip() == (load_asset("base.css") + load_asset("report.css")).strip()
    )
    csp = [m for m in page.find("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1
    policy = csp[0]["content"]
    assert "default-src 'none'" in policy and "script-src 'none'" in policy
    assert "img-src data:" in policy
    assert page.find("link") == []
    for img in page.find("img"):
        assert img["src"].startswith("data:image/"), img
    assert not re.search(r"""(src|href)=["']?(https?:)?//(?!github\.com)""", page_html.lower())
    assert "@font-face" not in page_html and "@import" not in page_html


def test_figures_embedded_missing_and_lfs_shown(page_html):
    page = parse_page(page_html)
    alts = sorted(img.get("alt") for img in page.find("img"))
    assert alts == ["Sweep", "Training loss", "architecture", "bucket"]
    missing = article(page_html, 20)
    assert "figure-missing" in missing and "figures/registry_missing.png" in missing
    assert "Figure stored in LFS" in article(page_html, 21)
    assert "4 inlined, 1 lfs, 1 missing" in page.text


def test_counts_limits_and_violations(page_html):
    q7 = article(page_html, 7)  # 250 words against 50-100
    assert 'class="answer violation"' in q7
    assert "250 words" in q7 and "limit 50–100" in q7 and "over the limit" in q7
    q14 = article(page_html, 14)
    assert "(course checker: " in q14 and "2 images · limit 1–3" in q14
    assert "violation" not in q14
    q29 = article(page_html, 29)
    assert "1 image · limit exactly 1" in q29
    q25 = article(page_html, 25)
    assert "unanswered" in q25 and "No answer" in q25
    assert '<p class="prompt">Question text number 25 &lt;as the template asks it&gt;?</p>' in q25
    nav = re.search(r'<nav class="qnav".*?</nav>', page_html, re.S).group(0)
    assert 'href="#q7" class="violation"' in nav and 'href="#q25" class="unanswered"' in nav


def test_header_members_late_notice_and_template(page_html):
    page = parse_page(page_html)
    text = " ".join(page.text.split())
    assert "Group 12" in text and "2025" in text
    assert "s999999 ✗ not in report" in text  # on the roster only
    assert "s224411 ✗ not on roster" in text  # in the report only
    assert "s183568 ✗" not in text  # roster case does not matter
    assert "also listed: phigon" in text
    assert "2 commits after the deadline" in text
    assert "reports/README.md" in text and "reports/figures/late.png" in text
    assert "3f2a9c1d5e7b" in text and "2026-01-24 20:11 +01:00" in text
    links = [a["href"] for a in page.find("a")]
    assert (
        "https://github.com/dtu-mlops/group-12-project/tree/"
        + "3f2a9c1d5e7b8a0f1c2d3e4f5a6b7c8d9e0f1a2b"
        in links
    )
    assert "../../index.html" in links


def test_checklist_table_and_facts_box(page_html):
    checklist = re.search(r'<table class="checklist">.*?</table>', page_html, re.S).group(0)
    assert checklist.count("<tr>") == 53  # header + 52 items
    assert checklist.count("✔ done") == 30 and checklist.count("◐ partial") == 2
    assert checklist.count("✘ open") == 20
    facts = re.search(r'<aside class="facts card".*?</aside>', page_html, re.S).group(0)
    text = " ".join(parse_page(facts).text.split())
    for expected in ("93%", "6.12 USD", "Cloud Build", "Cloud Storage", "Vertex AI",
                     "Q25", "7 referenced · 1 missing", "Warnings (3)", "lfs_pointer",
                     "word_limit (Q7, line 170)"):  # fmt: skip
        assert expected in text, expected
    assert 'href="#q7"' in facts


def test_print_stylesheet_is_there(page_html):
    css = parse_page(page_html).styles[0]
    print_css = css[css.index("@media print") :]
    assert ".facts { position: static" in print_css
    assert "break-inside" in print_css and "break-after: avoid" in print_css
    assert "@page { size: A4" in css


@pytest.mark.parametrize("status", ["unreachable", "no_report", "error", "empty_repo"])
def test_no_record_shows_status_and_error(status):
    snapshot = make_snapshot("5", status=status, error="fatal: could not read <Username>")
    html_text = render_report(snapshot, None, None, group="5")
    page = parse_page(html_text)
    text = " ".join(page.text.split())
    assert f"No report for this group — status {status}." in text
    assert "fatal: could not read <Username>" in text  # escaped, shown as text
    assert page.find("username") == []
    assert page.find("article") == [] and "Checklist" not in text
    assert page.scripts == []


def test_stale_copy_is_flagged(reports):
    snapshot = make_snapshot(stale=True, commits_after_deadline=0)
    snapshot["reports_changed_after_deadline"] = False
    text = parse_page(render_report(snapshot, make_record(), reports, group="12")).text
    assert "Stale copy." in text and "after the deadline" not in text


def test_hostile_strings_in_chrome_are_escaped(reports):
    evil = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    snapshot = make_snapshot(
        evil,
        repo="javascript:alert(1)",
        branch=evil,
        error=evil,
        deadline_commit={"sha": evil, "time": evil, "subject": evil},
        late_report_files=[evil],
        warnings=[{"kind": evil, "detail": evil, "question": "7", "line": evil}],
    )
    record = make_record({1: evil})
    record.update(
        template=evil,
        study_numbers=[evil],
        members=[evil],
        services=[evil],
        credits={"amount": 3, "unit": evil},
        checklist_items=[{"text": evil, "week": evil, "module": evil, "state": evil}],
    )
    for answer in record["answers"]:
        answer.update(section=evil, key=evil)
    html_text = render_report(snapshot, record, reports, group=evil, roster_members=[evil])
    page = parse_page(html_text)
    assert page.scripts == []
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript")
        if tag == "img":
            assert attrs["src"].startswith("data:image/")
    assert evil in page.text  # shown to the grader as text


def test_hostile_answers_are_sanitized(reports):
    hostile = "![ok](figures/wandb.png)\n\n" + "\n\n".join(HOSTILE)
    record = make_record({q: hostile for q in (3, 4, 5)})
    html_text = render_report(make_snapshot(), record, reports, group="12")
    for question in (3, 4, 5):
        body = article(html_text, question)
        body = body[body.index('<div class="answer-body">') :]
        assert_safe(re.sub(r'src="data:image/[^"]*"', 'src="inlined"', body), ours=True)
        assert 'alt="ok"' in body and 'src="data:image/png;base64,' in body
    assert parse_page(html_text).scripts == []


def test_malformed_record_never_crashes(reports):
    record = {
        "template": 2025,
        "answers": [None, "text", {"question": "x", "text": 5, "words": "many",
                                   "word_limit": [1], "image_limit": "1-3"},
                    {"question": 3, "text": "fine", "word_limit": [None, 10], "words": 2.0}],
        "checklist": "lots",
        "checklist_items": [None, {"state": None}],
        "credits": {"amount": "NaN"},
        "code_coverage": float("nan"),
        "study_numbers": None,
        "warnings": "none",
        "images": [],
    }  # fmt: skip
    snapshot = make_snapshot(deadline_commit="abc", head=[], warnings=None, deadline=None)
    html_text = render_report(snapshot, record, reports, group="12", roster_members=["s1"])
    page = parse_page(html_text)
    assert "Question 3" in page.text and "2 words" in page.text and "≤ 10" in page.text
    assert render_report({}, None, None, group="").startswith("<!DOCTYPE html>")


def test_rendering_250_groups_is_fast(tmp_path):
    """250 realistic pages, each with 4 embedded figures: the cohort export must not drag."""
    reports = write_reports_dir(tmp_path / "g", standard_figures())
    snapshot, record = make_snapshot(), make_record()
    start = time.perf_counter()
    sizes = [
        len(render_report(snapshot, record, reports, group=str(i), roster_members=ROSTER))
        for i in range(250)
    ]
    elapsed = time.perf_counter() - start
    print(f"\n250 report pages rendered in {elapsed:.2f} s ({sum(sizes) / 1e6:.1f} MB)")
    assert elapsed < 30
    assert min(sizes) > 40_000


def test_csp_has_no_script_hash_for_report_pages(page_html):
    policy = next(m["content"] for m in parse_page(page_html).find("meta") if m.get("http-equiv"))
    assert "sha256-" not in policy
    # and the helper pins exactly the script it is given (used by the index page)
    from harvester.export.html_base import content_security_policy

    digest = base64.b64encode(hashlib.sha256(b"x()").digest()).decode()
    assert f"script-src 'sha256-{digest}'" in content_security_policy("x()")


def test_checklist_code_spans_render_as_code_and_stay_escaped(reports):
    record = make_record()
    record["checklist_items"] = [
        {"text": "Fill out the `data.py` file (M6)", "state": "done"},
        {"text": "Use `<script>alert(1)</script>` safely", "state": "open"},
    ]
    page = parse_page(render_report(make_snapshot(), record, reports, group="1"))
    assert page.scripts == []
    assert "Fill out the data.py file (M6)" in page.text
    assert "<script>alert(1)</script>" in page.text
    assert len(page.find("code")) >= 2
