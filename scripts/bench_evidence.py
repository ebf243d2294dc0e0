"""What reading evidence costs: the harvest with today's evidence set vs the one before it.

Generates N student-like repositories (a source tree, tests, configs, docs, workflows, a few
MB of data and weights, notebooks, a report) served over file:// with partial clone allowed,
then harvests them twice into fresh outputs:

  (old) the evidence set before the claims-vs-evidence check: root config files, workflows,
        dockerfiles/ and *.dvc (at most 200 files)
  (new) source, config, build and docs text anywhere, capped per file and per repository

and prints, for each, the fetch time, the bytes that came down (cache) and landed as evidence
copies, and the time of the evidence stage itself.

    python scripts/bench_evidence.py --repos 30
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.evidence import run_evidence  # noqa: E402
from harvester.fetch import FetchOptions, fetch_all, tree  # noqa: E402
from harvester.fetch.gitops import dir_bytes  # noqa: E402
from harvester.fetch.pool import human_bytes  # noqa: E402
from harvester.layout import OutputLayout  # noqa: E402
from harvester.parse_stage import parse_all  # noqa: E402
from harvester.roster import Group  # noqa: E402
from harvester.timeutil import parse_deadline  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_fetch import DEADLINE, git, write  # noqa: E402

_OLD_ROOT = re.compile(
    rb"pyproject\.toml|requirements[^/]*\.txt|\.pre-commit-config\.yaml|[Dd]ockerfile[^/]*"
)
_OLD_DIRS = (b".github/workflows/", b"dockerfiles/")


def old_evidence_entries(entries: list[tree.Entry]) -> list[tree.Entry]:
    """The evidence selection before this check existed (for comparison only)."""
    chosen = [
        e for e in entries
        if e.is_file and (
            b"/" not in e.path and _OLD_ROOT.fullmatch(e.path)
            or any(e.path.startswith(d) and b"/" not in e.path[len(d):] for d in _OLD_DIRS)
            or e.path.endswith(b".dvc")
        )
    ]  # fmt: skip
    return sorted(chosen, key=lambda e: e.path)[:200]


def _text(kb: float, seed: int) -> bytes:
    """Code-like text that compresses like code (not like one line repeated)."""
    words = [os.urandom(4).hex() for _ in range(200)]
    out, size = [], 0
    while size < kb * 1024:
        name, call, note = words[size % 199], words[(size * 7) % 197], words[size % 193]
        line = f"    {name} = {call}(x, {seed})  # {note}\n"
        out.append(line)
        size += len(line)
    return "".join(out).encode()


def make_repo(path: Path, index: int, data_mb: float) -> None:
    """One group's repository: code, tests, configs, docs, CI, data, weights, notebooks."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    git(path, "config", "uploadpack.allowFilter", "true")
    git(path, "config", "uploadpack.allowAnySHA1InWant", "true")
    files: dict[str, bytes] = {
        "pyproject.toml": b"[project]\nname = 'proj'\ndependencies = ['torch', 'fastapi']\n",
        "requirements.txt": b"torch\nfastapi\nhydra-core\nwandb\n",
        "tasks.py": _text(3, index), ".pre-commit-config.yaml": b"repos: []\n",
        "README.md": _text(4, index), "mkdocs.yml": b"site_name: proj\n",
        "data.dvc": b"outs:\n- path: data\n", ".dvc/config": b"[core]\nremote = gs\n",
        "reports/README.md": b"# Exam report\n\n## Group information\n\nGroup 1\n",
        "reports/figures/arch.png": os.urandom(80_000),
        "data/raw.bin": os.urandom(int(data_mb * 2**20 * 0.6)),
        "models/model.pt": os.urandom(int(data_mb * 2**20 * 0.4)),
    }  # fmt: skip
    for k in range(15):
        files[f"src/proj/module_{k}.py"] = _text(4, index + k)
    for k in range(6):
        files[f"tests/test_{k}.py"] = _text(2, k)
    for k in range(8):
        files[f"configs/exp_{k}.yaml"] = b"lr: 0.001\nbatch_size: 32\n" * 20
    for k in range(10):
        files[f"docs/source/page_{k}.md"] = _text(3, k)
    for k in range(3):
        files[f".github/workflows/w{k}.yaml"] = b"on: push\njobs: {}\n" * 10
        files[f"dockerfiles/d{k}.dockerfile"] = b"FROM python:3.12\n" * 5
        files[f"notebooks/nb_{k}.ipynb"] = b'{"cells": []}' + b" " * 300_000
    for name, data in files.items():
        write(path / name, data)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "work", when="2026-01-20T10:00:00+01:00")


def harvest(remotes: list[Path], out: Path, jobs: int) -> tuple[float, int, int, float]:
    """(fetch seconds, bytes fetched, bytes of evidence copies, evidence-stage seconds)."""
    layout = OutputLayout(out)
    groups = [Group(id=str(i), repo=str(r), repo_secret=str(r)) for i, r in enumerate(remotes)]
    started = time.monotonic()
    with open(os.devnull, "w") as quiet:
        snaps = fetch_all(groups, parse_deadline(DEADLINE), layout, jobs=jobs, progress=False,
                          options=FetchOptions(timeout=120), stream=quiet)  # fmt: skip
    fetch_seconds = time.monotonic() - started
    assert all(s["status"] == "ok" for s in snaps), [s["error"] for s in snaps if s["error"]]
    evidence_bytes = sum(dir_bytes(layout.evidence_files_dir(g.id)) for g in groups)
    parse_all(layout)
    started = time.monotonic()
    run_evidence(layout)
    return fetch_seconds, dir_bytes(layout.cache_dir), evidence_bytes, time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repos", type=int, default=30)
    ap.add_argument("--data-mb", type=float, default=10.0)
    ap.add_argument("--jobs", type=int, default=4)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="harvester-bench-evidence-"))
    try:
        remotes = [work / "remotes" / f"g{i:03d}" for i in range(args.repos)]
        for i, path in enumerate(remotes):
            make_repo(path, i, args.data_mb)
        new = tree.evidence_entries
        tree.evidence_entries = old_evidence_entries
        try:
            old_run = harvest(remotes, work / "out-old", args.jobs)
        finally:
            tree.evidence_entries = new
        new_run = harvest(remotes, work / "out-new", args.jobs)
        n = args.repos
        print(f"\nevidence benchmark: {n} repos ({args.data_mb:g} MB data+weights each, "
              f"{os.cpu_count()} cpus)")  # fmt: skip
        print(f"{'':34} {'fetch':>8} {'fetched':>10} {'evidence':>10} {'check':>8}")
        for label, (secs, fetched, copied, check) in (("old evidence set", old_run),
                                                      ("new evidence set", new_run)):  # fmt: skip
            print(f"{label:34} {secs:7.2f}s {human_bytes(fetched):>10} "
                  f"{human_bytes(copied):>10} {check:7.2f}s")  # fmt: skip
        extra = new_run[1] - old_run[1]
        print(f"\nper repo: +{human_bytes(extra / n)} fetched, "
              f"+{(new_run[0] - old_run[0]) / n * 1000:.0f} ms fetch, "
              f"{new_run[3] / n * 1000:.0f} ms evidence check")  # fmt: skip
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
