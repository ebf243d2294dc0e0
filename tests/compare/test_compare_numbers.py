"""The comparison's numbers on three harvested cohorts, against figures computed by hand from the
specs in cohorts.py (2024: archived by the previous release; 2025 and 2026: harvested now).

2024: groups 1, 2, 4 on the 2023 template (3 unreachable); 2025: groups 1, 2 on the 2025 template
and 3 on the 2023 one; 2026: groups 1-3 on the 2026 template, 4 without a report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.compare import run_compare
from harvester.compare.model import NO_DATA, NOT_COLLECTED, NOT_IN_TEMPLATE, Comparison

DKK = 0.13806  # the default rate the exports used (harvester/export/rates.py)
EUR = 1.03


@pytest.fixture(scope="module")
def comparison(harvests: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Comparison:
    out = tmp_path_factory.mktemp("compare") / "compare"
    outs = [harvests["2024v1"], harvests["2025"], harvests["2026"]]
    return run_compare(outs, None, out).comparison


def figures(comparison: Comparison, table_id: str) -> dict[str, list[float | str | None]]:
    """row key -> per cohort: the value rounded to 2 decimals, or the reason it has none."""
    for section in comparison.sections:
        for table in section.tables:
            if table.id == table_id:
                return {
                    row.key: [
                        round(c.value, 2) if c.value is not None else c.reason for c in row.cells
                    ]
                    for row in table.rows
                }
    raise AssertionError(f"no table {table_id}")


def counts(comparison: Comparison, table_id: str, key: str) -> list[int]:
    for section in comparison.sections:
        for table in section.tables:
            for row in table.rows:
                if table.id == table_id and row.key == key:
                    return [c.n for c in row.cells]
    raise AssertionError(f"no row {table_id}/{key}")


def test_cohorts_are_labelled_by_deadline_year_and_versioned(comparison: Comparison) -> None:
    assert comparison.labels == ["2024", "2025", "2026"]
    assert [c.schema_version for c in comparison.cohorts] == [1, 2, 2]
    assert [c.groups for c in comparison.cohorts] == [4, 3, 4]
    assert [c.reported for c in comparison.cohorts] == [3, 3, 3]
    assert [c.main_template for c in comparison.cohorts] == ["2023", "2025", "2026"]
    both = ("evidence", "grades")
    assert [c.tables for c in comparison.cohorts] == [(), both, both]


def test_template_generations(comparison: Comparison) -> None:
    got = figures(comparison, "templates")
    assert got["2023"] == [100.0, 33.33, 0.0]
    assert got["2025"] == [0.0, 66.67, 0.0]
    assert got["2026"] == [0.0, 0.0, 100.0]
    assert "unknown" not in got  # no cohort had an unrecognised report


def test_checklist_items_not_in_a_template_are_not_zero(comparison: Comparison) -> None:
    got = figures(comparison, "checklist")
    assert got["git_repo"] == [100.0, 100.0, 100.0]
    assert got["cookiecutter"] == [33.33, 33.33, 66.67]  # 2024: group 2 only partial
    assert got["unit_tests_data"] == [66.67, 66.67, 0.0]
    # torchserve left the template in 2025: there only group 3 (2023 template) is counted.
    assert got["torchserve"] == [33.33, 100.0, NOT_IN_TEMPLATE]
    assert counts(comparison, "checklist", "torchserve") == [3, 1, 0]
    # cli came with the 2025 template: group 3 of 2025 (2023 template) is not counted.
    assert got["cli"] == [NOT_IN_TEMPLATE, 50.0, 33.33]
    assert counts(comparison, "checklist", "cli") == [0, 2, 3]
    assert got["input_output_collection"] == [NOT_IN_TEMPLATE, NOT_IN_TEMPLATE, 33.33]


def test_code_coverage_median_quartiles_and_share(comparison: Comparison) -> None:
    got = figures(comparison, "coverage")
    assert got["reported"] == [66.67, 100.0, 66.67]  # 80, 60 | 90, 70, 50 | 95, 85
    assert got["median"] == [70.0, 70.0, 90.0]
    assert got["q1"] == [65.0, 60.0, 87.5]
    assert got["q3"] == [75.0, 80.0, 92.5]
    assert counts(comparison, "coverage", "median") == [2, 3, 2]


def test_credits_in_usd_at_the_exports_rates(comparison: Comparison) -> None:
    got = figures(comparison, "credits")
    usd_2024 = sorted([10.0, round(50 * DKK, 2), 2.0])  # $10, 50 kr, $2
    usd_2025 = sorted([30.0, round(20 * EUR, 2), 4.0])  # $30, 20 EUR, $4
    assert got["reported"] == [100.0, 100.0, 66.67]  # 2026: group 2 left it blank
    assert got["median"] == [usd_2024[1], usd_2025[1], 30.0]
    assert got["q1"] == [
        round((usd_2024[0] + usd_2024[1]) / 2, 2),
        round((usd_2025[0] + usd_2025[1]) / 2, 2),
        20.0,
    ]
    assert got["q3"] == [
        round((usd_2024[1] + usd_2024[2]) / 2, 2),
        round((usd_2025[1] + usd_2025[2]) / 2, 2),
        40.0,
    ]


def test_services_adoption(comparison: Comparison) -> None:
    got = figures(comparison, "services")
    assert got["cloud_storage"] == [100.0, 100.0, 100.0]
    assert got["container_registry"] == [66.67, 33.33, 0.0]
    assert got["artifact_registry"] == [0.0, 66.67, 100.0]
    assert got["compute_engine"] == [33.33, 0.0, 0.0]
    assert got["cloud_run"] == [0.0, 33.33, 33.33]
    assert "bigquery" not in got  # nobody used it: no row


def test_answers_matched_by_key_not_number(comparison: Comparison) -> None:
    answered = figures(comparison, "answered")
    assert answered["credits"] == [100.0, 100.0, 66.67]  # Q24 in 2024, Q27 later
    assert answered["code_quality"] == [66.67, 100.0, 100.0]
    rows = next(
        t for s in comparison.sections for t in s.tables if t.id == "answered"
    ).rows  # fmt: skip
    label = next(r.label for r in rows if r.key == "credits")
    assert label == "credits (Q24 in 2024; Q27 in 2025, 2026)"
    # cloud_training is asked from the 2025 template on; 2024 did not have it.
    assert answered["cloud_training"] == [NOT_IN_TEMPLATE, 100.0, 100.0]
    assert counts(comparison, "answered", "cloud_training") == [0, 2, 3]
    limits = figures(comparison, "limits")
    assert limits["code_structure"] == [33.33, 33.33, 0.0]  # "short" is under 100 words
    assert counts(comparison, "limits", "code_quality") == [2, 3, 3]  # of the answers given
    words = figures(comparison, "words")
    assert words["code_structure"] == [105.0, 105.0, 105.0]  # filler of min + 5 words


def test_late_work(comparison: Comparison) -> None:
    got = figures(comparison, "late")
    assert got["commits"] == [66.67, 33.33, 25.0]
    assert got["reports"] == [33.33, 33.33, 0.0]
    assert counts(comparison, "late", "commits") == [3, 3, 4]  # unreachable 2024/3 not counted


def test_evidence_verdicts_where_collected(comparison: Comparison) -> None:
    verdicts = figures(comparison, "verdicts")
    assert verdicts["yes"] == [NOT_COLLECTED, 62.5, 71.43]
    assert verdicts["weak"] == [NOT_COLLECTED, 12.5, 0.0]
    assert verdicts["template"] == [NOT_COLLECTED, 0.0, 14.29]
    assert verdicts["no"] == [NOT_COLLECTED, 12.5, 14.29]
    assert verdicts["not_verifiable"] == [NOT_COLLECTED, 12.5, 0.0]
    assert counts(comparison, "verdicts", "yes") == [0, 8, 7]  # ticked claims only
    proof = figures(comparison, "proof")
    assert proof["cookiecutter"] == [NOT_COLLECTED, 100.0, 50.0]
    assert proof["unit_tests_data"] == [NOT_COLLECTED, 50.0, NO_DATA]
    assert proof["cli"] == [NOT_COLLECTED, 0.0, 100.0]


def test_grades_where_collected(comparison: Comparison) -> None:
    got = figures(comparison, "grades")
    assert got["report"] == [NOT_COLLECTED, 7.0, round(16 / 3, 2)]
    assert got["code"] == [NOT_COLLECTED, 7.0, NO_DATA]  # 10 and 4; "pass" is not a number
    assert counts(comparison, "grades", "code") == [0, 2, 0]


def test_large_changes_follow_the_thresholds(comparison: Comparison) -> None:
    found = {(c.table, c.row, c.after_label) for c in comparison.changes}
    assert ("Google Cloud services used", "Container Registry", "2025") in found
    assert ("Google Cloud services used", "Artifact Registry", "2025") in found
    unit_tests = "Write unit tests related to the data part of your code (M16)"
    assert ("Checklist items ticked as done", unit_tests, "2026") in found
    assert ("Cloud credits spent (USD)", "median", "2025") in found  # $6.90 -> $20.60
    assert ("Mean points by criterion", "report", "2026") in found  # 7.0 -> 5.33
    # Under the thresholds or too few groups: not large.
    cli = "Add command line interfaces and project commands to your code where it makes sense (M9)"
    assert not any(row == cli for _, row, _ in found)  # 50% of 2 groups -> 33% of 3
    assert ("Cloud credits spent (USD)", "median", "2026") not in found  # +46%, under +50%
    assert ("Code coverage (%)", "median", "2026") not in found  # only 2 groups state one
    assert not any(t == "Verdicts on ticked checklist items" for t, _, _ in found)
    assert all(c.before_label != c.after_label for c in comparison.changes)


def test_custom_rules_change_what_is_large(harvests: dict[str, Path], tmp_path: Path) -> None:
    rules = {"large_change": {"services": {"points": 50}}}
    outs = [harvests["2024v1"], harvests["2025"]]
    result = run_compare(outs, ["old", "new"], tmp_path / "c", rules=rules)
    found = {(c.row, c.before, c.after) for c in result.comparison.changes}
    assert {row for row, _, _ in found} == {"Artifact Registry"}  # +66.7; -33.3 is under 50
    assert result.comparison.labels == ["old", "new"]


def test_credits_use_the_rates_each_export_used(harvests: dict[str, Path], tmp_path: Path) -> None:
    """A cohort exported with --rates DKK=0.2: its 50 kr count as $10, the other cohort's not."""
    from cohorts import COHORT_2024, harvest

    custom = harvest(COHORT_2024, tmp_path / "custom", "--rates", "DKK=0.2")
    result = run_compare([harvests["2024v1"], custom], ["default", "custom"], tmp_path / "c")
    got = figures(result.comparison, "credits")
    assert got["median"] == [round(50 * DKK, 2), 10.0]  # $2, 50 kr, $10 -> the middle one
    assert result.comparison.cohorts[1].rates["DKK"] == 0.2
