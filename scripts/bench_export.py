"""Benchmark the export stage on a synthetic cohort (default 250 groups); prints timings.

Builds an output/ folder as fetch and parse would leave it (snapshot.json, record.json, a
reports/ folder with real PNG figures), then times `export_all` (tables, CSVs, report pages,
index, cohort.xlsx). Not a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import random
import struct
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_scratch import scratch_dir  # noqa: E402

from harvester.atomic import atomic_write_json  # noqa: E402
from harvester.export_stage import export_all  # noqa: E402
from harvester.layout import OutputLayout  # noqa: E402
from harvester.outputdir import ROSTER_FILE  # noqa: E402

SERVICES = ["cloud_storage", "compute_engine", "vertex_ai", "cloud_build", "artifact_registry",
            "cloud_run", "secret_manager", "cloud_monitoring", "iam", "other"]  # fmt: skip
WORDS = ("model", "data", "docker", "cloud", "pipeline", "training", "we", "used", "the", "our")


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real, valid PNG of one colour (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def synthetic_record(rng: random.Random, group: int, n_questions: int, n_items: int) -> dict:
    answers = []
    refs = []
    for q in range(1, n_questions + 1):
        words = rng.randint(0, 320)
        images = 1 if q in (14, 19, 20, 21, 29) else 0
        text = " ".join(rng.choice(WORDS) for _ in range(words))
        if images:
            text += f"\n\n![fig](figures/q{q}.png)"
            refs.append({"question": q, "src": f"figures/q{q}.png", "kind": "markdown",
                         "in_code": False, "missing": False, "lfs": False,
                         "resolved": f"figures/q{q}.png", "line": 100 + q})  # fmt: skip
        answers.append({
            "question": q, "key": f"q{q}", "section": "Section", "text": text,
            "answered": words > 0, "line": 100 + q, "words": words, "words_checker": words + 3,
            "images": images, "images_checker": images,
            "word_limit": [100, 200], "image_limit": [1, 2] if images else None,
            "ok": 100 <= words <= 200,
        })  # fmt: skip
    states = ["done", "partial", "open"]
    items = [{"id": f"item_{i}", "text": f"Item {i} (M{i % 30})", "week": str(1 + i % 3),
              "module": f"M{i % 30}", "state": rng.choice(states), "line": 40 + i}
             for i in range(n_items)]  # fmt: skip
    done = sum(i["state"] == "done" for i in items)
    partial = sum(i["state"] == "partial" for i in items)
    return {
        "template": "2026",
        "group_number": group,
        "study_numbers": [f"s{200000 + group * 10 + k}" for k in range(4)],
        "members_listed": 4,
        "members": [f"s{200000 + group * 10 + k}" for k in range(4)],
        "checklist": {"done": done, "partial": partial, "open": n_items - done - partial},
        "unanswered": [a["question"] for a in answers if not a["answered"]],
        "code_coverage": round(rng.uniform(10, 100), 1),
        "credits": {"amount": round(rng.uniform(0, 60), 2), "unit": rng.choice(["USD", "DKK"])},
        "services": sorted(rng.sample(SERVICES, rng.randint(1, 6))),
        "images": {"referenced": len(refs), "missing": 0},
        "checklist_items": items,
        "answers": answers,
        "image_refs": refs,
        "warnings": [
            {
                "kind": "word_limit",
                "question": a["question"],
                "line": a["line"],
                "detail": f"{a['words']} words, limit 100-200",
            }
            for a in answers
            if not a["ok"]
        ],  # fmt: skip
        "source": {"encoding": "utf-8", "bytes": 0, "sha256": ""},
    }


def build_cohort(root: Path, n_groups: int, seed: int) -> OutputLayout:
    rng = random.Random(seed)
    layout = OutputLayout(root)
    figure = png(400, 250, (40, 120, 200))
    roster = []
    for g in range(1, n_groups + 1):
        gid = str(g)
        figures = layout.reports_dir(gid) / "figures"
        figures.mkdir(parents=True)
        (layout.reports_dir(gid) / "README.md").write_text("# synthetic\n", encoding="utf-8")
        for q in (14, 19, 20, 21, 29):
            (figures / f"q{q}.png").write_bytes(figure)
        atomic_write_json(layout.snapshot(gid), {
            "group": gid, "repo": f"https://github.com/course/group-{g}", "status": "ok",
            "error": None, "deadline": "2026-01-24T23:59:00+01:00", "branch": "main",
            "deadline_commit": {"sha": f"{g:040x}", "time": "2026-01-24T20:00:00+01:00",
                                "subject": "final report"},
            "head": {"sha": f"{g + 1:040x}", "time": "2026-01-25T10:00:00+01:00"},
            "commits_after_deadline": rng.choice([0, 0, 0, 1, 3]),
            "reports_changed_after_deadline": rng.random() < 0.1, "late_report_files": [],
            "report_path": "reports/README.md", "fetched_at": "2026-01-25T00:00:00+00:00",
            "stale": False, "warnings": [], "github": None,
        })  # fmt: skip
        atomic_write_json(layout.record(gid), synthetic_record(rng, g, 31, 53))
        roster.append({"group": gid, "repo": f"https://github.com/course/group-{g}",
                       "members": [], "deadline": None, "branch": None, "line": g + 1})  # fmt: skip
    atomic_write_json(root / ROSTER_FILE, {"source": "synthetic", "groups": roster, "errors": []})
    return layout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groups", type=int, default=250)
    parser.add_argument("--seed", type=int, default=2476)
    parser.add_argument("--keep", action="store_true", help="keep the generated output folder")
    args = parser.parse_args()
    with scratch_dir("harvester-bench-export-", keep=args.keep) as root:
        t0 = time.perf_counter()
        layout = build_cohort(root / "output", args.groups, args.seed)
        t1 = time.perf_counter()
        export_all(layout, title="Synthetic cohort")
        t2 = time.perf_counter()
        size = sum(p.stat().st_size for p in layout.root.rglob("*") if p.is_file())
        print(f"groups                 {args.groups}")
        print(f"build synthetic output {t1 - t0:8.2f} s")
        per_group = (t2 - t1) / args.groups * 1000
        print(f"export (all)           {t2 - t1:8.2f} s   ({per_group:.1f} ms/group)")
        print(f"cohort.xlsx            {layout.cohort_xlsx.stat().st_size / 1e6:8.2f} MB")
        print(f"index.html             {layout.index_html.stat().st_size / 1e3:8.1f} kB")
        print(f"output total           {size / 1e6:8.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
