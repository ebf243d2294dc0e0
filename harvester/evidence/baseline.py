"""The course template as a baseline: which files and lines a group only copied from it.

The baseline is the template repository harvested like a group (`fetch_group`, so its listing
has object ids and its text files sit in an `evidence/` folder). The course's template is a
cookiecutter: its paths and lines hold `{{ cookiecutter.* }}` placeholders, which here match
any text, so `src/{{cookiecutter.project_name}}/data.py` stands for `src/mushroom/data.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
_JINJA_CONTROL = re.compile(r"^\s*\{%-?.*-?%\}\s*$")


def _wild(text: str, any_text: str) -> re.Pattern[str] | None:
    """A regex for text with placeholders (None when it has none)."""
    if "{{" not in text:
        return None
    parts = _PLACEHOLDER.split(text)
    return re.compile(any_text.join(re.escape(p) for p in parts))


def norm_line(line: str) -> str:
    return " ".join(line.split())


@dataclass(frozen=True)
class BaseFile:
    path: str
    oid: str | None
    path_regex: re.Pattern[str]
    name_regex: re.Pattern[str]
    lines: frozenset[str]
    wild_lines: tuple[re.Pattern[str], ...]

    def has_line(self, line: str) -> bool:
        return line in self.lines or any(w.fullmatch(line) for w in self.wild_lines)


def _base_file(path: str, oid: str | None, text: str | None) -> BaseFile:
    parts = path.split("/")
    if len(parts) > 1 and _PLACEHOLDER.fullmatch(parts[0]):
        parts = parts[1:]  # the cookiecutter's project folder is the repository root
    regex_parts = [_wild(p, "[^/]+") or re.compile(re.escape(p)) for p in parts]
    path_regex = re.compile("/".join(r.pattern for r in regex_parts))
    lines, wild = set(), []
    for raw in (text or "").splitlines():
        line = norm_line(raw)
        if not line or _JINJA_CONTROL.match(line):
            continue
        pattern = _wild(line, ".+?")
        if pattern is None:
            lines.add(line)
        else:
            wild.append(pattern)
    return BaseFile(path, oid, path_regex, regex_parts[-1], frozenset(lines), tuple(wild))


@dataclass
class Baseline:
    """The template's files (path -> object id) and the text of those that were read."""

    source: str
    files: list[BaseFile] = field(default_factory=list)
    oids: frozenset[str] = frozenset()

    @classmethod
    def build(cls, source: str, listing: dict[str, str | None], texts: dict[str, str]) -> Baseline:
        files = [_base_file(p, oid, texts.get(p)) for p, oid in sorted(listing.items())]
        return cls(source, files, frozenset(oid for oid in listing.values() if oid))

    def candidates(self, path: str) -> list[BaseFile]:
        """The template's file at this path, else its files of the same name anywhere."""
        same = [f for f in self.files if f.path_regex.fullmatch(path)]
        if same:
            return same
        name = PurePosixPath(path).name
        return [f for f in self.files if f.name_regex.fullmatch(name)]

    def lines_are_template(self, path: str, lines: list[str]) -> bool:
        """Every non-blank line is one of the template's (for the same file)."""
        wanted = [n for n in (norm_line(x) for x in lines) if n]
        if not wanted:
            return False
        files = self.candidates(path)
        return bool(files) and all(any(f.has_line(line) for f in files) for line in wanted)

    def file_is_template(self, path: str, oid: str | None, text: str | None) -> bool:
        """Identical to a template file, or made only of the template's lines for that file."""
        if oid and oid in self.oids:
            return True
        if text is None:
            return False
        if not text.strip():  # an empty file where the template has one (e.g. a test stub)
            return bool(self.candidates(path))
        return self.lines_are_template(path, text.splitlines())
