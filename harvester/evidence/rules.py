"""The evidence rules (`harvester/bank/evidence.toml`), loaded once and checked on load.

The rules are data so a TA can read, and a maintainer can fix, what counts as evidence for an
item without touching code; a malformed rule fails loudly here, naming the item.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

TRACES = ("code", "local", "console", "process", "repository", "history")
STRENGTHS = ("strong", "weak")
VERDICTS = ("yes", "weak", "template", "no", "not_verifiable")


class RuleError(ValueError):
    """The rules file is malformed; the message names the item and pattern."""


@dataclass(frozen=True)
class FileSet:
    name: str
    match: re.Pattern[str]
    exclude: re.Pattern[str] | None

    def __contains__(self, path: str) -> bool:
        return bool(self.match.search(path)) and not (self.exclude and self.exclude.search(path))


@dataclass(frozen=True)
class Pattern:
    kind: str  # path | content | report_image
    regex: re.Pattern[str] | None
    files: FileSet
    also: re.Pattern[str] | None
    question: str | None  # report_image: the answer key whose figures count
    strength: str
    why: str
    part: str | None


@dataclass(frozen=True)
class Rule:
    item: str
    trace: str
    patterns: tuple[Pattern, ...]
    parts: tuple[str, ...]
    template_counts: bool
    why: str  # for rules without patterns (process, repository, history)
    notebooks: bool = False  # often done in a notebook, whose content is never read

    @property
    def may_say_no(self) -> bool:
        """Only an item that must leave a trace in code may be called unsupported."""
        return self.trace == "code"


@dataclass(frozen=True)
class Rules:
    version: int
    items: dict[str, Rule]


def _compile(text: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(text, re.MULTILINE)
    except re.error as exc:
        raise RuleError(f"{where}: bad regex {text!r}: {exc}") from None


def _pattern(raw: dict, where: str, sets: dict[str, FileSet]) -> Pattern:
    kinds = [k for k in ("path", "content", "report_image") if k in raw]
    if len(kinds) != 1:
        raise RuleError(f"{where}: needs exactly one of path, content, report_image")
    kind = kinds[0]
    strength = raw.get("strength")
    if strength not in STRENGTHS:
        raise RuleError(f"{where}: strength must be one of {STRENGTHS}, not {strength!r}")
    set_name = raw.get("files", "code" if kind == "content" else "repo")
    if set_name not in sets:
        raise RuleError(f"{where}: unknown file set {set_name!r}")
    return Pattern(
        kind=kind,
        regex=None if kind == "report_image" else _compile(raw[kind], where),
        files=sets[set_name],
        also=_compile(raw["also"], where) if "also" in raw else None,
        question=raw.get("report_image"),
        strength=strength,
        why=str(raw.get("why") or kind),
        part=raw.get("part"),
    )


def parse_rules(data: dict) -> Rules:
    """Validate and compile the TOML document (pure; tests feed their own)."""
    sets = {}
    for name, spec in (data.get("file_sets") or {}).items():
        where = f"file set {name}"
        exclude = spec.get("exclude")
        sets[name] = FileSet(
            name, _compile(spec["match"], where), _compile(exclude, where) if exclude else None
        )
    items = {}
    for item, raw in (data.get("items") or {}).items():
        trace = raw.get("trace")
        if trace not in TRACES:
            raise RuleError(f"item {item}: trace must be one of {TRACES}, not {trace!r}")
        patterns = tuple(
            _pattern(p, f"item {item}, pattern {i + 1}", sets)
            for i, p in enumerate(raw.get("evidence") or [])
        )
        parts = tuple(raw.get("parts") or ())
        unknown = {p.part for p in patterns if p.part} - set(parts)
        if unknown:
            raise RuleError(f"item {item}: parts {sorted(unknown)} not listed in `parts`")
        if trace in ("code", "local", "console") and not patterns:
            raise RuleError(f"item {item}: a {trace} rule needs evidence patterns")
        items[item] = Rule(
            item=item,
            trace=trace,
            patterns=patterns,
            parts=parts,
            template_counts=bool(raw.get("template_counts", False)),
            why=str(raw.get("why") or ""),
            notebooks=bool(raw.get("notebooks", False)),
        )
    return Rules(int(data.get("version", 1)), items)


@cache
def load_rules() -> Rules:
    """The shipped rules (cached: the file is read-only package data)."""
    text = resources.files("harvester").joinpath("bank", "evidence.toml").read_text("utf-8")
    return parse_rules(tomllib.loads(text))
