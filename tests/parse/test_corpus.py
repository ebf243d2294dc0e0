"""Accuracy on the shared labelled corpus (skipped when ../shared is not there)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from harvester.corpus_check import FIELDS, check, format_result, main, same

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
EXACT = ("template", "group_number", "study_numbers", "checklist")


def test_comparison_rules() -> None:
    assert same("credits", {"amount": 100, "unit": "USD"}, {"amount": 100.9, "unit": "USD"})
    assert not same("credits", {"amount": 100, "unit": "USD"}, {"amount": 102, "unit": "USD"})
    assert not same("credits", {"amount": 5, "unit": "USD"}, {"amount": 5, "unit": "EUR"})
    assert same("code_coverage", 80, 80.4) and not same("code_coverage", 80, 81)
    assert same("credits", None, None) and not same("credits", None, {"amount": 1, "unit": "USD"})
    assert same("services", ["b", "a"], ["a", "b"])


def test_harness_on_a_tiny_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "cohort" / "group"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("### Question 1\n> Answer:\n\n12\n", encoding="utf-8")
    (folder / "labels.json").write_text(
        '{"template": null, "group_number": 13, "images": {"referenced": 0, "missing": null}}',
        encoding="utf-8",
    )
    result = check([tmp_path])
    assert result.reports == 1
    assert result.checked["images.missing"] == 0  # null label = not labelled
    assert [(m.field, m.expected) for m in result.mismatches if m.field == "group_number"] == [
        ("group_number", 13)
    ]
    assert main([tmp_path]) == 0
    assert "group_number: expected 13" in capsys.readouterr().out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared corpus not available")
def test_shared_corpus_accuracy() -> None:
    result = check([CORPUS])
    print(format_result(result))
    assert result.reports >= 30
    for name in FIELDS:
        checked, correct = result.checked[name], result.correct[name]
        if not checked:
            continue
        if name in EXACT:
            assert correct == checked, name
        else:
            # >= 97%; the brief sized this for 36 reports (one miss allowed), the corpus has
            # fewer, so one miss per field stays allowed.
            assert correct >= min(math.ceil(0.97 * checked), checked - 1), name
