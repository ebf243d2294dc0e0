"""Year over year: several cohorts' archived harvests compared in one workbook and one page.

`run_compare(outs, labels, out_dir)` reads each output folder's manifest.json and data/*.csv
(no network, no re-parse; any readable schema version, see archive.py), computes per cohort the
figures staff compare between years (checklist coverage per item, templates, code coverage,
credits, services, answers per question key, late work, evidence verdicts and grades where
present), marks the large changes between consecutive cohorts (rules in bank/compare.json) and
writes `compare.xlsx` and a self-contained `index.html` into ``out_dir``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harvester.compare.archive import ArchiveError, read_archive
from harvester.compare.build import build_comparison, cohort_labels, in_deadline_order
from harvester.compare.config import load_rules
from harvester.compare.model import Comparison
from harvester.stage import log

__all__ = ["ArchiveError", "CompareResult", "run_compare"]

XLSX_NAME = "compare.xlsx"
HTML_NAME = "index.html"


@dataclass
class CompareResult:
    comparison: Comparison
    xlsx: Path
    html: Path
    seconds: float


def run_compare(
    outs: Sequence[Path],
    labels: Sequence[str] | None,
    out_dir: Path,
    *,
    rules: dict | None = None,
) -> CompareResult:
    """Compare the harvests in ``outs`` (oldest first) into ``out_dir``.

    ``labels`` name the cohorts (default: each deadline's year). ``rules`` replaces the content
    of bank/compare.json. Raises ArchiveError (one sentence) for a folder it cannot read, for
    labels that do not fit, and for an ``out_dir`` that is one of the harvests.
    """
    from harvester.compare.page import write_page
    from harvester.compare.xlsx import write_workbook

    start = time.monotonic()
    outs = [Path(p) for p in outs]
    if len(outs) < 2:
        raise ArchiveError("compare needs at least two output folders")
    _check_out_dir(outs, Path(out_dir))
    archives = [read_archive(p) for p in outs]
    names = cohort_labels(archives, labels)
    log(f"compare: {len(archives)} harvests read ({', '.join(names)})")
    if not in_deadline_order(archives):
        log("compare: note: the folders are not in deadline order; changes are measured between "
            "neighbours in the order given")  # fmt: skip
    comparison = build_comparison(archives, names, load_rules(rules))
    xlsx_path, html_path = Path(out_dir) / XLSX_NAME, Path(out_dir) / HTML_NAME
    write_workbook(comparison, xlsx_path)
    write_page(comparison, html_path)
    seconds = time.monotonic() - start
    log(
        f"compare: {len(comparison.changes)} large changes; wrote {xlsx_path} and {html_path} "
        f"({seconds:.1f}s)"
    )
    return CompareResult(comparison, xlsx_path, html_path, seconds)


def _check_out_dir(outs: list[Path], out_dir: Path) -> None:
    """Never write over a harvest: its index.html is the cohort's own page."""
    target = out_dir.resolve()
    for out in outs:
        if out.resolve() == target:
            raise ArchiveError(f"--out {out_dir} is one of the harvests; choose another folder")
    if (out_dir / "manifest.json").is_file():
        raise ArchiveError(
            f"--out {out_dir} holds a harvest (manifest.json); choose another folder"
        )
