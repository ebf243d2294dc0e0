"""The detector on answers written here: template text, common phrasing, offsets, pair ids."""

from __future__ import annotations

import dataclasses
import json
from importlib import resources

import pytest

from harvester.similarity.answers import Answer
from harvester.similarity.detect import find_pairs, pair_id
from harvester.similarity.settings import load_settings
from harvester.similarity.templates import load_template_text

try:
    from similarity_fixtures import COPIED, filler
except ImportError:  # collected as part of a package
    from .similarity_fixtures import COPIED, filler

SETTINGS = load_settings()
TEMPLATE = load_template_text(SETTINGS)


def answers(texts: dict[str, str], key: str = "dependencies", cohort: str = "2026-01",
            new: bool = True) -> list[Answer]:  # fmt: skip
    return [Answer(cohort, g, key, 4, t, new) for g, t in texts.items()]


def bank_pieces(key: str) -> list[str]:
    raw = resources.files("harvester").joinpath("bank", "similarity_templates.json")
    return json.loads(raw.read_text("utf-8"))["questions"][key]


def test_a_copied_passage_is_found_with_exact_offsets():
    texts = {str(g): filler(g) for g in range(1, 9)}
    texts["2"] = filler(2, 3) + " " + COPIED + "\n\n" + filler(102, 3)
    texts["7"] = "Intro. " + COPIED.replace("bucket,", "bucket,\n") + " " + filler(107, 4)
    pairs = find_pairs(answers(texts), TEMPLATE, SETTINGS)
    assert [p["pair_id"] for p in pairs] == ["dependencies|2026-01|2|2026-01|7"]
    pair = pairs[0]
    assert pair["longest_run"] >= 35 and pair["shared_words"] >= 35
    (passage,) = pair["passages"]
    a_text = pair["text_a"][passage["a"][0] : passage["a"][1]]
    b_text = pair["text_b"][passage["b"][0] : passage["b"][1]]
    assert " ".join(a_text.split()) == COPIED.rstrip(".")
    assert " ".join(b_text.split()) == COPIED.rstrip(".")
    for start, end in passage["a_marks"]:
        assert pair["text_a"][start:end] in COPIED
    assert any(reason.startswith("Longest unbroken shared run") for reason in pair["reasons"])


def test_offsets_hold_with_markdown_and_non_ascii_text():
    copied = "Vi trænede modellen på 🍄-billeder og gemte hver øvelse i bucket’en med DVC-tags."
    copied = copied + " " + COPIED
    texts = {str(g): filler(g) for g in range(1, 6)}
    texts["1"] = "**Svar:** 😀 " + copied
    texts["4"] = "> " + copied + "\n\n* punkt"
    (pair,) = find_pairs(answers(texts), TEMPLATE, SETTINGS)
    marks_a = [pair["text_a"][s:e] for s, e in pair["passages"][0]["a_marks"]]
    marks_b = [pair["text_b"][s:e] for s, e in pair["passages"][0]["b_marks"]]
    assert marks_a == marks_b
    assert "bucket’en" in " ".join(marks_a)


def test_template_text_of_every_generation_never_counts():
    """Two answers that only quote their templates (2023 and 2026 wording) are not a pair."""
    pieces = bank_pieces("dependencies")
    quoted = " ".join(p for p in pieces if "fill here" not in p)
    assert "auto-generated" in quoted
    texts = {str(g): filler(g) for g in range(1, 6)}
    texts["1"] = quoted + " " + filler(201, 2)
    texts["2"] = quoted + " " + filler(202, 2)
    assert find_pairs(answers(texts), TEMPLATE, SETTINGS) == []
    texts["2"] += " " + COPIED
    texts["1"] += " " + COPIED
    (pair,) = find_pairs(answers(texts), TEMPLATE, SETTINGS)
    marked = " ".join(pair["text_a"][s:e] for p in pair["passages"] for s, e in p["a_marks"])
    assert "auto-generated" not in marked and "nightly retraining" in marked


def test_filled_in_example_and_rephrased_question_are_not_a_pair():
    example = (
        "We used {} for managing our dependencies. The list of dependencies was auto-generated "
        "using {}. To get a complete copy of our development environment, one would have to run "
        "the following commands."
    )
    rephrase = (
        "To get an exact copy of the development environment, a new team member would have to "
        "go through the process we explain here for managing dependencies in our project."
    )
    texts = {str(g): filler(g, 3) for g in range(1, 6)}
    texts["1"] = example.format("pip", "pipreqs") + " " + rephrase + " " + filler(301, 2)
    texts["3"] = example.format("pip", "pipreqs") + " " + rephrase + " " + filler(303, 2)
    assert find_pairs(answers(texts), TEMPLATE, SETTINGS) == []


def test_phrases_in_more_answers_than_the_cap_are_common_phrasing():
    cap = SETTINGS.common_max_answers
    texts = {str(g): filler(g) + " " + COPIED for g in range(1, cap + 2)}
    texts.update({str(g): filler(g) for g in range(cap + 2, cap + 8)})
    assert find_pairs(answers(texts), TEMPLATE, SETTINGS) == []
    wider = dataclasses.replace(SETTINGS, common_max_answers=cap + 1)
    pairs = find_pairs(answers(texts), TEMPLATE, wider)
    assert len(pairs) == (cap + 1) * cap // 2


def test_code_and_commands_are_set_aside():
    block = (
        "```bash\ngit clone https://github.com/ex/proj.git\ncd proj\nuv sync --frozen\n"
        "dvc pull data/raw --remote storage\nuv run invoke train --epochs 12\n```"
    )
    texts = {str(g): filler(g) for g in range(1, 6)}
    texts["1"] += "\n\n" + block + "\n\npip install -r requirements.txt --no-cache-dir"
    texts["2"] += "\n\n" + block + "\n\npip install -r requirements.txt --no-cache-dir"
    assert find_pairs(answers(texts), TEMPLATE, SETTINGS) == []
    texts["1"] += " " + COPIED
    texts["2"] += " " + COPIED
    (pair,) = find_pairs(answers(texts), TEMPLATE, SETTINGS)
    assert pair["code_shared_words"] >= 15
    assert any("not scored" in r for r in pair["reasons"])


def test_a_group_is_never_compared_with_itself_and_questions_stay_apart():
    same = answers({"1": filler(1) + " " + COPIED})
    same += answers({"1": filler(2) + " " + COPIED}, key="code_structure")
    same += answers({"2": filler(3)}) + answers({"3": filler(4) + " " + COPIED}, key="tests")
    assert find_pairs(same, TEMPLATE, SETTINGS) == []


def test_past_answers_pair_with_new_ones_only():
    new = answers({"1": filler(1) + " " + COPIED, "2": filler(2)})
    old = answers({"1": filler(3) + " " + COPIED, "5": filler(5) + " " + COPIED}, cohort="2025-01",
                  new=False)  # fmt: skip
    ids = sorted(p["pair_id"] for p in find_pairs(new + old, TEMPLATE, SETTINGS))
    assert ids == ["dependencies|2025-01|1|2026-01|1", "dependencies|2025-01|5|2026-01|1"]


@pytest.mark.parametrize("groups", [("2", "10"), ("10", "2"), ("b", "a")])
def test_pair_ids_sort_the_sides(groups):
    a = Answer("2026-01", groups[0], "tests", 7, "", True)
    b = Answer("2026-01", groups[1], "tests", 7, "", True)
    assert pair_id("tests", a, b) == pair_id("tests", b, a)
    first = pair_id("tests", a, b).split("|")[2]
    assert first == ("2" if "2" in groups else "a")


def test_results_do_not_depend_on_input_order():
    texts = {str(g): filler(g) for g in range(1, 12)}
    for g in ("3", "8", "11"):
        texts[g] += " " + COPIED
    forward = find_pairs(answers(texts), TEMPLATE, SETTINGS)
    backward = find_pairs(answers(dict(reversed(list(texts.items())))), TEMPLATE, SETTINGS)
    assert [p["pair_id"] for p in forward] == [p["pair_id"] for p in backward]
    assert len(forward) == 3


def test_excerpts_read_as_text_not_markdown() -> None:
    from harvester.similarity.detect import plain_excerpt

    cut = "architecture](figures/architecture.png) Our system\n  trains on   the cloud."
    assert plain_excerpt(cut) == "Our system trains on the cloud."
    assert plain_excerpt("See ![the loss](figures/loss.png) and [the docs](https://x.y).") == (
        "See the loss and the docs."
    )
