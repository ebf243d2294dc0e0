"""The question bank: checked-in data that must stay consistent with the templates' facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.parse.bank import GENERATIONS, all_banks, load_bank
from harvester.parse.segment import question_phrases

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def test_question_and_item_counts() -> None:
    counts = {b.generation: (len(b.questions), len(b.checklist)) for b in all_banks()}
    assert counts == {"2023": (27, 36), "2025": (31, 52), "2026": (31, 53)}


def test_image_limits_match_the_course_checker() -> None:
    def limits(gen: str) -> dict[int, tuple[int, int]]:
        return {q.number: q.image_limit for q in load_bank(gen).questions if q.image_limit}

    assert limits("2023") == {14: (1, 3), 19: (1, 2), 20: (1, 1), 21: (1, 1), 25: (1, 1)}
    assert (
        limits("2025")
        == limits("2026")
        == {
            14: (1, 3),
            19: (1, 2),
            20: (1, 2),
            21: (1, 2),
            29: (1, 1),
        }
    )


def test_key_questions_and_word_limits() -> None:
    b23, b26 = load_bank("2023"), load_bank("2026")
    assert b23.question(24).key == b26.question(27).key == "credits"
    assert b23.question(25).key == b26.question(29).key == "architecture"
    assert b23.question(14).word_limit == (200, 300)
    assert b23.question(25).word_limit == (200, 400)
    assert b26.question(3).word_limit == (0, 200)


@pytest.mark.parametrize("gen", GENERATIONS)
def test_keys_ids_and_phrases_are_unique(gen: str) -> None:
    bank = load_bank(gen)
    assert len({q.key for q in bank.questions}) == len(bank.questions)
    assert len({i.id for i in bank.checklist}) == len(bank.checklist)
    phrases = [p for q in bank.questions for p in question_phrases(q)]
    assert len(set(phrases)) == len(phrases)


def test_same_item_same_id_across_generations() -> None:
    ids = [{i.id for i in b.checklist} for b in all_banks()]
    for shared in ("git_repo", "code_coverage", "gcp_bucket_dvc", "fastapi", "ci", "hydra"):
        assert all(shared in s for s in ids)
    assert "input_output_collection" in ids[2] and "input_output_collection" not in ids[1]


def test_bank_files_agree_with_the_official_templates() -> None:
    """Every fact the templates state is in the checked-in JSON (skipped without templates).

    The JSON is the source of truth and may hold more (extra wordings); it may not contradict
    the templates: question texts, word limits, sections, checklist items and their tags.
    """
    templates = SHARED / "templates"
    if not templates.is_dir():
        pytest.skip("shared/templates not available")
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "build_bank.py"
    spec = importlib.util.spec_from_file_location("build_bank", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(templates)
    for gen in GENERATIONS:
        bank = load_bank(gen)
        for fact in built[gen]["questions"]:
            q = bank.question(fact["number"])
            assert q is not None
            assert fact["text"] in (q.text, *q.text_variants)
            assert set(fact["text_variants"]) <= {q.text, *q.text_variants}
            assert q.section == fact["section"]
            assert q.word_limit == (tuple(fact["word_limit"]) if fact["word_limit"] else None)
        items = [
            (i["id"], i["text"], i["week"], tuple(i["modules"])) for i in built[gen]["checklist"]
        ]
        assert items == [(i.id, i.text, i.week, i.modules) for i in bank.checklist]
