"""The whole evidence check on a synthetic cohort: every verdict of every item is the expected
one, and the TA sees them in evidence.json, the CSVs, the report page, the index and the xlsx."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from harvester.cli import main
from harvester.evidence.rules import load_rules
from harvester.layout import OutputLayout
from harvester.outputdir import group_ids
from harvester.parse.bank import load_bank

from .cohort import DEADLINE, G1_EXPECTED, G1_TICKS, G2_EXPECTED, G2_TICKS, WANDB_KEY, build_cohort


def expected(explicit: dict[str, str]) -> dict[str, str]:
    """Every 2026 item: the explicit verdict, else what an empty repository gives."""
    rules = load_rules().items
    out = {}
    for item in load_bank("2026").checklist:
        trace = rules[item.id].trace
        default = {"code": "no", "repository": "yes"}.get(trace, "not_verifiable")
        out[item.id] = explicit.get(item.id, default)
    return out


@pytest.fixture(scope="module")
def harvested(tmp_path_factory) -> tuple[OutputLayout, dict[str, Path]]:
    tmp = tmp_path_factory.mktemp("cohort")
    paths = build_cohort(tmp)
    out = tmp / "output"
    code = main(["harvest", "--groups", str(paths["roster"]), "--deadline", DEADLINE,
                 "--out", str(out), "--no-github", "--no-progress",
                 "--baseline", str(paths["template"])])  # fmt: skip
    assert code == 0
    return OutputLayout(out), paths


def verdicts(layout: OutputLayout, group: str) -> dict[str, str]:
    evidence = json.loads(layout.evidence(group).read_text())
    return {k: v["verdict"] for k, v in evidence["items"].items()}


def test_group_with_evidence_in_unusual_places(harvested):
    layout, _ = harvested
    assert verdicts(layout, "1") == expected(G1_EXPECTED)
    evidence = json.loads(layout.evidence("1").read_text())
    items = evidence["items"]
    assert {k for k, v in items.items() if v["ticked"]} == G1_TICKS
    assert evidence["unsupported"] == []
    assert evidence["baseline"] and evidence["template_note"] is None
    # Every verdict but not_verifiable/no names its proof: file, line, excerpt.
    for item in items.values():
        if item["verdict"] in ("yes", "weak", "template"):
            assert item["proof"] and all("path" in p and "excerpt" in p for p in item["proof"])
    deploy = {p["path"] for p in items["gcp_deploy"]["proof"]}
    assert {"cloudbuilds/api.yaml", "src/mushroom/frontend.py"} <= deploy
    run_app = next(p for p in items["gcp_deploy"]["proof"] if p["path"].endswith("frontend.py"))
    assert run_app["line"] == 3 and ".a.run.app" in run_app["excerpt"]
    assert items["docker_build_trigger"]["proof"][0]["path"] == "cloudbuilds/api.yaml"
    assert items["alerts"]["proof"][0]["path"] == "infra/main.tf"
    assert items["docs_github_pages"]["proof"][0]["path"] == "tasks.py"
    assert "mkdocs gh-deploy" in items["docs_github_pages"]["proof"][0]["excerpt"]
    training = items["model_training_script"]["proof"][0]
    assert training["path"] == "src/mushroom/model_run.py" and training["line"] == 13


def test_group_with_template_files_and_claims_without_trace(harvested):
    layout, _ = harvested
    assert verdicts(layout, "2") == expected(G2_EXPECTED)
    evidence = json.loads(layout.evidence("2").read_text())
    assert set(evidence["unsupported"]) == {"hydra", "pytorch_lightning"}
    assert {k for k, v in evidence["items"].items() if v["ticked"]} == G2_TICKS
    assert "frontend" in evidence["done_not_ticked"]
    template = evidence["items"]["pre_commit"]["proof"][0]
    assert template["path"] == ".pre-commit-config.yaml" and template["template"] is True


def test_unreachable_group_is_not_verifiable(harvested):
    layout, _ = harvested
    assert set(verdicts(layout, "3").values()) == {"not_verifiable"}


def test_contributors_are_mailmapped_and_matched_to_the_roster(harvested):
    layout, _ = harvested
    evidence = json.loads(layout.evidence("1").read_text())
    people = {p["author"]: p for p in evidence["contributors"]}
    assert set(people) == {
        "Ida Holm <s250311@student.dtu.dk>",
        "Mads Kjær <s250318@student.dtu.dk>",
    }
    assert people["Ida Holm <s250311@student.dtu.dk>"]["member"] == "s250311"
    assert people["Mads Kjær <s250318@student.dtu.dk>"]["commits"] == 2  # the late one is not in
    kinds = {f["kind"]: f["detail"] for f in evidence["contributor_flags"]}
    assert "s250342" in kinds["member_without_commits"]
    assert "Mads" in kinds["one_author_most_commits"]
    with (layout.data_dir / "contributors.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:7] == ["group", "author", "member", "commits", "first_commit",
                                 "last_commit", "files_touched"]  # fmt: skip
    assert {r["member"] for r in rows if r["group"] == "1"} == {"s250311", "s250318"}


def test_committed_key_is_reported_and_never_travels(harvested):
    layout, _ = harvested
    evidence = json.loads(layout.evidence("1").read_text())
    assert [(s["path"], s["line"]) for s in evidence["secrets"]] == [("configs/train.yaml", 3)]
    copy = layout.evidence_files_dir("1") / "configs" / "train.yaml"
    assert WANDB_KEY not in copy.read_text() and "[redacted:" in copy.read_text()
    for path in layout.root.rglob("*"):
        if path.is_file() and ".cache" not in path.parts:
            assert WANDB_KEY.encode() not in path.read_bytes(), path


def test_csv_contract(harvested):
    layout, _ = harvested
    with (layout.data_dir / "evidence.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:6] == ["group", "item_id", "ticked", "verdict", "proof_path",
                                 "proof_line"]  # fmt: skip
    row = next(r for r in rows if r["group"] == "2" and r["item_id"] == "hydra")
    assert (row["ticked"], row["verdict"]) == ("True", "no")


def test_the_ta_sees_it_on_the_page_the_index_and_the_sheets(harvested):
    layout, _ = harvested
    page = layout.report_html("2").read_text()
    assert "Evidence at the deadline" in page and "unsupported claim" in page
    assert "done but not ticked" in page and "T template only" in page
    index = layout.index_html.read_text()
    assert "Unsupported claims" in index and 'title="unsupported: hydra, pytorch_lightning' in index
    wb = load_workbook(layout.cohort_xlsx)
    sheet = wb["Evidence"]
    header = [c.value for c in sheet[2]]
    row2 = next(r for r in sheet.iter_rows(min_row=3) if r[0].value == 2)
    assert row2[header.index("hydra")].value == "✗!"
    assert row2[header.index("unsupported")].value == 2
    assert row2[header.index("done not ticked")].value >= 1
    contributors = wb["Contributors"]
    authors = [r[1].value for r in contributors.iter_rows(min_row=2) if r[0].value == 1]
    assert "Mads Kjær <s250318@student.dtu.dk>" in authors


def test_evidence_alone_is_offline_and_reuses_the_baseline(harvested, capsys):
    layout, paths = harvested
    before = layout.evidence("2").read_text()
    assert main(["evidence", str(layout.root)]) == 0
    assert "2 unchanged" in capsys.readouterr().err or layout.evidence("2").read_text() == before
    assert main(["evidence", str(layout.root), "--force"]) == 0
    assert verdicts(layout, "2") == expected(G2_EXPECTED)  # the remembered baseline still counts


def test_a_group_without_a_repository_is_not_counted_as_checked(harvested, capsys):
    layout, _ = harvested
    assert main(["evidence", str(layout.root), "--force"]) == 0
    err = capsys.readouterr().err
    assert "evidence: 2 checked, 0 unchanged, 1 without a repository to read, 0 failed" in err
    assert main(["evidence", str(layout.root)]) == 0
    err = capsys.readouterr().err
    assert "evidence: 0 checked, 2 unchanged, 1 without a repository to read, 0 failed" in err
    # the verdicts counted are those of the two groups read, not the unread group's items
    counted = sum(int(n) for n in re.findall(r"(?:yes|weak|template|no|not_verifiable) (\d+)", err))
    read = [json.loads(layout.evidence(g).read_text()) for g, _ in group_ids(layout)]
    assert counted == sum(sum(e["counts"].values()) for e in read if e.get("commit"))
    assert counted < sum(sum(e["counts"].values()) for e in read)
