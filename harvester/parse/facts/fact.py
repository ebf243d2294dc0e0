"""A fact read from an answer, with the words it came from and how sure the reading is.

The extractors return these; :mod:`harvester.parse.facts.sources` turns them into the
``facts_sources`` entries of record.json (question, line and span located in the README).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HIGH = "high"
LOW = "low"


@dataclass
class Fact:
    """One extracted value; ``words`` and ``context`` are as the extractor saw them."""

    value: Any
    rule: str
    words: str | None = None  # the source words ("82%", "$6.12", "Cloud Run")
    context: str | None = None  # the sentence or line around them
    confidence: str = HIGH
    reason: str | None = None  # why low
    candidates: list[str] = field(default_factory=list)  # other readings, when low

    def doubt(self, reason: str) -> Fact:
        """Mark the fact low-confidence, keeping every reason given."""
        self.confidence = LOW
        self.reason = reason if not self.reason else f"{self.reason}; {reason}"
        return self
