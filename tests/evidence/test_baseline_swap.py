"""A new --baseline is fetched beside the remembered one and replaces it only when it worked:
a bad one leaves the remembered baseline usable, and a whole harvest never crashes on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.cli import main
from harvester.evidence import template_repo
from harvester.layout import OutputLayout

from .cohort import DEADLINE, build_cohort


def harvest(paths: dict[str, Path], out: Path, baseline: Path) -> int:
    return main(["harvest", "--groups", str(paths["roster"]), "--deadline", DEADLINE,
                 "--out", str(out), "--no-github", "--no-progress",
                 "--baseline", str(baseline)])  # fmt: skip


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> dict[str, Path]:
    return build_cohort(tmp_path_factory.mktemp("cohort"))


@pytest.fixture
def harvested(cohort, tmp_path) -> OutputLayout:
    """A fresh output folder whose remembered baseline is the cohort's template repository."""
    out = tmp_path / "output"
    assert harvest(cohort, out, cohort["template"]) == 0
    return OutputLayout(out)


def baseline_of(layout: OutputLayout, group: str = "2") -> str | None:
    return json.loads(layout.evidence(group).read_text())["baseline"]


def test_a_bad_baseline_leaves_the_remembered_one_usable(harvested, cohort, tmp_path, capsys):
    layout = harvested
    record = (layout.baseline_root / "baseline.json").read_text()
    files = layout.baseline_root / "groups" / "template" / "files.json"
    listing = files.read_text()
    nope = tmp_path / "nope"

    assert main(["evidence", str(layout.root), "--baseline", str(nope)]) == 2
    err = capsys.readouterr().err
    assert f"--baseline {nope}: unreachable" in err
    assert f"the remembered baseline {cohort['template']} is kept" in err
    assert "Traceback" not in err
    # Nothing of the failed fetch is left, and the remembered baseline is as it was.
    assert (layout.baseline_root / "baseline.json").read_text() == record
    assert files.read_text() == listing
    assert sorted(p.name for p in layout.root.iterdir() if p.name.startswith("baseline")) == [
        "baseline"
    ]

    assert main(["evidence", str(layout.root), "--force"]) == 0
    assert baseline_of(layout) == str(cohort["template"])


def test_a_harvest_with_a_bad_baseline_keeps_the_remembered_one(
    harvested, cohort, tmp_path, capsys
):
    layout = harvested
    capsys.readouterr()
    (layout.manifest).unlink()  # the export must run again
    assert harvest(cohort, layout.root, tmp_path / "nope") == 0
    err = capsys.readouterr().err
    assert "is kept" in err and "Traceback" not in err
    assert baseline_of(layout) == str(cohort["template"])
    assert layout.manifest.is_file() and layout.cohort_xlsx.is_file()


def test_a_harvest_with_a_broken_remembered_baseline_runs_without_one(
    harvested, cohort, tmp_path, capsys
):
    layout = harvested
    (layout.baseline_root / "groups" / "template" / "files.json").unlink()
    layout.manifest.unlink()
    capsys.readouterr()
    assert harvest(cohort, layout.root, tmp_path / "nope") == 0
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "checking without a baseline" in line]
    assert len(lines) == 1 and "files.json is missing or unreadable" in lines[0]
    assert "Traceback" not in err
    assert baseline_of(layout) is None
    assert layout.manifest.is_file() and layout.cohort_xlsx.is_file()  # export still ran
    # `harvester evidence` alone says what to do, in one sentence, exit 2.
    assert main(["evidence", str(layout.root)]) == 2
    assert "give --baseline again" in capsys.readouterr().err


def test_a_good_new_baseline_replaces_the_remembered_one(harvested, cohort, tmp_path):
    layout = harvested
    folder = tmp_path / "unpacked-template"
    (folder / "src").mkdir(parents=True)
    (folder / "src" / "data.py").write_text("print('template')\n")
    assert main(["evidence", str(layout.root), "--baseline", str(folder), "--force"]) == 0
    record = json.loads((layout.baseline_root / "baseline.json").read_text())
    assert record["kind"] == "folder" and baseline_of(layout) == str(folder)
    assert not (layout.baseline_root / "groups").exists()  # the old git baseline is gone
    assert (layout.baseline_root / ".cache" / "repos").is_dir()  # its clones are kept
    assert sorted(p.name for p in layout.root.iterdir() if p.name.startswith("baseline")) == [
        "baseline"
    ]
    # Back to the template repository: fetched again from the kept clone.
    assert main(["evidence", str(layout.root), "--baseline", str(cohort["template"])]) == 0
    snapshot = json.loads((layout.baseline_root / "groups/template/snapshot.json").read_text())
    assert snapshot["fetch"]["action"] == "up_to_date"


def test_a_swap_stopped_halfway_gets_the_remembered_baseline_back(harvested, tmp_path):
    layout = harvested
    root = layout.baseline_root
    old = root.with_name("baseline.old")
    root.rename(old)  # as if stopped between the two renames
    spec = template_repo.parse_spec(str(tmp_path / "nope"))
    with pytest.raises(template_repo.BaselineError, match="unreachable"):
        template_repo.prepare(layout, spec, None)
    assert not old.exists() and template_repo.load(layout) is not None
