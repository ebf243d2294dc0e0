"""Optional: possible paraphrases, from static sentence embeddings (model2vec), off by default.

Copying that rewords every sentence leaves no shared n-grams. With a model the staff provide as a
local folder (nothing is downloaded at run time), each answer's sentences are embedded and two
answers to the same question whose sentences match one to one above the question's threshold are
reported as "possible paraphrase" pairs, apart from the n-gram pairs and never instead of them.
Template sentences and short ones are left out; pairs follow the same rules (new-vs-new and
new-vs-old, never old-vs-old, never a group with itself).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from harvester.similarity.answers import Answer
from harvester.similarity.detect import pair_id, side_key
from harvester.similarity.settings import Settings
from harvester.similarity.templates import TemplateText
from harvester.similarity.tokens import tokenize


class ParaphraseModelError(ValueError):
    """The model folder cannot be used (the message says why and how to fix it)."""


def check_model(path: Path) -> None:
    """Fail early (before a harvest fetches anything) when the model cannot be used."""
    path = Path(path).expanduser()
    if not (path / "config.json").is_file():
        raise ParaphraseModelError(
            f"--paraphrase-model {path}: not a model2vec model folder (no config.json)"
        )
    try:
        import model2vec  # noqa: F401
    except ImportError as exc:
        raise ParaphraseModelError(
            "the paraphrase check needs model2vec: pip install 'harvester[paraphrase]'"
        ) from exc


def load_model(path: Path) -> Any:
    """A model2vec StaticModel from a local folder (tokenizer.json, model.safetensors, ...)."""
    check_model(path)
    from model2vec import StaticModel

    try:
        return StaticModel.from_pretrained(str(Path(path).expanduser()))
    except Exception as exc:  # a damaged folder: say so, never a traceback
        raise ParaphraseModelError(f"--paraphrase-model {path}: cannot load ({exc})") from exc


def _sentences(a: Answer, template: TemplateText, s: Settings) -> list[str]:
    """The answer's own prose sentences with enough words (template sentences left out)."""
    prose, _ = tokenize(a.text, s.command_words, s.stopwords)
    out = []
    n = s.template_ngram
    for start, end in prose.sentence_spans():
        words = prose.words[start:end]
        if len(words) < s.paraphrase_min_words:
            continue
        quoted = sum(tuple(words[i : i + n]) in template.ngrams for i in range(len(words) - n + 1))
        if quoted * 2 >= max(1, len(words) - n + 1):
            continue
        out.append(a.text[prose.starts[start] : prose.ends[end - 1]])
    return out


def paraphrase_pairs(
    answers: list[Answer],
    model: Any,
    template: TemplateText,
    s: Settings,
    flagged: set[str],
) -> list[dict[str, Any]]:
    """Possible paraphrase pairs not already flagged (`flagged`: pair ids), most alike first."""
    by_key: dict[str, list[Answer]] = defaultdict(list)
    for a in answers:
        by_key[a.key].append(a)
    pairs: list[dict[str, Any]] = []
    for key in sorted(by_key):
        if any(a.new for a in by_key[key]):
            pairs += _question(key, by_key[key], model, template, s, flagged)
    pairs.sort(key=lambda p: (-p["sentences"], -p["similarity"], p["pair_id"]))
    return pairs


def _question(key: str, group: list[Answer], model: Any, template: TemplateText, s: Settings,
              flagged: set[str]) -> list[dict[str, Any]]:  # fmt: skip
    texts: list[str] = []
    owner: list[int] = []
    for index, a in enumerate(group):
        sentences = _sentences(a, template, s)
        texts += sentences
        owner += [index] * len(sentences)
    if not texts:
        return []
    vectors = np.asarray(model.encode(texts), dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    owner_arr = np.array(owner)
    new_rows = np.array([k for k, o in enumerate(owner) if group[o].new], dtype=np.int64)
    if not len(new_rows):
        return []
    threshold = s.paraphrase_per_question.get(key, s.paraphrase_threshold)
    sims = vectors[new_rows] @ vectors.T
    rows, cols = np.nonzero(sims >= threshold)
    best: dict[tuple[int, int], dict[int, tuple[float, int]]] = defaultdict(dict)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        i, j = int(owner_arr[new_rows[r]]), int(owner_arr[c])
        a, b = group[i], group[j]
        if i == j or (a.cohort, a.group) == (b.cohort, b.group) or (b.new and j < i):
            continue
        sentence = int(new_rows[r])
        value = float(sims[r, c])
        if value > best[(i, j)].get(sentence, (-1.0, 0))[0]:
            best[(i, j)][sentence] = (value, c)
    out = []
    for (i, j), matched in best.items():
        partners = {c for _, c in matched.values()}
        count = min(len(matched), len(partners))  # one to one: distinct sentences on both sides
        pid = pair_id(key, group[i], group[j])
        if count < s.paraphrase_min_sentences or pid in flagged:
            continue
        top_sentence, (top_value, top_partner) = max(matched.items(), key=lambda kv: kv[1][0])
        out.append(_pair(pid, key, group[i], group[j], texts[top_sentence], texts[top_partner],
                         count, top_value))  # fmt: skip
    return out


def _pair(pid: str, key: str, a: Answer, b: Answer, text_a: str, text_b: str, count: int,
          value: float) -> dict[str, Any]:  # fmt: skip
    if side_key(a.cohort, a.group) > side_key(b.cohort, b.group):
        a, b, text_a, text_b = b, a, text_b, text_a
    return {
        "pair_id": pid, "key": key, "question_a": a.question, "question_b": b.question,
        "cohort_a": a.cohort, "group_a": a.group, "cohort_b": b.cohort, "group_b": b.group,
        "new_a": a.new, "new_b": b.new, "kind": "new-new" if a.new and b.new else "new-old",
        "sentences": count, "similarity": round(value, 3),
        "sentence_a": text_a, "sentence_b": text_b,
    }  # fmt: skip
