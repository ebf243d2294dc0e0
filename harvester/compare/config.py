"""What counts as a large change: rules read from `harvester/bank/compare.json` (data, not code).

Staff tune the thresholds without touching code; this module only loads and checks them, so a
typo in the file is a clear error rather than a silently ignored rule.
"""

from __future__ import annotations

import json
import math
from importlib import resources
from typing import Any

CONDITIONS = ("points", "absolute", "relative", "min_groups")

Rules = dict[str, dict[str, float]]


def load_rules(raw: dict[str, Any] | None = None) -> Rules:
    """The "large_change" rules of ``raw`` (default: the shipped bank/compare.json), checked."""
    if raw is None:
        text = resources.files("harvester").joinpath("bank", "compare.json").read_text("utf-8")
        raw = json.loads(text)
    rules = raw.get("large_change") if isinstance(raw, dict) else None
    if not isinstance(rules, dict) or not rules:
        raise ValueError('compare.json: no "large_change" rules')
    checked: Rules = {}
    for name, rule in rules.items():
        if not isinstance(rule, dict):
            raise ValueError(f"compare.json: rule {name!r} is not an object")
        unknown = sorted(set(rule) - set(CONDITIONS))
        if unknown:
            raise ValueError(f"compare.json: rule {name!r}: unknown {', '.join(unknown)}")
        for key, value in rule.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"compare.json: rule {name!r}: {key} must be a number")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"compare.json: rule {name!r}: {key} must be 0 or more")
        checked[str(name)] = {k: float(v) for k, v in rule.items()}
    return checked


def is_large(
    rule: dict[str, float], before: float, after: float, n_before: int, n_after: int
) -> bool:
    """True when the step from ``before`` to ``after`` passes every condition of ``rule``."""
    if min(n_before, n_after) < rule.get("min_groups", 1):
        return False
    delta = abs(after - before)
    if delta == 0:
        return False
    if "points" in rule and delta < rule["points"]:
        return False
    if "absolute" in rule and delta < rule["absolute"]:
        return False
    return not ("relative" in rule and delta < rule["relative"] * abs(before))
