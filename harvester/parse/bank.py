"""The question bank: one JSON file per template generation, loaded once.

The bank is checked-in data (``harvester/bank/<generation>.json``), not code, so a new template
generation means a new JSON file, not new parsing rules.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

GENERATIONS: tuple[str, ...] = ("2023", "2025", "2026")


@dataclass(frozen=True)
class Question:
    """One question of a template generation."""

    number: int
    key: str
    section: str
    text: str
    text_variants: tuple[str, ...]
    example: str
    word_limit: tuple[int, int] | None
    image_limit: tuple[int, int] | None


@dataclass(frozen=True)
class ChecklistItem:
    """One canonical checklist item; ``id`` is stable across generations."""

    id: str
    text: str
    week: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    """Everything the parser knows about one template generation."""

    generation: str
    questions: tuple[Question, ...]
    checklist: tuple[ChecklistItem, ...]
    sections: dict[str, str]  # section title -> intro sentence (may be absent)

    def question(self, number: int) -> Question | None:
        for q in self.questions:
            if q.number == number:
                return q
        return None

    @property
    def numbers(self) -> list[int]:
        return [q.number for q in self.questions]


def _pair(value: list[int] | None) -> tuple[int, int] | None:
    return (int(value[0]), int(value[1])) if value else None


@cache
def load_bank(generation: str) -> Bank:
    """Load ``harvester/bank/<generation>.json`` (cached; the files are read-only data)."""
    if generation not in GENERATIONS:
        raise KeyError(f"unknown template generation {generation!r}")
    raw = json.loads(
        resources.files("harvester").joinpath("bank", f"{generation}.json").read_text("utf-8")
    )
    questions = tuple(
        Question(
            number=int(q["number"]),
            key=q["key"],
            section=q["section"],
            text=q["text"],
            text_variants=tuple(q.get("text_variants", ())),
            example=q.get("example", ""),
            word_limit=_pair(q.get("word_limit")),
            image_limit=_pair(q.get("image_limit")),
        )
        for q in raw["questions"]
    )
    checklist = tuple(
        ChecklistItem(id=c["id"], text=c["text"], week=str(c["week"]), modules=tuple(c["modules"]))
        for c in raw["checklist"]
    )
    sections = {str(k): str(v) for k, v in raw.get("sections", {}).items()}
    for q in questions:
        sections.setdefault(q.section, "")
    return Bank(raw["generation"], questions, checklist, sections)


def all_banks() -> list[Bank]:
    """Every known generation, oldest first."""
    return [load_bank(g) for g in GENERATIONS]
