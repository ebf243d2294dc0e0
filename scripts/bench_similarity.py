"""Benchmark the similarity check: planted copies in a synthetic cohort with three past cohorts.

Writes four output folders as a harvest leaves them (roster.json, snapshot.json, record.json)
with real-shaped answers (scripts/similarity_synth.py): this cohort (2026 template, 31 questions)
and three past cohorts (2023 template twice, 2025 template). Then it plants copies into answers
of this cohort, from this cohort and from past ones, at three levels (verbatim 30-80 words; light:
~10% of words changed; heavy: ~25% changed and sentences reordered), runs
`harvester similarity OUT --past ...` as a separate process, and prints recall per level, the
flagged pairs nobody planted, those flagged only for template text, time and peak memory.
Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from similarity_synth import SynthAnswer, answer, new_group, plant  # noqa: E402

from harvester.atomic import atomic_write_json  # noqa: E402
from harvester.outputdir import ROSTER_FILE  # noqa: E402
from harvester.similarity.answers import Answer  # noqa: E402
from harvester.similarity.detect import pair_id  # noqa: E402

COHORTS = [
    ("2026-01", "2026", True),
    ("2023-01", "2023", False),
    ("2024-01", "2023", False),
    ("2025-01", "2025", False),
]
TARGETS = {"verbatim": 0.99, "light": 0.95, "heavy": 0.70}
MAX_SECONDS, MAX_MB = 60.0, 2048.0
SHORT = {"group_number", "study_numbers"}


def bank(generation: str) -> list[dict]:
    return json.loads((ROOT / "harvester" / "bank" / f"{generation}.json").read_text())["questions"]


def cohort_answers(rng: random.Random, generation: str, groups: int) -> dict[str, dict]:
    """group id -> {key: (question number, SynthAnswer)} for one cohort."""
    questions = bank(generation)
    out: dict[str, dict] = {}
    for g in range(1, groups + 1):
        group = new_group(rng, g)
        answers = {}
        for q in questions:
            key = q["key"]
            if key in SHORT:
                text = f"Group {g}" if key == "group_number" else f"s25{group.sid}, s25{g:04d}"
                answers[key] = (q["number"], SynthAnswer(key, text))
                continue
            low, high = q["word_limit"] or [40, 120]
            words = rng.randint(max(30, low - 20), high + 20)
            answers[key] = (q["number"], answer(group, key, q["text"], q["example"], words))
        out[str(g)] = answers
    return out


def write_cohort(root: Path, label: str, generation: str, answers: dict[str, dict]) -> None:
    roster = []
    for line, (gid, by_key) in enumerate(answers.items(), start=2):
        folder = root / "groups" / gid
        folder.mkdir(parents=True, exist_ok=True)
        deadline = f"{label}-20T23:59:00+01:00"
        atomic_write_json(
            folder / "snapshot.json", {"group": gid, "status": "ok", "deadline": deadline}
        )
        record = {
            "template": generation,
            "answers": [
                {"question": number, "key": key, "text": a.text, "answered": True}
                for key, (number, a) in by_key.items()
            ],
        }
        atomic_write_json(folder / "record.json", record)
        roster.append(
            {
                "group": gid,
                "repo": f"synthetic/{label}/{gid}",
                "members": [],
                "deadline": None,
                "branch": None,
                "line": line,
            }
        )
    atomic_write_json(root / ROSTER_FILE, {"source": "synthetic", "groups": roster, "errors": []})


def plant_copies(rng: random.Random, data: dict[str, dict], per_level: int) -> dict[str, str]:
    """Plant `per_level` copies per level into this cohort; returns planted pair id -> level."""
    new_label = COHORTS[0][0]
    targets_used: set[tuple[str, str, str]] = set()
    sources_used: set[tuple[str, str, str]] = set()
    planted: dict[str, str] = {}
    keys = [k for k in data[new_label]["1"] if k not in SHORT]
    for level in ("verbatim", "light", "heavy"):
        done = 0
        while done < per_level:
            key = rng.choice(keys)
            source_label = new_label if done % 2 == 0 else rng.choice(COHORTS[1:])[0]
            source_groups = [g for g, by_key in data[source_label].items() if key in by_key]
            if not source_groups:
                continue
            sg, tg = rng.choice(source_groups), rng.choice(list(data[new_label]))
            source, target = (source_label, sg, key), (new_label, tg, key)
            if source == target or {source, target} & (targets_used | sources_used):
                continue
            number, src = data[source_label][sg][key]
            t_number, tgt = data[new_label][tg][key]
            text = plant(rng, src, tgt.text, level)
            if text is None:
                continue
            data[new_label][tg][key] = (
                t_number,
                SynthAnswer(key, text, tgt.template_spans, tgt.body_start),
            )
            targets_used.add(target)
            sources_used.add(source)
            a = Answer(source_label, sg, key, number, "", source_label == new_label)
            b = Answer(new_label, tg, key, t_number, "", True)
            planted[pair_id(key, a, b)] = level
            done += 1
    return planted


def _tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [c for c, p in parents.items() if p == pid and c not in tree]
        tree.update(children)
        frontier += children
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess, float]:
    """Run `command`, sampling the whole process tree's memory (workers included)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True, cwd=ROOT)
        peak = 0.0
        while child.poll() is None:
            peak = max(peak, _tree_rss_mb(child.pid))
            time.sleep(0.2)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, child.returncode, out.read(), err.read())
    return done, peak


def template_only(pair: dict, data: dict[str, dict]) -> bool:
    """True when every shared passage of the pair lies inside side A's quoted template."""
    _, synth = data[pair["cohort_a"]][pair["group_a"]][pair["key"]]
    spans = synth.template_spans
    return bool(spans) and all(
        any(s <= p["a"][0] and p["a"][1] <= e for s, e in spans) for p in pair["passages"]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=250)
    parser.add_argument("--plants", type=int, default=100, help="planted copies per level")
    parser.add_argument("--seed", type=int, default=2476)
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="harvester-bench-similarity-"))
    try:
        t0 = time.perf_counter()
        data = {label: cohort_answers(rng, gen, args.groups) for label, gen, _ in COHORTS}
        planted = plant_copies(rng, data, args.plants)
        roots = {}
        for label, gen, _ in COHORTS:
            roots[label] = work / f"output-{label}"
            write_cohort(roots[label], label, gen, data[label])
        build = time.perf_counter() - t0
        command = [
            sys.executable,
            "-m",
            "harvester",
            "similarity",
            str(roots["2026-01"]),
            "--past",
            *(str(roots[label]) for label, _, _ in COHORTS[1:]),
        ]
        t1 = time.perf_counter()
        proc, tree_peak = run_measured(command)
        seconds = time.perf_counter() - t1
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb, cpu = max(tree_peak, usage.ru_maxrss / 1024), usage.ru_utime + usage.ru_stime
        if proc.returncode != 0:
            print(proc.stdout, proc.stderr, sep="\n")
            return 1
        run = json.loads((roots["2026-01"] / "similarity" / "pairs.json").read_text())
        flagged = {p["pair_id"]: p for p in run["pairs"]}
        answers = sum(len(by_key) for c in data.values() for by_key in c.values())
        print(
            f"cohort                 {args.groups} groups x 31 answers + 3 past cohorts "
            f"({answers} answers in all)"
        )
        print(f"build synthetic data   {build:8.1f} s")
        ok = True
        for level, target in TARGETS.items():
            ids = [pid for pid, lv in planted.items() if lv == level]
            found = sum(pid in flagged for pid in ids)
            recall = found / len(ids) if ids else 0.0
            mark = "ok" if recall >= target else "MISSED"
            ok &= recall >= target
            print(
                f"recall {level:<9}       {recall:8.1%}   ({found}/{len(ids)}; target "
                f"{target:.0%}) {mark}"
            )
        unplanted = [p for pid, p in flagged.items() if pid not in planted]
        only_template = [p for p in run["pairs"] if template_only(p, data)]
        kinds = {k: sum(p["kind"] == k for p in unplanted) for k in ("new-new", "new-old")}
        print(
            f"flagged, not planted   {len(unplanted):8d}   ({kinds['new-new']} new-new, "
            f"{kinds['new-old']} new-old; of {len(flagged)} flagged)"
        )
        print(f"flagged only for template text {len(only_template):3d}   (target 0)")
        ok &= not only_template
        print(
            f"similarity run         {seconds:8.1f} s   (target <= {MAX_SECONDS:.0f} s; "
            f"{cpu:.1f} s CPU in all processes, {os.cpu_count()} CPUs)"
        )
        print(
            f"peak memory            {peak_mb:8.0f} MB  (target <= {MAX_MB:.0f} MB; all "
            "processes of the run together)"
        )
        ok &= seconds <= MAX_SECONDS and peak_mb <= MAX_MB
        for line in proc.stderr.splitlines():
            if re.search(r"groups of|pairs flagged", line):
                print(f"  {line}")
        if unplanted:
            worst = max(unplanted, key=lambda p: p["strength"])
            print(
                f"strongest unplanted    {worst['strength']:.2f} {worst['pair_id']}: "
                f"{worst['excerpt'][:90]}"
            )
        print("targets                " + ("met" if ok else "MISSED"))
        if args.keep:
            (work / "planted.json").write_text(json.dumps(planted, indent=1))
            print(f"kept: {work} (planted pairs in planted.json)")
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
