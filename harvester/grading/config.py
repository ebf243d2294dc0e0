"""The grading rules kept as data in `harvester/bank/grading.json` (scales, defaults, LMS columns).

Read once; a course changes the data, not the code.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def grading_config() -> dict[str, Any]:
    text = resources.files("harvester").joinpath("bank", "grading.json").read_text("utf-8")
    return json.loads(text)


def scale(name: str) -> tuple[str, ...] | None:
    """A named scale ("7-step") from the bank, or None when the bank has no such name."""
    values = grading_config()["scales"].get(name.strip())
    return tuple(values) if values else None


def lms_conventions(name: str) -> dict[str, Any]:
    return dict(grading_config()["lms"].get(name, {}))
