"""Checklist: ticks of every style, wrapped items, appended names, ids stable across templates."""

from __future__ import annotations

import pytest
from parse_synth import checklist_lines, render, sub

from harvester.parse.bank import load_bank
from harvester.parse.checklist import classify_mark, count_states, match_item, parse_checklist
from harvester.parse.lines import build_doc
from harvester.parse.segment import question_headings, segment


def items_of(text: str, gen: str = "2025") -> list[dict]:
    doc = build_doc(text)
    bank = load_bank(gen)
    seg = segment(doc, bank, question_headings(doc))
    return parse_checklist(doc, seg.checklist_end, bank)[0]


@pytest.mark.parametrize(
    ("mark", "state"),
    [
        ("x", "done"),
        ("X", "done"),
        ("✅", "done"),
        ("✔️", "done"),
        ("✓", "done"),
        ("100%", "done"),
        ("-", "partial"),
        ("~", "partial"),
        ("50%", "partial"),
        ("/", "partial"),
        (" ", "open"),
        ("", "open"),
        ("0%", "open"),
        ("❌", "open"),
    ],
)
def test_marks(mark: str, state: str) -> None:
    assert classify_mark(mark) == (state, True)


def test_unknown_mark_is_partial_with_warning() -> None:
    assert classify_mark("maybe?") == ("partial", False)
    text = sub(render("2025"), "* [ ] Create a git repository", "* [zz] Create a git repository")
    doc = build_doc(text)
    bank = load_bank("2025")
    seg = segment(doc, bank, question_headings(doc))
    _, warnings = parse_checklist(doc, seg.checklist_end, bank)
    assert [w["kind"] for w in warnings] == ["checklist_mark"]


@pytest.mark.parametrize("gen", ["2023", "2025", "2026"])
def test_every_official_item_gets_its_id_and_wrapped_items_count_once(gen: str) -> None:
    bank = load_bank(gen)
    marks = {item.id: "x" for item in bank.checklist[::2]}
    items = items_of(render(gen, marks=marks), gen)
    assert [i["id"] for i in items] == [item.id for item in bank.checklist]
    assert count_states(items) == {
        "done": len(marks),
        "partial": 0,
        "open": len(bank.checklist) - len(marks),
    }
    assert all(i["week"] for i in items)


def test_messy_checklist_as_groups_write_it() -> None:
    text = render("2025")
    repo = "Create a git repository (M5)"
    text = sub(text, f"* [ ] {repo}", f"- [X] {repo} RASMUS")
    text = sub(
        text,
        "* [ ] Make sure that all team members have write access to the GitHub repository (M5)",
        "* [✅] Make sure that all team members have write access to the GitHub repository (M5)"
        " <!--- Harris -->",
    )
    text = sub(
        text,
        "* [ ] Construct one or multiple docker files for your code (M10)",
        "* [] Construct one or multiple docker files for your code (M10) # BJØRN",
    )
    text = sub(text, "* [ ] Load test your application (M24)", "* [50%] Load test your application")
    text = sub(text, "### Week 1", "## Week 1")  # re-levelled: the checklist does not end here
    text = sub(text, "### Extra", "## Extra")
    items = items_of(text)
    by_id = {i["id"]: i for i in items}
    assert len(items) == 52
    assert by_id["git_repo"]["state"] == "done"
    assert by_id["git_write_access"]["state"] == "done"
    assert by_id["dockerfiles"]["state"] == "open"
    assert by_id["load_test"]["state"] == "partial"
    assert by_id["code_uploaded"]["week"] == "extra"
    assert by_id["git_repo"]["module"] == "M5"


def test_items_after_the_group_information_part_are_not_checklist() -> None:
    text = sub(
        render("2025"),
        "--- question 28 fill here ---",
        "Our own todo list:\n\n* [x] frontend\n* [ ] drift detection",
    )
    assert len(items_of(text)) == 52


def test_a_tick_list_of_report_questions_is_not_checklist() -> None:
    todo = "### Report progress\n\n* [x] Q1\n* [X] Q2\n* [ ] Q3 coverage number missing\n"
    todo += "* [ ] Question 4\n- [x] **Q5**\n\n"
    text = sub(render("2025"), "## Group information", todo + "## Group information")
    assert len(items_of(text)) == 52


def test_an_item_that_only_starts_with_a_q_word_stays_an_item() -> None:
    text = sub(render("2025"), "### Extra\n", "### Extra\n\n* [x] Quantize the model to 8 bits\n")
    assert len(items_of(text)) == 53


def test_checkboxes_in_code_and_links_are_not_items() -> None:
    extra = "```\n* [x] not an item\n```\n\n[x](https://example.com) a link\n[Note] not a box\n"
    head = "## Overall project checklist"
    text = sub(render("2025"), head, extra + head)
    assert len(items_of(text)) == 52


def test_duplicate_item_counts_twice() -> None:
    item = "Add pre-commit hooks to your version control setup"
    line = f"* [ ] {item} (M18)"
    text = sub(render("2025"), line, f"{line}\n* [X] {item}")
    items = items_of(text)
    assert len(items) == 53
    assert [i["state"] for i in items if i["id"] == "pre_commit"] == ["open", "done"]


def test_unknown_item_has_null_id() -> None:
    text = sub(render("2025"), "### Extra\n", "### Extra\n\n* [x] Bake a cake for the TAs\n")
    items = items_of(text)
    cake = [i for i in items if "cake" in i["text"]]
    assert cake and cake[0]["id"] is None and cake[0]["state"] == "done"


def test_older_item_wording_maps_to_same_id() -> None:
    b26 = load_bank("2026")
    old = (
        "Remember to fill out the `requirements.txt` file with whatever dependencies that you "
        "are using"
    )
    assert match_item(old, (), b26).id == "requirements_file"
    assert match_item("Calculate the coverage.", (), b26).id == "code_coverage"
    assert match_item("Create a git repository (M5) RASMUS", ("M5",), b26).id == "git_repo"


def test_checklist_lines_helper_covers_every_item() -> None:
    lines = checklist_lines("2026")
    assert sum(1 for line in lines if line.startswith("* [")) == 53


def test_a_legend_of_the_marks_is_not_an_item() -> None:
    legend = "\n\n- [x] = Done\n- [~] : half way\n* [ ] means not started\n\n"
    text = sub(render("2025"), "## Group information", legend + "## Group information")
    assert len(items_of(text)) == 52


def test_a_tick_symbol_without_brackets_is_an_item_only_when_it_is_an_official_one() -> None:
    drift = "* [ ] Deploy to the cloud a drift detection API (M27)"
    git = "* [ ] Create a git repository (M5)"
    text = sub(render("2025"), drift, "- ❌ Deploy to the cloud a drift detection API (M27)")
    text = sub(text, git, "* ✅ Create a git repository (M5)")
    goals = "Our goals:\n\n- ✅ reach ninety percent accuracy on the held-out birds\n\n"
    text = sub(text, "## Group information", goals + "## Group information")
    items = items_of(text)
    assert len(items) == 52
    states = {i["id"]: i["state"] for i in items}
    assert states["git_repo"] == "done"
    assert [i["state"] for i in items if "drift detection API" in i["text"]] == ["open"]
