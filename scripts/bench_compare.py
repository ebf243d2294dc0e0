"""Benchmark `harvester compare` on four synthetic cohorts (250 groups each); prints timings.

Each cohort is an output folder as an export leaves it, built from synthetic records on the real
question banks (checklist items, question keys, answers with text, services, credits in several
units) through the real `tables.build_tables` and `write_csvs`, plus a manifest.json. Then
`run_compare` reads the four folders and writes compare.xlsx and index.html. Not a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_scratch import scratch_dir  # noqa: E402

from harvester.atomic import atomic_write_json  # noqa: E402
from harvester.compare import run_compare  # noqa: E402
from harvester.layout import MANIFEST_SCHEMA_VERSION, OutputLayout  # noqa: E402
from harvester.parse.bank import load_bank  # noqa: E402
from harvester.parse.services import SERVICE_IDS  # noqa: E402
from harvester.tables import GroupData, build_tables, write_csvs  # noqa: E402

COHORTS = (  # (template generation, deadline)
    ("2023", "2024-01-19T23:59:00+01:00"),
    ("2025", "2025-01-24T23:59:00+01:00"),
    ("2025", "2026-01-24T23:59:00+01:00"),
    ("2026", "2027-01-22T23:59:00+01:00"),
)
WORDS = ("model", "data", "docker", "cloud", "pipeline", "training", "we", "used", "the", "our")


def synthetic_record(rng: random.Random, gen: str, tick: float) -> dict:
    bank = load_bank(gen)
    items = [
        {"id": c.id, "text": c.text, "week": c.week, "module": "+".join(c.modules) or None,
         "state": "done" if rng.random() < tick else rng.choice(["open", "partial"]), "line": i}
        for i, c in enumerate(bank.checklist)
    ]  # fmt: skip
    answers = []
    for q in bank.questions:
        words = rng.choice([0, rng.randint(20, 350)])
        low, high = q.word_limit or (0, 10_000)
        answers.append({
            "question": q.number, "key": q.key, "section": q.section,
            "text": " ".join(rng.choice(WORDS) for _ in range(words)), "answered": words > 0,
            "line": 100 + q.number, "words": words, "words_checker": words, "images": 0,
            "images_checker": 0, "word_limit": q.word_limit, "image_limit": q.image_limit,
            "ok": low <= words <= high if words else None,
        })  # fmt: skip
    states = [i["state"] for i in items]
    return {
        "template": gen,
        "checklist": {s: states.count(s) for s in ("done", "partial", "open")},
        "checklist_items": items,
        "answers": answers,
        "unanswered": [a["question"] for a in answers if not a["answered"]],
        "code_coverage": rng.choice([None, round(rng.uniform(20, 100), 1)]),
        "credits": rng.choice([None, {"amount": round(rng.uniform(0, 80), 2),
                                      "unit": rng.choice(["USD", "DKK", "EUR", "credits"])}]),
        "services": sorted(rng.sample(SERVICE_IDS[:10], rng.randint(1, 6))),
        "images": {"referenced": 0, "missing": 0},
        "warnings": [],
    }  # fmt: skip


def synthetic_snapshot(rng: random.Random, group: str, deadline: str) -> dict:
    late = rng.choice([0, 0, 0, 1, 4])
    return {"group": group, "status": "ok", "deadline": deadline,
            "deadline_commit": {"sha": f"{rng.getrandbits(160):040x}", "time": deadline},
            "commits_after_deadline": late,
            "reports_changed_after_deadline": bool(late) and rng.random() < 0.3}  # fmt: skip


def build_cohort(root: Path, n: int, gen: str, deadline: str, seed: int) -> Path:
    rng = random.Random(seed)
    tick = rng.uniform(0.4, 0.8)
    groups = [
        GroupData(str(g), None, synthetic_snapshot(rng, str(g), deadline),
                  synthetic_record(rng, gen, tick))
        for g in range(1, n + 1)
    ]  # fmt: skip
    layout = OutputLayout(root)
    write_csvs(build_tables(groups), layout.data_dir)
    atomic_write_json(layout.manifest, {
        "schema_version": MANIFEST_SCHEMA_VERSION, "tool": "harvester", "deadline": deadline,
        "settings": {"title": "synthetic", "rates": None}, "groups": [],
    })  # fmt: skip
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=250, help="groups per cohort")
    parser.add_argument("--seed", type=int, default=2476)
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    args = parser.parse_args()
    with scratch_dir("harvester-bench-compare-", keep=args.keep) as root:
        t0 = time.perf_counter()
        outs = [
            build_cohort(root / f"output-{deadline[:4]}", args.groups, gen, deadline, args.seed + i)
            for i, (gen, deadline) in enumerate(COHORTS)
        ]
        t1 = time.perf_counter()
        result = run_compare(outs, None, root / "compare")
        t2 = time.perf_counter()
        size = sum(p.stat().st_size for out in outs for p in (out / "data").glob("*.csv"))
        print(f"cohorts x groups       {len(outs)} x {args.groups}")
        print(f"build synthetic output {t1 - t0:8.2f} s   ({size / 1e6:.1f} MB of CSV)")
        print(f"compare                {t2 - t1:8.2f} s")
        print(f"large changes          {len(result.comparison.changes):8d}")
        print(f"compare.xlsx           {result.xlsx.stat().st_size / 1e3:8.1f} kB")
        print(f"index.html             {result.html.stat().st_size / 1e3:8.1f} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
