"""Benchmark the fetch stage against what the course's own scripts do.

Generates N local repositories, each with ~DATA_MB of committed incompressible "data" (random
bytes in a few files over a couple of commits) besides a small report with figures, served
over file:// with partial clone allowed (uploadpack.allowFilter, allowAnySHA1InWant). Then:

  (a) sequential full `git clone` of each + `git checkout` of the deadline commit
  (b) `harvester fetch` into a fresh output (partial clone, parallel): the same job as (a)
  (b') `harvester harvest` on it: the rest of a first run (parse, evidence, similarity, export),
       which the course's scripts never do; (b) + (b') is a whole first harvest
  (c) `harvester harvest` again, nothing new

and prints times, bytes landed on disk (clone dirs for (a), the fetch cache for (b)/(c)) and
the ratios. The speed target compares like with like: (a) against (b). Everything is
generated in a temp dir and removed afterwards unless --keep.

    python scripts/bench_fetch.py --repos 100 --data-mb 20 --jobs 4
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harvester.cli import main as cli_main  # noqa: E402
from harvester.fetch import default_jobs  # noqa: E402
from harvester.fetch.gitops import dir_bytes  # noqa: E402
from harvester.fetch.pool import human_bytes  # noqa: E402
from harvester.layout import OutputLayout  # noqa: E402

DEADLINE = "2026-01-24T23:59:00+01:00"
ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "Bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(cwd: Path, *args: str, when: str | None = None) -> str:
    env = dict(ENV)
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    out = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"git {' '.join(args)} failed in {cwd}: {out.stderr}")
    return out.stdout.strip()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def make_template(path: Path, data_mb: float) -> None:
    """The data history every generated repo starts from (two commits, three data files)."""
    path.mkdir(parents=True)
    git(path, "init", "-q", "-b", "main")
    total = int(data_mb * 2**20)
    write(path / "data" / "raw_0.bin", os.urandom(total * 4 // 10))
    write(path / "data" / "raw_1.bin", os.urandom(total * 3 // 10))
    write(path / "src" / "project" / "train.py", b"import torch\n")
    write(path / "pyproject.toml", b"[project]\nname = 'mlops'\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "raw data", when="2026-01-10T10:00:00+01:00")
    write(path / "models" / "model.pt", os.urandom(total - total * 7 // 10))
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "first model", when="2026-01-17T10:00:00+01:00")
    # Packed like a hosting server keeps it; no delta search on random data.
    git(path, "repack", "-a", "-d", "-q", "--window=0")


def make_repo(template: Path, path: Path, index: int) -> None:
    """A group's repo: the template's history (hard-linked objects) + its own report commits."""
    subprocess.run(["cp", "-al", str(template), str(path)], check=True)
    git(path, "config", "uploadpack.allowFilter", "true")
    git(path, "config", "uploadpack.allowAnySHA1InWant", "true")
    report = f"# Exam report\n\n## Group information\n\nGroup {index}\n".encode()
    write(path / "reports" / "README.md", report)
    for name in ("architecture.png", "wandb.png", "gcp_bucket.png"):
        write(path / "reports" / "figures" / name, os.urandom(60_000))
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "report", when="2026-01-24T22:00:00+01:00")
    write(path / "reports" / "README.md", report + b"\nEdited after the deadline.\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "late edit", when="2026-01-25T09:00:00+01:00")


def course_script(repos: list[Path], dest: Path) -> float:
    """(a): sequential full clone + checkout of the last commit before the deadline."""
    started = time.monotonic()
    for repo in repos:
        target = dest / repo.name
        git(dest, "clone", "-q", f"file://{repo}", str(target))
        sha = git(target, "rev-list", "-1", f"--before={DEADLINE}", "HEAD")
        git(target, "checkout", "-q", sha)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--repos", type=int, default=100)
    ap.add_argument("--data-mb", type=float, default=20.0)
    ap.add_argument("--jobs", type=int, default=0, help=f"default {default_jobs()}")
    ap.add_argument("--keep", action="store_true", help="keep the generated data")
    args = ap.parse_args(argv)
    jobs = args.jobs or default_jobs()
    work = Path(tempfile.mkdtemp(prefix="harvester-bench-"))
    try:
        t0 = time.monotonic()
        make_template(work / "template", args.data_mb)
        remotes = work / "remotes"
        remotes.mkdir()
        repos = []
        for i in range(args.repos):
            make_repo(work / "template", remotes / f"group{i:03d}", i)
            repos.append(remotes / f"group{i:03d}")
        print(
            f"generated {args.repos} repos with {args.data_mb:g} MB of data each in "
            f"{time.monotonic() - t0:.1f}s ({work})",
            file=sys.stderr,
        )
        roster = work / "groups.csv"
        roster.write_text(
            "group,repo\n" + "".join(f"{i},file://{r}\n" for i, r in enumerate(repos))
        )

        clones = work / "clones"
        clones.mkdir()
        time_a = course_script(repos, clones)
        bytes_a = dir_bytes(clones)

        layout = OutputLayout(work / "output")
        harvest = ["harvest", "--groups", str(roster), "--deadline", DEADLINE, "--jobs", str(jobs),
                   "--out", str(layout.root), "--no-github", "--no-progress"]  # fmt: skip
        started = time.monotonic()
        if cli_main(["fetch", *harvest[1:]]) != 0:
            raise SystemExit("fetch failed")
        time_b = time.monotonic() - started
        started = time.monotonic()
        if cli_main(harvest) != 0:
            raise SystemExit("harvest failed")
        time_rest = time.monotonic() - started
        bytes_b = dir_bytes(layout.cache_dir)
        first = [layout.snapshot(str(i)).read_bytes() for i in range(len(repos))]
        snaps = [json.loads(raw) for raw in first]
        bad = [s for s in snaps if s["status"] != "ok"]
        if bad:
            raise SystemExit(f"harvest failed for {len(bad)} groups: {bad[0]['error']}")
        for i, repo in enumerate(repos):  # same deadline commit as the course script
            ours = (layout.reports_dir(str(i)) / "README.md").read_bytes()
            theirs = (clones / repo.name / "reports" / "README.md").read_bytes()
            if ours != theirs:
                raise SystemExit(f"group {i}: report differs from the course script's checkout")

        started = time.monotonic()
        if cli_main(harvest) != 0:
            raise SystemExit("second harvest failed")
        time_c = time.monotonic() - started
        bytes_c = dir_bytes(layout.cache_dir) - bytes_b
        again = [layout.snapshot(str(i)).read_bytes() for i in range(len(repos))]
        reused = sum(1 for old, new in zip(first, again, strict=True) if old == new)

        n = args.repos
        rows = [
            ("(a) sequential clone + checkout", time_a, bytes_a),
            (f"(b) harvester fetch, jobs={jobs}", time_b, bytes_b),
            ("(b') then parse..export (harvest)", time_rest, 0),
            ("(c) harvest again, nothing new", time_c, bytes_c),
        ]
        print(f"\nfetch benchmark: {n} repos x {args.data_mb:g} MB data, {os.cpu_count()} cpus")
        print(f"{'':36} {'time':>9} {'bytes on disk':>14} {'per repo':>10}")
        for name, secs, size in rows:
            print(f"{name:36} {secs:8.2f}s {human_bytes(size):>14} {human_bytes(size / n):>10}")
        speed_ab = time_a / time_b
        size_ab = bytes_a / max(bytes_b, 1)
        first_run = time_b + time_rest
        speed_bc = first_run / time_c
        print(f"\n(a)/(b): {speed_ab:.1f}x faster, {size_ab:.0f}x fewer bytes")
        print(f"whole first harvest (b)+(b'): {first_run:.2f}s, {time_a / first_run:.1f}x (a)")
        print(f"(b)+(b')/(c): {speed_bc:.1f}x faster ({reused}/{n} snapshots unchanged)")
        checks = [
            ("(b) >= 5x faster than (a)", speed_ab >= 5),
            ("(b) >= 10x fewer bytes than (a)", size_ab >= 10),
            ("(c) >= 10x faster than (b)+(b')", speed_bc >= 10),
        ]
        for label, ok in checks:
            print(f"  {'PASS' if ok else 'FAIL'}  {label}")
        return 0 if all(ok for _label, ok in checks) else 1
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
