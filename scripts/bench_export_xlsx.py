"""Time write_cohort_xlsx on a realistic large cohort (target: a few seconds for 250 groups).

Usage: PYTHONPATH=. python scripts/bench_export_xlsx.py [--groups 250] [--repeat 3]
The cohort is the synthetic one the tests use (tests/export/xlsx_fixtures.py): 31 questions,
53 checklist items, warnings, hostile strings and one 100,000-character answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "export"))

from openpyxl import load_workbook  # noqa: E402
from xlsx_fixtures import make_tables  # noqa: E402

from harvester.export.xlsx import write_cohort_xlsx  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--words", type=int, default=300, help="max words per answer")
    args = parser.parse_args()

    started = time.perf_counter()
    tables = make_tables(args.groups, seed=1, answer_words=(20, args.words))
    built = time.perf_counter() - started
    sizes = ", ".join(f"{name} {len(frame)}" for name, frame in tables.items())
    print(f"cohort: {args.groups} groups; rows: {sizes} (built in {built:.2f}s)")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cohort.xlsx"
        wall, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            write_cohort_xlsx(tables, path)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        size = path.stat().st_size
        wb = load_workbook(path, read_only=True)
        shape = ", ".join(f"{ws.title} {ws.max_row}x{ws.max_column}" for ws in wb.worksheets)
        wb.close()
    print(
        f"write_cohort_xlsx: wall min {min(wall):.2f}s / median {statistics.median(wall):.2f}s, "
        f"CPU min {min(cpu):.2f}s, over {args.repeat} runs; file {size / 1e6:.2f} MB"
    )
    print(f"sheets (rows x columns): {shape}")


if __name__ == "__main__":
    main()
