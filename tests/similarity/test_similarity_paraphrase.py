"""The optional paraphrase check, with a tiny model2vec model built here (nothing downloaded)."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from harvester.cli import main
from harvester.layout import OutputLayout
from harvester.similarity import SimilarityError, read_pairs, run_similarity

try:
    from similarity_fixtures import WORDS, filler, write_cohort
except ImportError:  # collected as part of a package
    from .similarity_fixtures import WORDS, filler, write_cohort

pytest.importorskip("model2vec")
ORIGINAL = [
    "Our harbor canvas meadow pipeline nectar quartz saddle feeds every willow tensor daily.",
    "The glacier optimizer jasmine kettle lantern rebuilds each orchard histogram nightly.",
    "A falcon registry timber umbrella valley checks the birch cedar dune gradients weekly.",
]


def synonym(word: str) -> str:
    return word + "ish"


def reworded(sentence: str) -> str:
    """Every word replaced by its 'synonym': no n-gram survives, the meaning does."""
    return " ".join(synonym(w.strip(".")) for w in sentence.split()) + "."


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A static model whose 'synonyms' share their word's vector; other words are random."""
    from model2vec import StaticModel
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.normalizers import Lowercase
    from tokenizers.pre_tokenizers import Whitespace

    words = sorted({w.lower().strip(".") for s in ORIGINAL for w in s.split()} | set(WORDS))
    vocab = {"[UNK]": 0, "[PAD]": 1}
    for w in words:
        vocab.setdefault(w, len(vocab))
        vocab.setdefault(synonym(w), len(vocab))
    rng = np.random.default_rng(7)
    vectors = rng.standard_normal((len(vocab), 48)).astype(np.float32)
    vectors[:2] = 0.0
    for w in words:
        vectors[vocab[synonym(w)]] = vectors[vocab[w]]
    tokenizer = Tokenizer(WordLevel(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = Lowercase()
    tokenizer.pre_tokenizer = Whitespace()
    path = tmp_path_factory.mktemp("tiny-model")
    StaticModel(vectors, tokenizer, normalize=True).save_pretrained(str(path))
    return path


def cohort(root: Path) -> OutputLayout:
    answers = {str(g): {"tests": filler(g)} for g in range(1, 7)}
    answers["2"]["tests"] = filler(2, 2) + " " + " ".join(ORIGINAL)
    answers["4"]["tests"] = " ".join(reworded(s) for s in reversed(ORIGINAL)) + " " + filler(4, 2)
    return OutputLayout(write_cohort(root, answers))


def test_reworded_answers_are_possible_paraphrases_not_ngram_pairs(tmp_path, model_dir):
    layout = cohort(tmp_path / "out")
    run_similarity(layout, [], paraphrase_model=model_dir)
    assert read_pairs(layout) == []  # nothing shared word for word
    run = json.loads((layout.similarity_dir / "pairs.json").read_text())
    (pair,) = run["paraphrases"]
    assert pair["pair_id"] == "tests|2026-01|2|2026-01|4"
    assert pair["sentences"] == 3 and pair["similarity"] > 0.99
    with (layout.similarity_dir / "paraphrase.csv").open(encoding="utf-8") as fh:
        assert [r["pair_id"] for r in csv.DictReader(fh)] == [pair["pair_id"]]
    index = (layout.similarity_dir / "index.html").read_text(encoding="utf-8")
    assert "Possible paraphrases (1)" in index


def test_off_by_default_and_the_threshold_is_per_question(tmp_path, model_dir):
    layout = cohort(tmp_path / "out")
    run_similarity(layout, [])
    assert not (layout.similarity_dir / "paraphrase.csv").exists()
    settings = json.loads(
        resources.files("harvester").joinpath("bank", "similarity.json").read_text("utf-8")
    )
    settings["paraphrase_per_question"] = {"tests": 1.01}
    strict = tmp_path / "strict.json"
    strict.write_text(json.dumps(settings))
    run_similarity(layout, [], paraphrase_model=model_dir, settings_path=strict)
    run = json.loads((layout.similarity_dir / "pairs.json").read_text())
    assert run["paraphrases"] == []


def test_a_bad_model_folder_is_a_clear_error(tmp_path, capsys):
    layout = cohort(tmp_path / "out")
    with pytest.raises(SimilarityError, match="not a model2vec model folder"):
        run_similarity(layout, [], paraphrase_model=tmp_path)
    code = main(["similarity", str(layout.root), "--paraphrase-model", str(tmp_path / "none")])
    assert code == 2 and "not a model2vec model folder" in capsys.readouterr().err
