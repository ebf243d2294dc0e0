"""The large-change rules: the shipped bank/compare.json covers every figure, bad rules are
refused with a message naming the rule, and each condition does what the file says."""

from __future__ import annotations

import json

import pytest

from harvester.compare.config import is_large, load_rules
from harvester.compare.model import Comparison


def test_shipped_rules_cover_every_figure(harvests, tmp_path) -> None:
    from harvester.compare import run_compare

    rules = load_rules()
    result = run_compare([harvests["2024v1"], harvests["2026"]], None, tmp_path / "c")
    comparison: Comparison = result.comparison
    used = {row.rule for s in comparison.sections for t in s.tables for row in t.rows}
    assert used <= set(rules), used - set(rules)
    assert comparison.thresholds == rules


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, 'no "large_change" rules'),
        ({"large_change": {"services": 15}}, "rule 'services' is not an object"),
        ({"large_change": {"services": {"pts": 15}}}, "rule 'services': unknown pts"),
        ({"large_change": {"services": {"points": "15"}}}, "points must be a number"),
        ({"large_change": {"services": {"points": -1}}}, "points must be 0 or more"),
        ({"large_change": {"services": {"points": True}}}, "points must be a number"),
    ],
)
def test_bad_rules_are_refused(raw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        load_rules(json.loads(json.dumps(raw)))


def test_conditions() -> None:
    points = {"points": 15, "min_groups": 3}
    assert is_large(points, 50.0, 65.0, 3, 3)
    assert is_large(points, 65.0, 50.0, 3, 3)  # either direction
    assert not is_large(points, 50.0, 64.9, 3, 3)
    assert not is_large(points, 50.0, 90.0, 2, 3)  # too few groups on one side
    money = {"absolute": 5, "relative": 0.5}
    assert is_large(money, 10.0, 15.0, 1, 1)
    assert not is_large(money, 10.0, 14.0, 1, 1)  # under $5
    assert not is_large(money, 20.0, 28.0, 1, 1)  # +$8 but only +40%
    assert is_large(money, 0.0, 6.0, 1, 1)  # from nothing: any relative step
    assert not is_large({}, 1.0, 1.0, 5, 5)  # no change is never large
    assert is_large({}, 1.0, 1.5, 5, 5)  # no condition: any change
