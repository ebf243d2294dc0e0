"""Make an archived harvest for the compare tests: `python tests/compare/make_archive.py DEST`.

Harvests `cohorts.COHORT_2024` with whatever harvester is installed and copies what `compare`
reads (manifest.json, data/*.csv) plus roster.json and each group's snapshot.json into DEST,
leaving out the clone cache, the copied reports, the records, the pages and the workbook. Run
with an older release checked out, it makes a fixture of that release's output format (see
archive_v1/README.md).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cohorts import COHORT_2024, harvest  # noqa: E402

KEEP = ("manifest.json", "roster.json", "data/*.csv", "groups/*/snapshot.json")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dest = Path(argv[0])
    if dest.exists():
        print(f"{dest} exists; remove it first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="harvester-archive-") as tmp:
        out = harvest(COHORT_2024, Path(tmp) / "cohort")
        for pattern in KEEP:
            for path in sorted(out.glob(pattern)):
                target = dest / path.relative_to(out)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    print(f"archived harvest written to {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
