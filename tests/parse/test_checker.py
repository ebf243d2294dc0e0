"""The course's own checker: the official limits are its limits, and its failures are predicted.

The shapes are the real ones: on 49 real reports each cohort's `reports/report.py check`
crashed on three: a deleted `### Question N` heading (its split then sees 30 answers), an extra
`###` section after the last answer (32), and a 2023-template report checked by the 2025
checker. Two 2026 reports written on the 2025 template got Q3's 100-200 words from their
template, while the checker 2026 students ran allows 0-200.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from pathlib import Path

import pytest
from parse_synth import full_answers, question_lines, render, sub, words

from harvester.parse import parse_file, parse_text
from harvester.parse.bank import load_bank
from harvester.parse.checker import checker_for, checker_versions, latest_for, replay

DEADLINE_2026 = "2026-01-24T23:59:00+01:00"
DEADLINE_2025 = "2025-01-24T23:59:00+01:00"
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
ROOT = Path(__file__).resolve().parents[2]


def checker_warnings(record: dict) -> list[dict]:
    return [w for w in record["warnings"] if w["kind"] == "course_checker"]


def test_a_clean_report_passes_the_checker() -> None:
    record = parse_text(render("2026", full_answers("2026")), deadline=DEADLINE_2026)
    assert record["course_checker"]["outcome"] == "ok"
    assert record["course_checker"]["answers_found"] == 31
    assert checker_warnings(record) == []


def test_a_deleted_question_heading_crashes_the_checker() -> None:
    text = sub(render("2026", full_answers("2026")), "### Question 9\n", "")
    record = parse_text(text, deadline=DEADLINE_2026)
    assert record["unanswered"] == []  # the harvester still finds question 9 by its text
    prediction = record["course_checker"]
    assert (prediction["outcome"], prediction["answers_found"]) == ("crash", 30)
    (warning,) = checker_warnings(record)
    assert "would stop with an error" in warning["detail"]
    assert "it finds 30 answers where it expects 31" in warning["detail"]
    assert "no '###' heading follows the answer to question 8" in warning["detail"]
    assert "'### Question 9' heading is missing" in warning["detail"]
    assert warning["line"] == record["answers"][7]["line"] - 1  # question 8's "Answer:" line


def test_an_extra_section_after_the_last_answer_crashes_the_checker() -> None:
    text = render("2026", full_answers("2026")) + "\n### Use of AI tools\n\nWe used ChatGPT.\n"
    record = parse_text(text, deadline=DEADLINE_2026)
    assert (record["course_checker"]["outcome"], record["course_checker"]["answers_found"]) == (
        "crash",
        32,
    )
    (warning,) = checker_warnings(record)
    last = text.split("\n").index("### Use of AI tools") + 1
    assert warning["line"] == last
    assert f"a '###' heading after the last answer (line {last})" in warning["detail"]
    assert "count the last answer twice" in warning["detail"]


def test_a_report_on_an_older_template_crashes_the_newer_checker() -> None:
    record = parse_text(render("2023", full_answers("2023")), deadline=DEADLINE_2025)
    assert record["template"] == "2023"
    prediction = record["course_checker"]
    assert (prediction["version"], prediction["outcome"]) == ("2025-01-08", "crash")
    assert prediction["answers_found"] == 27
    (warning,) = checker_warnings(record)
    assert "the report is written on the 2023 template (27 questions)" in warning["detail"]


def test_two_layout_faults_that_cancel_out_shift_the_answers() -> None:
    text = sub(render("2026", full_answers("2026")), "### Question 9\n", "")
    text += "\n### Use of AI tools\n\nWe used ChatGPT.\n"
    record = parse_text(text, deadline=DEADLINE_2026)
    prediction = record["course_checker"]
    assert (prediction["outcome"], prediction["answers_found"]) == ("shift", 31)
    assert prediction["shifted"][0] == {"checker_question": 8, "answer_of": 9}
    assert len(prediction["shifted"]) == 23  # questions 8..30 each get the next answer
    (warning,) = checker_warnings(record)
    assert warning["question"] == 8
    assert "question 8's limits on the answer to question 9" in warning["detail"]


def test_answer_marker_typos_and_repeats_are_explained() -> None:
    answers = full_answers("2025")
    q12 = "\n".join(question_lines("2025", 12, answers[12]))
    typo = sub(render("2025", answers), q12, q12.replace("> Answer:", "> Answer :"))
    record = parse_text(typo, deadline=DEADLINE_2025)
    assert record["unanswered"] == []  # the harvester reads "Answer :" as the marker
    assert (record["course_checker"]["outcome"], record["course_checker"]["answers_found"]) == (
        "crash",
        30,
    )
    (warning,) = checker_warnings(record)
    assert "question 12 has no literal 'Answer:' line" in warning["detail"]

    # A second "Answer:" inside an answer: the checker still counts 31 and checks question 5 on
    # the text after it only; no crash, no shift, and no misleading "missing heading" reason.
    answers[5] = "Answer: we used ruff.\n\n" + words(120)
    record = parse_text(render("2025", answers), deadline=DEADLINE_2025)
    prediction = record["course_checker"]
    assert (prediction["outcome"], prediction["answers_found"]) == ("ok", 31)
    assert [r["text"][:45] for r in prediction["reasons"]] == [
        "'Answer:' appears a second time in question 5"
    ]
    assert checker_warnings(record) == []


def test_a_file_the_checker_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    text = sub(render("2026", full_answers("2026")), "Group 7", "Gruppe 7 – Søren")
    path.write_bytes(text.encode("cp1252"))
    record = parse_file(path, deadline=DEADLINE_2026)
    (warning,) = checker_warnings(record)
    assert "cannot read the file" in warning["detail"] and "cp1252" in warning["detail"]


def test_official_limits_are_the_cohorts_checker_not_the_template() -> None:
    answers = full_answers("2025")
    answers[3] = words(40)  # within 0-200 (2026 checker), under 100-200 (2025 template)
    text = render("2025", answers)
    by_template = parse_text(text)
    assert by_template["template"] == "2025"
    assert by_template["answers"][2]["word_limit"] == [100, 200]
    assert by_template["answers"][2]["ok"] is False
    assert [w["question"] for w in by_template["warnings"] if w["kind"] == "word_limit"] == [3]
    assert by_template["limits_source"]["kind"] == "template"

    official = parse_text(text, deadline=DEADLINE_2026)
    assert official["answers"][2]["word_limit"] == [0, 200]
    assert official["answers"][2]["ok"] is True
    assert not [w for w in official["warnings"] if w["kind"] == "word_limit"]
    source = official["limits_source"]
    assert (source["kind"], source["checker"], source["deadline"]) == (
        "checker",
        "2026-01-09",
        "2026-01-24",
    )
    assert "2026-01-09" in source["label"]
    assert source["changed"] == [
        {
            "question": 3,
            "template": {"words": [100, 200], "images": None},
            "checker": {"words": [0, 200], "images": None},
        }
    ]


def test_a_2023_report_gets_the_2025_checkers_limits_by_question_meaning() -> None:
    record = parse_text(render("2023", full_answers("2023")), deadline=DEADLINE_2025)
    by_key = {a["key"]: a for a in record["answers"]}
    assert by_key["credits"]["question"] == 24
    assert by_key["credits"]["word_limit"] == [100, 200]  # the 2025 checker's Q27, not 25-100
    assert by_key["registry_images"]["image_limit"] == [1, 2]  # 2023 template: exactly 1


def test_the_checker_in_force_at_the_deadline() -> None:
    assert checker_for("2026-01-08T12:00:00+01:00").id == "2026-01-04"
    assert checker_for(DEADLINE_2026).id == "2026-01-09"
    assert checker_for("2024-01-19T23:59:00+01:00").id == "2023-09-27"
    assert checker_for("2022-06-01T00:00:00+02:00") is None  # before any known checker
    assert latest_for("2023").id == "2023-09-27"
    assert [v.answers for v in checker_versions()] == [27, 27, 27, 31, 31, 31, 31]


def test_before_any_known_checker_the_template_limits_stay() -> None:
    record = parse_text(render("2023", full_answers("2023")), deadline="2022-06-01T00:00:00Z")
    assert record["limits_source"]["kind"] == "template"
    assert record["course_checker"]["version"] == "2023-09-27"


def test_the_2023_checker_drops_the_first_43_characters() -> None:
    version = checker_for("2023-01-20T23:59:00+01:00")
    text = "Answer: in the title\n" + render("2023", full_answers("2023"))
    assert len(replay(text, version).answers) == 27  # the first 43 characters are never split
    assert len(replay(text, checker_for(DEADLINE_2025)).answers) == 28


def _load_builder():
    spec = importlib.util.spec_from_file_location(
        "build_checkers", ROOT / "scripts" / "build_checkers.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (SHARED / "repos").is_dir(), reason="shared/repos not available")
def test_bank_matches_every_real_course_checker(tmp_path: Path) -> None:
    """Every `reports/report.py` in the real repositories is a known version with its limits."""
    builder = _load_builder()
    by_blob = {blob: v for v in checker_versions() for blob in v.script_blobs}
    seen = 0
    for bundle in sorted((SHARED / "repos").glob("*.bundle")):
        clone = tmp_path / bundle.stem
        subprocess.run(["git", "clone", "-q", str(bundle), str(clone)], check=True)
        script = clone / "reports" / "report.py"
        if not script.is_file():
            continue
        blob = builder.blob_id(script)
        assert blob in by_blob, f"{bundle.name}: unknown checker {blob}"
        version = by_blob[blob]
        found = builder.read_checker(script.read_text(encoding="utf-8"))
        assert found["answers"] == version.answers
        assert found["skip_chars"] == version.skip_chars and found["drop"] == version.drop
        assert {
            int(q): {k: tuple(p) for k, p in lim.items()} for q, lim in found["limits"].items()
        } == version.limits
        seen += 1
    assert seen >= 20


@pytest.mark.skipif(not (SHARED / "templates").is_dir(), reason="shared/templates not available")
def test_each_checker_version_has_its_templates_word_limits() -> None:
    """The word limits a template states are its checker's, for every template of the version."""
    raw = json.loads((ROOT / "harvester" / "bank" / "checkers.json").read_text())
    for entry in raw["versions"]:
        version = next(v for v in checker_versions() if v.id == entry["id"])
        bank = load_bank(version.generation)
        stated = [tuple(version.limits[q.number]["words"]) for q in bank.questions
                  if "words" in version.limits.get(q.number, {})]  # fmt: skip
        for name in entry["templates"]:
            text = (SHARED / "templates" / f"{name}.md").read_text(encoding="utf-8")
            found = [
                (int(a), int(b))
                for a, b in re.findall(r"[Aa]nswer length: (\d+)-(\d+) words", text)
            ]
            assert found == stated, name
