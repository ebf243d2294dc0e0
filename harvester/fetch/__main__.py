"""`python -m harvester.fetch --groups groups.csv --deadline ISO --out DIR`: the fetch stage alone.

Used by the benchmark and the kill-and-resume test, and handy for a TA debugging one roster.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harvester.fetch import FetchOptions, HarvestLockError, fetch_all
from harvester.layout import OutputLayout
from harvester.roster import RosterFileError, load_roster
from harvester.timeutil import DEFAULT_TZ, DeadlineError, parse_deadline


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m harvester.fetch", description=__doc__)
    ap.add_argument("--groups", type=Path, required=True)
    ap.add_argument("--deadline", required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--jobs", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--max-file-mb", type=float, default=20.0)
    ap.add_argument("--tz", default=DEFAULT_TZ)
    ap.add_argument("--no-progress", action="store_true")
    args = ap.parse_args(argv)
    try:
        deadline = parse_deadline(args.deadline, args.tz)
        roster = load_roster(args.groups, args.tz)
    except (DeadlineError, RosterFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for err in roster.errors:
        print(str(err), file=sys.stderr)
    opts = FetchOptions(timeout=args.timeout, max_file_bytes=int(args.max_file_mb * 2**20))
    try:
        fetch_all(
            roster.groups,
            deadline,
            OutputLayout(args.out),
            jobs=args.jobs,
            progress=not args.no_progress,
            options=opts,
        )
    except HarvestLockError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted: finished groups are kept; run again to resume", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
