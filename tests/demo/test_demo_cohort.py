"""The bundled demo cohort: shipped bundles match their sources, and each repo is as designed.

The design lives in demo/expected.json (what a correct harvest finds) and demo/README.md; these
tests check it against real `git clone`s of the shipped bundles, independently of harvester.fetch.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo"
EXPECTED = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
GROUPS = EXPECTED["groups"]
WITH_BUNDLE = [g for g, spec in GROUPS.items() if spec["bundle"]]
WITH_REPORT = [g for g, spec in GROUPS.items() if spec["record"]]

# Template generation -> (questions, checklist items, has the M27 input-output item, has (Mxx) tags)
TEMPLATE_MARKERS = {"2023": (27, 36, False, False), "2025": (31, 52, False, True)}
TEMPLATE_MARKERS["2026"] = (31, 53, True, True)

# Things each report was written to contain at its deadline commit (see demo/README.md).
DESIGNED_TEXT = {
    "3": ['<div align="center">', "](./figures/wandb_sweep.png)", "**$4.20**", "* [X]", "* [x]",
          "* [-]", "We did not end up using Cloud Functions", "coverage of our code is 78%"],
    "11": ["> s250411, s250419, s250455, mkrogh", "31.5 kr", "--- question 28 fill here ---",
           "--- question 29 fill here ---", "](figures/wandb%20sweep.png)", "coverage is 64 %"],
    "17": ["<script>alert(1)</script>", "<img src=x onerror=", "(javascript:alert(", "<iframe",
           '=HYPERLINK("', "We used 12 credits", "--- We have 9 tests", "* [-]",
           "--- question 23 fill here ---"],
    "24": ["](/reports/figures/cloudbuild.png)", "s250902: $1.85, s250914: $0.62",
           "(figures/locust_results.png)", "coverage is 91%"],
    "45": ["\n--- 54 ---\n", "`![bucket](figures/bucket_eurosat.png)`", "€7.80",
           "--- question 25 fill here ---", "--- question 26 fill here ---", "47% coverage"],
}  # fmt: skip
DESIGNED_MISSING = {"17": {"x"}, "24": {"figures/locust_results.png"}}


# --- helpers ---------------------------------------------------------------------------------


def run_git_raw(*args: str, cwd: Path | None = None) -> bytes:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    result = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=False)
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr!r}"
    return result.stdout


def run_git(*args: str, cwd: Path | None = None) -> str:
    return run_git_raw(*args, cwd=cwd).decode("utf-8")


def commits(clone: Path) -> list[tuple[str, datetime, str, str]]:
    """(sha, committer time, committer time as written, subject) for the checked-out branch."""
    out = run_git("log", "--format=%H%x09%cI%x09%s", cwd=clone)
    rows = [line.split("\t", 2) for line in out.splitlines()]
    return [(sha, datetime.fromisoformat(t), t, subject) for sha, t, subject in rows]


def deadline_of(group: str) -> datetime:
    return datetime.fromisoformat(GROUPS[group]["snapshot"]["deadline"])


def deadline_commit(clone: Path, deadline: datetime) -> tuple[str, str, str]:
    before = [c for c in commits(clone) if c[1] <= deadline]
    sha, _, written, subject = max(before, key=lambda c: c[1])
    return sha, written, subject


def show(clone: Path, sha: str, path: str) -> str:
    return run_git("show", f"{sha}:{path}", cwd=clone)


def tree(clone: Path, sha: str) -> list[str]:
    return run_git("ls-tree", "-r", "--name-only", sha, cwd=clone).splitlines()


def answer_text(readme: str, question: int) -> str:
    """The text after '> Answer:' of one question, up to the next heading."""
    part = re.split(rf"^### Question {question}\s*$", readme, flags=re.M)[1]
    part = re.split(r"^#{2,3} ", part, flags=re.M)[0]
    return part.split("Answer:", 1)[1]


def checklist_items(readme: str) -> int:
    head = readme.split("## Group information")[0]
    return len(re.findall(r"^\* \[[ xX-]\]", head, flags=re.M))


def image_sources(readme: str) -> list[str]:
    md = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", readme)
    html = re.findall(r"<img\s+src=\"?([^\"\s>]+)", readme)
    return [s for s in md + html if s != "figures/<image>.<extension>"]


def resolve(src: str) -> str:
    path = unquote(src)
    if path.startswith("/reports/"):
        path = path[len("/reports/") :]
    return str(PurePosixPath(path.removeprefix("./")))


# --- shipped bundles == sources ----------------------------------------------------------------


def test_shipped_bundles_match_their_sources(build_demo, fresh_bundles):
    shipped = sorted(p.name for p in (DEMO / "bundles").glob("*.bundle"))
    assert shipped == sorted(p.name for p in fresh_bundles.glob("*.bundle"))
    for name in shipped:
        assert build_demo.bundle_heads(DEMO / "bundles" / name) == build_demo.bundle_heads(
            fresh_bundles / name
        ), f"{name} drifted from demo/sources: run `make demo-bundles`"


def test_rebuilding_is_byte_identical(build_demo, fresh_bundles, tmp_path):
    results = build_demo.build_all(out=tmp_path, only=["g03"])
    assert results == {"g03": "written"}
    assert (tmp_path / "g03.bundle").read_bytes() == (fresh_bundles / "g03.bundle").read_bytes()


def test_check_mode_reports_drift_and_writes_nothing(build_demo, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(DEMO / "sources", sources)
    shipped = (DEMO / "bundles" / "g30.bundle").read_bytes()
    assert build_demo.build_all(sources=sources, only=["g30"], check=True) == {"g30": "unchanged"}
    with (sources / "g30" / "code" / "README.md").open("a", encoding="utf-8") as fh:
        fh.write("\none more line\n")
    assert build_demo.build_all(sources=sources, only=["g30"], check=True) == {"g30": "drifted"}
    assert build_demo.main(["--check", "--sources", str(sources), "g30"]) == 1
    assert (DEMO / "bundles" / "g30.bundle").read_bytes() == shipped


def test_unknown_group_is_an_error(build_demo, capsys):
    assert build_demo.main(["--check", "g99"]) == 2
    assert "unknown group(s): g99" in capsys.readouterr().err


def _history(tmp_path: Path, files: list, date: str = "2026-01-10T10:00:00+01:00") -> Path:
    group = tmp_path / "sources" / "gx"
    group.mkdir(parents=True)
    (group / "a.txt").write_text("a\n")
    author = {"name": "A", "email": "a@example.com"}
    commit = {"date": date, "author": author, "message": "m", "files": files}
    (group / "history.json").write_text(json.dumps({"commits": [commit]}))
    return group


@pytest.mark.parametrize(
    "files,date,message",
    [
        ([{"path": "../escape.txt", "from": "a.txt"}], None, "unsafe repo path"),
        ([{"path": "/etc/x", "from": "a.txt"}], None, "unsafe repo path"),
        ([{"path": ".git/config", "from": "a.txt"}], None, "unsafe repo path"),
        ([{"path": "b.txt", "from": "../../../outside"}], None, "outside"),
        ([{"path": "b.txt", "from": "nope.txt"}], None, "does not exist"),
        ([{"path": "b.txt"}], None, "needs 'from', 'png' or 'delete'"),
        ([], "2026-01-10T10:00:00", "needs an offset"),
    ],
)
def test_bad_history_names_group_and_commit(build_demo, tmp_path, files, date, message):
    group = _history(tmp_path, files, date or "2026-01-10T10:00:00+01:00")
    with pytest.raises(build_demo.SourceError, match=re.escape(message)) as info:
        build_demo.load_history(group)
    assert "history.json commit 1" in str(info.value) or "outside" in str(info.value)


def test_history_builds_a_real_repo(build_demo, tmp_path):
    png = {"width": 40, "height": 30, "label": "x"}
    group = _history(tmp_path, [{"path": "a.txt", "from": "a.txt"}, {"path": "f.png", "png": png}])
    repo = build_demo.build_repo(build_demo.load_history(group), tmp_path / "work")
    assert run_git("log", "--format=%an|%ae|%aI|%cI|%s", cwd=repo).strip() == (
        "A|a@example.com|2026-01-10T10:00:00+01:00|2026-01-10T10:00:00+01:00|m"
    )
    assert run_git("ls-tree", "-r", "--name-only", "HEAD", cwd=repo).split() == ["a.txt", "f.png"]


def test_apply_ops_copies_folders_and_deletes_recursively(build_demo, tmp_path):
    src = tmp_path / "code"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "m.py").write_bytes(b"x = 1\n")
    (src / "top.txt").write_bytes(b"t")
    op = build_demo.FileOp
    tree = build_demo.apply_ops({"reports/README.md": b"r", "reports/figures/a.png": b"p"}, (
        op("src/", source=src), op("reports", delete=True)))  # fmt: skip
    assert tree == {"src/pkg/m.py": b"x = 1\n", "src/top.txt": b"t"}


def test_merge_trees_is_a_file_level_three_way_merge(build_demo):
    base = {"a": b"1", "b": b"1", "c": b"1"}
    ours = {"a": b"2", "b": b"1", "c": b"1", "new": b"n"}
    theirs = {"a": b"1", "b": b"3"}  # deleted c
    assert build_demo.merge_trees(base, ours, theirs) == {"a": b"2", "b": b"3", "new": b"n"}
    with pytest.raises(ValueError, match="merge conflict in a"):
        build_demo.merge_trees(base, ours, {"a": b"9"})


# --- each clone is as designed -------------------------------------------------------------------


@pytest.mark.parametrize("group", WITH_BUNDLE)
def test_clone_checks_out_the_default_branch(build_demo, clones, group):
    clone, branch = clones[group], GROUPS[group]["snapshot"]["branch"]
    assert run_git("symbolic-ref", "--short", "HEAD", cwd=clone).strip() == branch
    heads = build_demo.bundle_heads(DEMO / "bundles" / f"{GROUPS[group]['bundle']}.bundle")
    head_sha = dict(heads)["HEAD"]
    # only the default branch may point at HEAD, or `git clone` would have to guess
    assert [ref for ref, sha in heads if sha == head_sha] == ["HEAD", f"refs/heads/{branch}"]


@pytest.mark.parametrize("group", WITH_BUNDLE)
def test_commit_dates_around_the_deadline(clones, group):
    clone, snap = clones[group], GROUPS[group]["snapshot"]
    deadline = deadline_of(group)
    sha, written, subject = deadline_commit(clone, deadline)
    designed = snap["deadline_commit"]
    assert (written, subject) == (designed["time"], designed["subject"])
    late = [c for c in commits(clone) if c[1] > deadline]
    assert len(late) == snap["commits_after_deadline"]
    changed = run_git("diff", "--name-only", sha, "HEAD", "--", "reports", cwd=clone).split()
    assert sorted(changed) == sorted(snap["late_report_files"])
    assert bool(changed) == snap["reports_changed_after_deadline"]
    log = run_git("log", "--format=%aI%x09%cI%x09%an%x09%cn", cwd=clone).splitlines()
    assert all(a == c and an == cn for a, c, an, cn in (line.split("\t") for line in log))


def test_the_cohort_covers_the_designed_timelines(clones):
    """Late report edits, late code-only commits, an extension, and a +02:00 trap."""
    cohort = datetime.fromisoformat(EXPECTED["cohort_deadline"])
    g11 = [c for c in commits(clones["11"]) if c[1] > cohort]
    assert g11 and all(c[2].startswith("2026-01-25") for c in g11)
    g03_late = [c[0] for c in commits(clones["3"]) if c[1] > cohort]
    touched = run_git("show", "--name-only", "--format=", *g03_late, cwd=clones["3"]).split()
    assert g03_late and not [p for p in touched if p.startswith("reports/")]
    extension = deadline_of("24")
    between = [c for c in commits(clones["24"]) if cohort < c[1] <= extension]
    assert len(between) >= 2
    g45_last = commits(clones["45"])[0]
    assert g45_last[2] == "2026-01-25T00:30:00+02:00" and g45_last[1] <= cohort


@pytest.mark.parametrize("group", WITH_BUNDLE)
def test_report_present_or_absent_at_the_deadline(clones, group):
    clone = clones[group]
    sha = deadline_commit(clone, deadline_of(group))[0]
    files = tree(clone, sha)
    if GROUPS[group]["snapshot"]["status"] == "no_report":
        assert not [f for f in files if f.startswith("reports/")]
        earlier = commits(clone)[-1][0]  # the cookiecutter commit still had the template
        assert "reports/README.md" in tree(clone, earlier)
    else:
        assert "reports/README.md" in files


@pytest.mark.parametrize("group", WITH_BUNDLE)
def test_figures_are_valid_pngs(clones, png_decoder, group):
    clone = clones[group]
    shas = {"HEAD", deadline_commit(clone, deadline_of(group))[0]}
    pngs = 0
    for sha in shas:
        for path in tree(clone, sha):
            if path.endswith(".png"):
                data = run_git_raw("show", f"{sha}:{path}", cwd=clone)
                width, height, _ = png_decoder(data)
                assert 16 <= width <= 2000 and 16 <= height <= 2000
                pngs += 1
    assert pngs >= 5 or GROUPS[group]["snapshot"]["status"] == "no_report"


@pytest.mark.parametrize("group", WITH_REPORT)
def test_template_generation_markers(clones, group):
    clone = clones[group]
    readme = show(clone, deadline_commit(clone, deadline_of(group))[0], "reports/README.md")
    questions, items, m27, tags = TEMPLATE_MARKERS[GROUPS[group]["record"]["template"]]
    assert len(re.findall(r"^### Question \d+\s*$", readme, flags=re.M)) == questions
    assert checklist_items(readme) == items
    assert ("input-output data from your deployed application (M27)" in readme) == m27
    assert ("Create a git repository (M5)" in readme) == tags
    record = GROUPS[group]["record"]
    assert sum(record["checklist"].values()) == items


@pytest.mark.parametrize("group", WITH_REPORT)
def test_report_contains_the_designed_quirks(clones, group):
    clone = clones[group]
    sha = deadline_commit(clone, deadline_of(group))[0]
    readme = show(clone, sha, "reports/README.md")
    for snippet in DESIGNED_TEXT[group]:
        assert snippet in readme, f"group {group}: {snippet!r} missing"
    placeholders = sorted(
        int(n) for n in re.findall(r"^--- question (\d+) fill here ---$", readme, flags=re.M)
    )
    assert placeholders == GROUPS[group]["record"]["unanswered"]
    files = {p.removeprefix("reports/") for p in tree(clone, sha) if p.startswith("reports/")}
    sources = image_sources(readme)
    assert len(sources) == GROUPS[group]["record"]["images"]["referenced"]
    missing = {resolve(s) for s in sources} - files
    assert missing == DESIGNED_MISSING.get(group, set())
    assert len(missing) == GROUPS[group]["record"]["images"]["missing"]


def test_one_answer_is_over_its_word_limit(clones):
    sha = deadline_commit(clones["24"], deadline_of("24"))[0]
    readme = show(clones["24"], sha, "reports/README.md")
    assert "Recommended answer length: 0-200 words." in readme
    words = answer_text(readme, 3).split()
    assert len(words) > 200


def test_report_group_number_differs_from_the_roster(clones):
    readme = show(clones["45"], "HEAD", "reports/README.md")
    assert answer_text(readme, 1).strip() == "--- 54 ---"
    assert GROUPS["45"]["record"]["group_number"] == 54


# --- groups.csv ----------------------------------------------------------------------------------


def test_groups_csv_points_at_the_bundles():
    from harvester.roster import load_roster

    roster = load_roster(ROOT / "groups.csv")
    assert roster.errors == []
    assert [g.id for g in roster.groups] == list(GROUPS)
    header = (ROOT / "groups.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "group,repo,members,deadline,branch"
    for g in roster.groups:
        path = ROOT / g.repo
        bundle = GROUPS[g.id]["bundle"]
        assert g.repo == (f"demo/bundles/{bundle}.bundle" if bundle else g.repo)
        assert path.is_file() == bool(bundle), g.repo
        assert not bundle or path.read_bytes().startswith(b"# v2 git bundle")
        expected_deadline = deadline_of(g.id) if g.id == "24" else None
        assert g.deadline == expected_deadline
        assert len(g.members) >= 3
    assert [g.repo for g in roster.groups if not GROUPS[g.id]["bundle"]] == [
        "demo/bundles/does-not-exist.bundle"
    ]


@pytest.mark.parametrize("group", WITH_REPORT)
def test_roster_members_vs_report(clones, group):
    from harvester.roster import load_roster

    roster = {g.id: g for g in load_roster(ROOT / "groups.csv").groups}
    readme = show(clones[group], deadline_commit(clones[group], deadline_of(group))[0],
                  "reports/README.md")  # fmt: skip
    listed = re.findall(r"s\d{6}", answer_text(readme, 2))
    assert listed == GROUPS[group]["record"]["study_numbers"]
    match = set(listed) == set(roster[group].members)
    assert match == GROUPS[group]["roster_members_match_report"]


# --- the demo folder ---------------------------------------------------------------------------


def test_demo_readme_describes_every_group():
    text = (DEMO / "README.md").read_text(encoding="utf-8")
    for group, spec in GROUPS.items():
        assert re.search(rf"^\| {group} \|", text, flags=re.M), f"no table row for group {group}"
        if spec["bundle"]:
            assert f"`{spec['bundle']}`" in text


def test_demo_folder_stays_small():
    size = sum(p.stat().st_size for p in DEMO.rglob("*") if p.is_file())
    assert size < 1_100_000, f"demo/ is {size} bytes"


# --- against the real parser, once it exists ----------------------------------------------------


@pytest.mark.parametrize("group", WITH_REPORT)
def test_parser_reads_the_designed_record(clones, group):
    parse = pytest.importorskip("harvester.parse")
    if not hasattr(parse, "parse_text"):
        pytest.skip("harvester.parse.parse_text not available yet")
    clone = clones[group]
    sha = deadline_commit(clone, deadline_of(group))[0]
    files = {p.removeprefix("reports/") for p in tree(clone, sha) if p.startswith("reports/")}
    record = parse.parse_text(show(clone, sha, "reports/README.md"), files)
    expected = GROUPS[group]["record"]
    got = {key: record.get(key) for key in expected}
    assert got == expected
