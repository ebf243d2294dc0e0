"""Word n-gram fingerprints of one question's answers, and the pairs worth aligning.

scikit-learn's CountVectorizer does the heavy lifting: it builds the sparse answers × n-grams
matrix and drops every n-gram found in more than `common_max_answers` answers (its `max_df`), i.e.
the common-phrasing cap of MOSS's `-m`; one sparse product then counts the shared fingerprints of
every new answer with every other answer at once. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from harvester.similarity.answers import Answer
from harvester.similarity.settings import Settings
from harvester.similarity.templates import TemplateText
from harvester.similarity.tokens import Tokens, tokenize


@dataclass
class Prepared:
    """An answer's tokens with what may count: template and common phrasing masked out."""

    answer: Answer
    prose: Tokens
    code: Tokens
    template: list[bool]  # inside a run of template text: never counted, never highlighted
    common: list[bool]  # inside an n-gram of too many answers: not counted, may extend a run
    content: list[bool]  # neither a stopword nor one of the question's own words
    grams: list[tuple[int, str]] = field(default_factory=list)  # (position, n-gram) candidates
    seeds: dict[int, list[int]] = field(default_factory=dict)  # feature id -> positions
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token ranges
    sentence_of: list[int] = field(default_factory=list)  # token -> index in `sentences`
    sentence_words: list[frozenset[str]] = field(default_factory=list)

    def masked(self, i: int) -> bool:
        return self.template[i] or self.common[i]

    def informative(self, i: int) -> bool:
        return self.content[i] and not self.template[i] and not self.common[i]


def prepare(answer: Answer, template: TemplateText, settings: Settings) -> Prepared:
    """Tokens, the template mask and the candidate n-grams (>= 2 informative words) of an answer."""
    prose, code = tokenize(answer.text, settings.command_words, settings.stopwords)
    words = prose.words
    in_template = [False] * len(words)
    t = settings.template_ngram
    for i in range(len(words) - t + 1):
        if tuple(words[i : i + t]) in template.ngrams:
            in_template[i : i + t] = [True] * t
    own = template.question_words(answer.key)
    stop = settings.stopwords
    content = [len(w) > 1 and w not in stop and w not in own for w in words]
    prepared = Prepared(answer, prose, code, in_template, [False] * len(words), content)
    prepared.sentences = prose.sentence_spans()
    for k, (start, end) in enumerate(prepared.sentences):
        prepared.sentence_of.extend([k] * (end - start))
        prepared.sentence_words.append(frozenset(words[start:end]))
    n = settings.ngram
    total = 0
    running = [0]  # running[i] = informative words before position i
    for c, m in zip(content, in_template, strict=True):
        total += c and not m
        running.append(total)
    prepared.grams = [
        (i, " ".join(words[i : i + n]))
        for i in range(len(words) - n + 1)
        if running[i + n] - running[i] >= 2
    ]
    return prepared


def candidate_pairs(items: list[Prepared], settings: Settings) -> list[tuple[int, int, int]]:
    """(i, j, shared fingerprints) for new i with j new (i < j) or past: never past with past, never
    an answer with itself. Fills each item's `seeds` and masks its common n-grams."""
    if len(items) < 2:
        return []
    vectorizer = CountVectorizer(
        analyzer=_grams_of, binary=True, max_df=settings.common_max_answers, dtype=np.int32
    )
    try:
        matrix = vectorizer.fit_transform(items).tocsr()
    except ValueError:  # every n-gram is common (or there are none): nothing can be shared
        return []
    vocabulary = vectorizer.vocabulary_
    n = settings.ngram
    for item in items:
        for pos, gram in item.grams:
            fid = vocabulary.get(gram)
            if fid is None:  # found in too many answers: common phrasing, not copying
                item.common[pos : pos + n] = [True] * n
            else:
                item.seeds.setdefault(fid, []).append(pos)
    new_rows = np.array([i for i, it in enumerate(items) if it.answer.new], dtype=np.int64)
    if not len(new_rows):
        return []
    shared = (matrix[new_rows] @ matrix.T).tocoo()
    pairs = []
    for r, j, count in zip(shared.row, shared.col, shared.data, strict=True):
        i = int(new_rows[r])
        j = int(j)
        if count < settings.min_seeds or i == j or (items[j].answer.new and j < i):
            continue
        a, b = items[i].answer, items[j].answer
        if (a.cohort, a.group) == (b.cohort, b.group):
            continue
        pairs.append((i, j, int(count)))
    return pairs


def _grams_of(item: Prepared) -> list[str]:
    return [gram for _, gram in item.grams]


def shared_seeds(a: Prepared, b: Prepared) -> list[tuple[int, int]]:
    """(position in a, position in b) of every fingerprint the two answers share."""
    return [(pa, pb) for fid, positions in a.seeds.items() if fid in b.seeds
            for pa in positions for pb in b.seeds[fid]]  # fmt: skip
