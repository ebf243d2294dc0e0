"""A credential pasted into the report itself is reported to the TA (file, line, kind), while
the archived reports/ folder stays byte for byte as the group handed it in."""

from __future__ import annotations

import json
from pathlib import Path

from fetch.helpers import BEFORE, StudentRepo
from parse.parse_synth import full_answers, render

from harvester.cli import main
from harvester.layout import OutputLayout

KEY = "0123456789abcdef0123456789abcdef01234567"


def test_a_key_in_the_report_is_reported_by_line_and_the_report_is_kept(tmp_path: Path) -> None:
    answers = full_answers("2026")
    answers[4] = f"Clone the repo, then run `export WANDB_API_KEY={KEY}` and `make train`."
    text = render("2026", answers)
    StudentRepo(tmp_path / "repos" / "g1").commit({"reports/README.md": text}, BEFORE)
    roster = tmp_path / "groups.csv"
    roster.write_text("group,repo\n1,repos/g1\n")
    out = tmp_path / "out"
    assert main(["harvest", "--groups", str(roster), "--deadline", "2026-01-24T23:59:00+01:00",
                 "--out", str(out), "--no-github", "--no-progress"]) == 0  # fmt: skip
    layout = OutputLayout(out)
    evidence = json.loads(layout.evidence("1").read_text(encoding="utf-8"))
    line = next(n for n, s in enumerate(text.split("\n"), start=1) if KEY in s)
    assert {"path": "reports/README.md", "line": line, "kind": "Secret Keyword"} in evidence[
        "secrets"
    ]
    assert KEY not in json.dumps(evidence)
    assert (layout.reports_dir("1") / "README.md").read_text(encoding="utf-8") == text
