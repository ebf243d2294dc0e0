"""The similarity check's settings, read from `harvester/bank/similarity.json` (data, not code).

Staff tune n-gram size, the common-phrase cap, thresholds and weights there; a copy of the file
given with `settings_path` (tests, experiments) replaces it whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Settings:
    """What decides which pairs are flagged (meanings in similarity.json's keys and README)."""

    ngram: int  # words per fingerprint (seed) n-gram
    template_ngram: int  # a run of this many words found in a template is template text
    common_max_answers: int  # an n-gram in more answers of a question is common phrasing
    min_seeds: int  # shared fingerprints before a pair is aligned at all
    sentence_window: int  # sentences around a seed that are aligned too (reordered copies)
    sentence_min_ratio: float  # difflib ratio for a sentence pair without a seed of its own
    passage_min_informative: int  # informative shared words a passage needs to count
    min_informative_words: int  # informative shared words a pair needs to be flagged
    min_strength: float  # strength a pair needs to be flagged
    close_ratio: float  # difflib ratio from which two sentences are near copies
    close_min_words: int  # words in near-copy sentences that flag a pair on their own
    close_min_informative: int  # ... provided this many of them are informative
    weights: dict[str, float]  # words / run / share
    saturation: dict[str, float]  # the value at which each part of the strength is full
    excerpt_chars: int
    command_words: frozenset[str]
    stopwords: frozenset[str]
    paraphrase_threshold: float  # cosine of two sentences' embeddings (optional check)
    paraphrase_per_question: dict[str, float]  # question key -> its own threshold
    paraphrase_min_sentences: int  # sentences matched one to one before a pair is reported
    paraphrase_min_words: int  # shorter sentences are not embedded

    def as_dict(self) -> dict[str, Any]:
        """JSON-able, for the inputs fingerprint and the run record."""
        return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in self.__dict__.items()}


def load_settings(path: Path | None = None) -> Settings:
    """The bank's settings, or those of `path`; a missing or wrong key is a clear error."""
    if path is None:
        text = resources.files("harvester").joinpath("bank", "similarity.json").read_text("utf-8")
        where = "harvester/bank/similarity.json"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    raw = json.loads(text)
    values: dict[str, Any] = {}
    try:
        for f in fields(Settings):
            values[f.name] = CONVERT[str(f.type)](raw[f.name])
        for name in ("weights", "saturation"):
            values[name] = {k: values[name][k] for k in ("words", "run", "share")}
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: bad or missing setting ({type(exc).__name__}: {exc})") from exc
    return Settings(**values)


CONVERT = {
    "int": int,
    "float": float,
    "dict[str, float]": lambda d: {str(k): float(v) for k, v in d.items()},
    "frozenset[str]": lambda words: frozenset(str(w).lower() for w in words),
}
