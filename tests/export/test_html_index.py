"""render_index: the cohort table, parsed back; hostile ids; 250 groups; the pinned script."""

from __future__ import annotations

import base64
import hashlib
import math
import re
import time

import numpy as np
import pandas as pd

try:
    from html_fixtures import group_row, make_groups_df, parse_page
except ImportError:  # collected as part of a package
    from .html_fixtures import group_row, make_groups_df, parse_page

from harvester.export.html_base import load_asset
from harvester.export.index_html import COLUMNS, render_index, report_href

EVIL = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "../../../etc/passwd",
    "javascript:alert(1)",
    "' onmouseover='alert(1)",
]


def render(df: pd.DataFrame) -> str:
    return render_index(df, title="MLOps 2026", deadline="2026-01-24 23:59", generated_at="t0")


def rows(html_text: str) -> list[str]:
    return re.findall(r"<tr data-status=.*?</tr>", html_text, re.S)


def cells(row_html: str) -> list[str]:
    return [
        " ".join(parse_page(c).text.split())
        for c in re.findall(r"<td[^>]*>.*?</td>", row_html, re.S)
    ]


def test_columns_and_values():
    df = pd.DataFrame(
        [
            group_row("12", code_coverage=93.0, reports_changed_after_deadline=True,
                      commits_after_deadline=2),
            group_row("3", "unreachable", error="fatal: repository not found"),
        ]
    )  # fmt: skip
    html_text = render(df)
    page = parse_page(html_text)
    headers = [" ".join(parse_page(h).text.split()) for h in re.findall(r"<th .*?</th>", html_text)]
    assert headers == [name for name, _, _ in COLUMNS]
    first, second = (cells(r) for r in rows(html_text))
    assert first == ["12", "ok", "2025", "29", "58%", "93%", "6.12 USD", "2", "1", "3", "2 ⚠",
                     "report"]  # fmt: skip
    assert second[:4] == ["3", "unreachable", "—", "—"]
    assert [a["href"] for a in page.find("a")] == [
        "groups/12/report.html",
        "groups/3/report.html",
    ]
    badge = [a for t, a in page.tags if t == "span" and "badge" in (a.get("class") or "")]
    badge = [a for a in badge if a.get("title")]
    assert badge[0]["title"] == "fatal: repository not found"
    assert "Deadline 2026-01-24 23:59" in " ".join(page.text.split())


def test_numeric_cells_carry_sort_keys():
    html_text = render(pd.DataFrame([group_row("1", code_coverage=7.5, credits_amount=12.0)]))
    assert '<td class="num" data-sort="7.5">7.5%</td>' in html_text
    assert '<td class="num" data-sort="12.0">12.00 USD</td>' in html_text
    types = re.findall(r'<th scope="col" data-type="(\w+)"', html_text)
    assert types == [kind for _, kind, _ in COLUMNS]


def test_status_filter_options_and_summary():
    html_text = render(make_groups_df(60))
    options = re.findall(r'<option value="([^"]*)">([^<]*)</option>', html_text)
    assert options == [
        ("", "all statuses"),
        ("no_report", "no_report (2)"),
        ("ok", "ok (55)"),
        ("unreachable", "unreachable (3)"),
    ]
    assert 'id="shown-count">60<' in html_text
    assert set(re.findall(r'<tr data-status="(\w+)"', html_text)) == {"ok", "no_report",
                                                                     "unreachable"}  # fmt: skip


def test_hostile_strings_are_escaped_everywhere():
    df = pd.DataFrame(
        [
            group_row(evil, evil, template=evil, credits_unit=evil, error=evil, warnings=evil)
            for evil in EVIL
        ]
    )
    html_text = render_index(df, title=EVIL[0], deadline=EVIL[1], generated_at=EVIL[4])
    page = parse_page(html_text)
    assert page.scripts == [load_asset("index.js")]  # only our own script
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert tag != "img"
        if tag == "a":
            href = attrs["href"]
            assert re.fullmatch(r"groups/[A-Za-z0-9_.%-]+/report\.html", href), href
            assert ".." not in href.split("/")
    text = page.text
    for evil in EVIL:
        assert evil in text


def test_report_href_matches_the_layout():
    assert report_href("12") == "groups/12/report.html"
    assert report_href("../x") == "groups/_x/report.html"
    assert report_href("grüppe 5") == "groups/gr%C3%BCppe_5/report.html"


def test_script_is_pinned_by_csp_hash():
    html_text = render(make_groups_df(3))
    page = parse_page(html_text)
    (script,) = page.scripts
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = next(m["content"] for m in page.find("meta") if m.get("http-equiv"))
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "connect-src" not in policy
    assert "src=" not in html_text.split("<script>")[1].split("</script>")[0]


def test_missing_values_numpy_types_and_odd_columns():
    df = pd.DataFrame(
        [
            {"group": np.int64(7), "status": "ok", "answered": np.int64(30),
             "checklist_coverage": 0.5, "code_coverage": np.float64(81.25),
             "credits_amount": pd.NA, "services": ["cloud_run", "iam", "bigquery"],
             "warnings": [{"kind": "x"}], "commits_after_deadline": math.nan,
             "reports_changed_after_deadline": "True"},
            {"group": "8", "status": None},
        ]
    )  # fmt: skip
    first, second = (cells(r) for r in rows(render(df)))
    assert first == ["7", "ok", "—", "30", "50%", "81.25%", "—", "3", "—", "1", "— ⚠", "report"]
    assert second[:2] == ["8", "unknown"]


def test_empty_cohort():
    html_text = render(pd.DataFrame(columns=["group", "status"]))
    assert rows(html_text) == [] and "0 groups" in parse_page(html_text).text


def test_250_groups_render_well_under_a_second():
    df = make_groups_df(250)
    start = time.perf_counter()
    html_text = render(df)
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, elapsed
    assert len(rows(html_text)) == 250
