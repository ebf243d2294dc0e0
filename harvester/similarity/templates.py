"""The template's own text, as n-grams and as each question's vocabulary.

Read from `harvester/bank/similarity_templates.json` (derived from every official template by
scripts/build_similarity_bank.py). Two uses:

- `ngrams`: every run of `template_ngram` words of any template generation, any question, the
  preamble and checklist included. A token inside such a run in an answer is template text, never
  counted as shared (groups that quote the example answer share it with everyone).
- `vocabulary[key]`: the content words of a question's own block (question, hints, example). An
  answer that rephrases the question ("an exact copy of the development environment for a new
  team member") uses them; they never make a shared passage informative.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from harvester.similarity.settings import Settings
from harvester.similarity.tokens import tokenize

# The template's blanks: an n-gram never spans one (students fill them with their own words).
GAP_RE = re.compile(r"\.\.\.+|…|<[^>]*>|\bX\b|--- question \d+ fill here ---")


@dataclass(frozen=True)
class TemplateText:
    ngrams: frozenset[tuple[str, ...]]
    vocabulary: dict[str, frozenset[str]]  # question key -> content words of its block

    def question_words(self, key: str) -> frozenset[str]:
        return self.vocabulary.get(key, frozenset())


def _words(piece: str, settings: Settings) -> list[list[str]]:
    """The word runs of one template piece, split at its blanks."""
    runs = []
    for part in GAP_RE.split(piece):
        prose, code = tokenize(part, settings.command_words, settings.stopwords)
        merged = sorted(zip(prose.starts + code.starts, prose.words + code.words, strict=True))
        if merged:
            runs.append([w for _, w in merged])
    return runs


def build_template_text(raw: dict, settings: Settings) -> TemplateText:
    n = settings.template_ngram
    ngrams: set[tuple[str, ...]] = set()
    vocabulary: dict[str, frozenset[str]] = {}
    pieces_by_key = {str(k): list(v) for k, v in (raw.get("questions") or {}).items()}
    for key, pieces in [*pieces_by_key.items(), ("", list(raw.get("common") or []))]:
        words: set[str] = set()
        for piece in pieces:
            for run in _words(str(piece), settings):
                words.update(w for w in run if w not in settings.stopwords)
                ngrams.update(tuple(run[i : i + n]) for i in range(len(run) - n + 1))
        if key:
            vocabulary[key] = frozenset(words)
    return TemplateText(frozenset(ngrams), vocabulary)


@cache
def _bank_text() -> dict:
    path = resources.files("harvester").joinpath("bank", "similarity_templates.json")
    return json.loads(path.read_text("utf-8"))


def load_template_text(settings: Settings) -> TemplateText:
    """The template text of the bank, tokenized with these settings."""
    return build_template_text(_bank_text(), settings)
