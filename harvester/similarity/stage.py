"""The similarity stage: read this cohort's and past cohorts' answers, flag pairs, write pages.

Runs after parse (reads record.json files only) and before export (which shows the flags and
the Similarity sheet from what this stage wrote). Skipped when nothing it reads has changed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from harvester.fingerprint import code_fingerprint, fingerprint
from harvester.layout import OutputLayout
from harvester.similarity.answers import Cohort, read_cohort, unique_labels
from harvester.similarity.detect import find_pairs
from harvester.similarity.files import read_run, write_pairs
from harvester.similarity.pages import write_pages
from harvester.similarity.paraphrase import (
    ParaphraseModelError,
    check_model,
    load_model,
    paraphrase_pairs,
)
from harvester.similarity.settings import load_settings
from harvester.similarity.templates import load_template_text
from harvester.stage import log

PROGRESS_FROM = 5000  # answers from which each question's result is logged as it comes
CODE = ("similarity", "bank/similarity.json", "bank/similarity_templates.json", "export/assets")


class SimilarityError(ValueError):
    """A past cohort folder that cannot be used (the message names it)."""


@dataclass
class SimilarityResult:
    pairs: int = 0
    skipped: bool = False
    seconds: float = 0.0
    cohorts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def resolve_past(layout: OutputLayout, past: Sequence[Path] | None) -> list[Path]:
    """The past cohorts to compare with: as given, else those of the last run (kept if present)."""
    if past is None:
        previous = (read_run(layout) or {}).get("past") or []
        past = [Path(p["path"]) for p in previous if isinstance(p, dict) and p.get("path")]
        for gone in [p for p in past if not (p / "groups").is_dir()]:
            log(f"similarity: past cohort {gone} of the last run is no longer there; skipped")
        past = [p for p in past if (p / "groups").is_dir()]
        if past:
            log(f"similarity: past cohorts as in the last run: {', '.join(map(str, past))}")
    here = layout.root.resolve()
    resolved: list[Path] = []
    for p in past:
        path = Path(p).expanduser().resolve()
        if not (path / "groups").is_dir():
            raise SimilarityError(f"--past {p}: not an output folder of a harvest (no groups/)")
        if path == here:
            raise SimilarityError(f"--past {p}: is the cohort being checked itself")
        if path not in resolved:
            resolved.append(path)
    return resolved


def check_options(
    layout: OutputLayout, past: Sequence[Path] | None, paraphrase_model: Path | None
) -> None:
    """Raise SimilarityError for a bad --past folder or model, before a harvest starts work."""
    resolve_past(layout, past)
    if paraphrase_model:
        try:
            check_model(Path(paraphrase_model))
        except ParaphraseModelError as exc:
            raise SimilarityError(str(exc)) from exc


def show_reviews(layout: OutputLayout, reviews: Mapping[str, Mapping[str, Any]]) -> None:
    """Rewrite the similarity pages with the reviewers' decisions, without comparing again.

    Reviews live in the grades store and reach it when the export imports the workbook, after
    this stage ran; the export calls this so the pages say what the Similarity sheet says.
    """
    run = read_run(layout)
    if run:
        write_pages(layout, run, reviews)


def run_similarity(
    layout: OutputLayout,
    past: Sequence[Path] | None = None,
    *,
    reviews: Mapping[str, Mapping[str, Any]] | None = None,
    settings_path: Path | None = None,
    force: bool = False,
    paraphrase_model: Path | None = None,
) -> SimilarityResult:
    """Flag pairs of similar answers in `layout`'s cohort (and against `past` output folders).

    `past=None` keeps the past cohorts of the last run; `[]` compares this cohort alone.
    `reviews` (pair_id -> {"review", "review_note"}) are shown on the pages.
    `paraphrase_model`: a local model2vec folder; adds "possible paraphrase" pairs (optional).
    """
    start = time.monotonic()
    result = SimilarityResult()
    settings = load_settings(settings_path)
    past_paths = resolve_past(layout, past)
    cohorts = [read_cohort(layout.root, new=True)]
    cohorts += [read_cohort(p, new=False) for p in past_paths]
    unique_labels(cohorts)
    result.cohorts = [c.label for c in cohorts]
    for c in cohorts:
        result.problems += c.problems
        for problem in c.problems:
            log(f"similarity: {problem}")
    model_id = str(Path(paraphrase_model).resolve()) if paraphrase_model else None
    inputs = _inputs(cohorts, settings.as_dict(), reviews, model_id)
    previous = read_run(layout)
    if not force and previous and previous.get("inputs") == inputs and _pages_exist(layout):
        result.skipped = True
        result.pairs = len(previous["pairs"])
        log(f"similarity: nothing changed since the last run; {result.pairs} pairs kept")
        return result
    answers = [a for c in cohorts for a in c.answers]
    log(
        f"similarity: {cohorts[0].groups} groups of {cohorts[0].label}"
        + "".join(f", {c.groups} of {c.label}" for c in cohorts[1:])
        + f"; {len(answers)} answers"
    )
    progress = log if len(answers) >= PROGRESS_FROM else None  # a big run says where it is
    template = load_template_text(settings)
    pairs = find_pairs(answers, template, settings, progress=progress)
    paraphrases = None
    if paraphrase_model:
        try:
            model = load_model(Path(paraphrase_model))
        except ParaphraseModelError as exc:
            raise SimilarityError(str(exc)) from exc
        flagged = {p["pair_id"] for p in pairs}
        paraphrases = paraphrase_pairs(answers, model, template, settings, flagged)
        log(f"similarity: {len(paraphrases)} possible paraphrases (model {paraphrase_model})")
    run = {
        "tool": "harvester similarity",
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": inputs,
        "cohort": cohorts[0].label,
        "past": [{"label": c.label, "path": str(c.root), "groups": c.groups} for c in cohorts[1:]],
        "settings": settings.as_dict(),
        "pairs": pairs,
        "paraphrase_model": model_id,
        "paraphrases": paraphrases,
    }
    write_pages(layout, run, reviews or {})
    write_pairs(layout, run)  # last: pairs.json written means the pages are complete
    result.pairs = len(pairs)
    result.seconds = time.monotonic() - start
    new_new = sum(p["kind"] == "new-new" for p in pairs)
    log(
        f"similarity: {len(pairs)} pairs flagged for review ({new_new} within "
        f"{cohorts[0].label}, {len(pairs) - new_new} with past cohorts) "
        f"({result.seconds:.1f}s); open {layout.similarity_dir / 'index.html'}"
    )
    return result


def _inputs(
    cohorts: list[Cohort],
    settings: dict[str, Any],
    reviews: Mapping[str, Any] | None,
    model: str | None,
) -> str:
    return fingerprint(
        {
            "code": code_fingerprint(*CODE),
            "settings": settings,
            "cohorts": [[c.label, str(c.root), c.new, c.digests] for c in cohorts],
            "reviews": dict(reviews or {}),
            "paraphrase_model": model,
        }
    )


def _pages_exist(layout: OutputLayout) -> bool:
    return (layout.similarity_dir / "index.html").is_file()
