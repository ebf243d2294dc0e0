"""What every stage reports, and where its progress goes."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field


def log(message: str) -> None:
    """Progress and summaries go to stderr so stdout stays clean for data (e.g. --json)."""
    print(message, file=sys.stderr, flush=True)


@dataclass
class StageResult:
    done: int = 0
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    seconds: float = 0.0
