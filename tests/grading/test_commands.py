"""The grading commands' errors: one clear sentence and exit status 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.cli import main


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """An output folder without roster.json (e.g. copied from elsewhere): no store is known."""
    out = tmp_path / "output"
    (out / "groups" / "3").mkdir(parents=True)
    snapshot = {"group": "3", "status": "ok", "deadline_commit": {"sha": "1" * 40}}
    (out / "groups" / "3" / "snapshot.json").write_text(json.dumps(snapshot))
    (tmp_path / "g.csv").write_text("")  # an existing (empty) grades store
    return out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["feedback", "--out", "{out}"], "cannot tell where the grades store is"),
        (["grades", "import", "{out}/cohort.xlsx"], "cohort.xlsx: no such workbook"),
        (["grades", "confirm", "--from", "{out}"], "name the groups, or pass --all-stale"),
        (["grades", "confirm", "9", "--from", "{out}", "--store", "{tmp}/g.csv"], "no group 9"),
        (["grades", "confirm", "3", "--from", "{out}", "--store", "{tmp}/typo.csv"],
         "no grades store at {tmp}/typo.csv"),
        (["grades", "export", "--format", "sakai", "--out", "{tmp}/x.csv", "--from", "{out}"],
         "unknown LMS 'sakai'"),
        (["grades", "export", "--format", "csv", "--out", "{tmp}/x.csv", "--from", "{tmp}"],
         "no groups/ folder"),
        (["grades", "export", "--format", "csv", "--out", "{tmp}/x.csv", "--from", "{out}",
          "--store", "{tmp}/typo.csv"], "no grades store at {tmp}/typo.csv"),
        (["feedback", "--out", "{out}", "--store", "{tmp}/typo.csv"],
         "no grades store at {tmp}/typo.csv"),
    ],
)  # fmt: skip
def test_errors_are_one_sentence_with_exit_2(
    output: Path, tmp_path: Path, capsys: pytest.CaptureFixture, args: list[str], message: str
) -> None:
    argv = [a.format(out=output, tmp=tmp_path) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("harvester: error: ") and message.format(tmp=tmp_path) in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.csv").exists() and not (output / "feedback").exists()


def test_with_an_explicit_store_the_commands_work(
    output: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    store = tmp_path / "elsewhere" / "grades.csv"
    store.parent.mkdir()
    store.write_text("")  # confirm appends to a store, it never starts one by a --store typo
    assert main(["grades", "confirm", "3", "--from", str(output), "--store", str(store)]) == 0
    assert "group 3 was not stale; confirmed anyway" in capsys.readouterr().err
    assert "group,3,confirm,yes," in store.read_text()
    # the output folder remembers its store from now on
    assert main(["feedback", "--out", str(output)]) == 0
    assert (output / "feedback" / "3.md").read_text().startswith("# Feedback for group 3")
