"""The evidence check over the 26 real repositories in ../shared/repos (skipped when absent).

Their `no` verdicts were read by hand when the rules were calibrated; here the invariants that
make a `no` fair are checked on all of them, so a rule change that breaks one shows.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from harvester.cli import main
from harvester.evidence.rules import load_rules
from harvester.layout import OutputLayout

REPOS = Path(__file__).resolve().parents[3] / "shared" / "repos"
pytestmark = pytest.mark.skipif(
    not (REPOS / "MANIFEST.json").is_file(), reason="../shared/repos is not here"
)


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> OutputLayout:
    tmp = tmp_path_factory.mktemp("real")
    manifest = json.loads((REPOS / "MANIFEST.json").read_text())
    roster = tmp / "groups.csv"
    roster.write_text(
        "group,repo,branch\n"
        + "".join(
            f"{i},{REPOS / (e['name'] + '.bundle')},{e['branch']}\n"
            for i, e in enumerate(manifest, start=1)
        )
    )
    out = tmp / "out"
    assert main(["harvest", "--groups", str(roster), "--deadline", "2030-01-01",
                 "--out", str(out), "--no-github", "--no-progress"]) == 0  # fmt: skip
    return OutputLayout(out)


def test_every_group_is_checked_and_every_no_is_a_fair_one(real):
    rules = load_rules().items
    verdicts: Counter[str] = Counter()
    ticked: Counter[str] = Counter()
    groups = sorted(real.groups_dir.iterdir())
    assert len(groups) == 26
    for folder in groups:
        evidence = json.loads((folder / "evidence.json").read_text())
        assert evidence["template_note"]  # no baseline given: said so
        for item_id, item in evidence["items"].items():
            verdicts[item["verdict"]] += 1
            if item["ticked"]:
                ticked[item["verdict"]] += 1
            if item["verdict"] == "no":
                rule = rules[item_id]
                assert rule.trace == "code" and evidence["complete"], (folder.name, item_id)
                assert not item["proof"]
            if item["verdict"] in ("yes", "weak", "template"):
                assert item["proof"], (folder.name, item_id)
    # Most ticks have evidence; unsupported claims are the exception, as measured by hand.
    assert ticked["yes"] > 0.7 * sum(ticked.values())
    assert ticked["no"] < 0.05 * sum(ticked.values())


def test_every_page_shows_the_evidence_section(real):
    for path in (real.data_dir / "evidence.csv", real.cohort_xlsx, real.index_html):
        assert path.is_file()
    for folder in real.groups_dir.iterdir():
        page = (folder / "report.html").read_text()
        assert "Claims vs evidence" in page or "No report" in page


def test_every_proof_line_holds_text_and_is_shown_once(real):
    """A GitHub link goes to the proof's line: it is the line with the evidence, never a blank
    one before it, and an item names each file line once."""
    checked = 0
    for folder in real.groups_dir.iterdir():
        evidence = json.loads((folder / "evidence.json").read_text())
        for item_id, item in evidence["items"].items():
            lines = [(p["path"], p["line"]) for p in item["proof"]]
            assert len(lines) == len(set(lines)), (folder.name, item_id, lines)
            for path, line in lines:
                copy = folder / "evidence" / path
                if line and path and not path.startswith("reports/") and copy.is_file():
                    text = copy.read_text(encoding="utf-8", errors="replace").split("\n")
                    assert text[line - 1].strip(), (folder.name, item_id, path, line)
                    checked += 1
    assert checked > 100
