"""similarity/pairs.json (everything, for our pages and flags) and pairs.csv (the contract).

pairs.csv is for people and other tools: one row per flagged pair, `pair_id` first, every text
cell spreadsheet-safe. pairs.json keeps the exact values (group ids, texts, offsets) that the
pages and the index/report flags are built from, so nothing is read back from an escaped CSV.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pandas as pd

from harvester.atomic import atomic_write_json, atomic_write_text
from harvester.layout import OutputLayout
from harvester.outputdir import read_json

PAIRS_JSON = "pairs.json"
PAIRS_CSV = "pairs.csv"
PAGES_DIR = "pairs"
PARAPHRASE_CSV = "paraphrase.csv"
PARAPHRASE_COLUMNS = [
    "pair_id", "key", "question_a", "question_b", "cohort_a", "group_a", "cohort_b", "group_b",
    "kind", "sentences", "similarity", "sentence_a", "sentence_b",
]  # fmt: skip
CSV_COLUMNS = [
    "pair_id", "key", "question_a", "question_b", "cohort_a", "group_a", "cohort_b", "group_b",
    "kind", "strength", "shared_words", "informative_words", "share_a", "share_b",
    "longest_run", "passages_count", "code_shared_words", "excerpt", "page",
]  # fmt: skip


def page_name(pair_id: str) -> str:
    """The side-by-side page of a pair: a stable, filesystem-safe name from its id."""
    return f"{hashlib.sha256(pair_id.encode('utf-8')).hexdigest()[:16]}.html"


def page_path(layout: OutputLayout, pair_id: str) -> Path:
    return layout.similarity_dir / PAGES_DIR / page_name(pair_id)


def write_pairs(layout: OutputLayout, run: dict[str, Any]) -> None:
    """pairs.json (the whole run) and pairs.csv (one row per flagged pair)."""
    from harvester.cells import safe_csv_frame

    rows = [{**p, "page": f"{PAGES_DIR}/{page_name(p['pair_id'])}"} for p in run["pairs"]]
    frame = pd.DataFrame(rows, columns=CSV_COLUMNS)
    for col in ("question_a", "question_b"):
        frame[col] = frame[col].astype("Int64")
    atomic_write_text(layout.similarity_dir / PAIRS_CSV, safe_csv_frame(frame).to_csv(index=False))
    paraphrase_csv = layout.similarity_dir / PARAPHRASE_CSV
    if run.get("paraphrases") is None:
        paraphrase_csv.unlink(missing_ok=True)  # the check was off: no stale list
    else:
        frame = pd.DataFrame(run["paraphrases"], columns=PARAPHRASE_COLUMNS)
        atomic_write_text(paraphrase_csv, safe_csv_frame(frame).to_csv(index=False))
    atomic_write_json(layout.similarity_dir / PAIRS_JSON, run)


def read_run(layout: OutputLayout) -> dict[str, Any] | None:
    """The last similarity run of this output folder, or None (never run, or unreadable)."""
    run = read_json(layout.similarity_dir / PAIRS_JSON)
    if run is None or not isinstance(run.get("pairs"), list):
        return None
    return run


def read_pairs(layout: OutputLayout) -> list[dict[str, Any]]:
    """The flagged pairs of the last run (strongest first); empty when there was none."""
    run = read_run(layout)
    return [p for p in (run or {}).get("pairs", []) if isinstance(p, dict) and p.get("pair_id")]
