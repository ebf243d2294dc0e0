"""Read groups.csv into groups; every bad row becomes an error with its line number.

Two layouts are accepted: ours (`group,repo[,members][,deadline][,branch][,report_path]`) and
the course's own export (`group_number,student_1..student_5,repo_url`). Delimiter (comma or
semicolon), BOM and stray whitespace are tolerated. Credentials in URLs are kept only in
`repo_secret`, never in anything that is printed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from harvester.layout import safe_group_dirname
from harvester.timeutil import DEFAULT_TZ, DeadlineError, parse_deadline

STUDY_NUMBER = re.compile(r"\b[sS]\d{6}\b")
URL_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
SCP_LIKE = re.compile(r"^[^/\\]+:")  # git's "host:path" form: a colon before any slash
GROUP_ALIASES = ("group", "group_number", "group_id", "id")
REPO_ALIASES = ("repo", "repo_url", "repository", "url")


@dataclass(frozen=True)
class Group:
    id: str
    repo: str
    members: tuple[str, ...] = ()
    deadline: datetime | None = None
    branch: str | None = None
    line: int = 0
    repo_secret: str = field(default="", repr=False)
    report_path: str | None = None  # the report file in the repo when not reports/README.md

    @property
    def clone_url(self) -> str:
        return self.repo_secret or self.repo


@dataclass(frozen=True)
class RosterError:
    line: int
    message: str
    source: str = "groups.csv"  # the roster's file name, as the TA knows it

    def __str__(self) -> str:
        return f"{self.source} line {self.line}: {self.message}"


@dataclass
class Roster:
    groups: list[Group]
    errors: list[RosterError]


class RosterFileError(ValueError):
    """The roster as a whole cannot be read (missing file, no header, missing columns)."""


def is_local_repo(repo: str) -> bool:
    """A path on this machine, by git's own rule: no scheme, no `host:` before the first slash."""
    return not URL_SCHEME.match(repo) and not SCP_LIKE.match(repo)


def redact_url(url: str) -> str:
    """Drop user:password@ from a URL so it can be shown; local paths pass unchanged."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme and "@" in parts.netloc:
        host = parts.netloc.rsplit("@", 1)[1]
        return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return url


def clean_report_path(value: str) -> str:
    """A roster `report_path` as a repository path ("reports/report.md"); ValueError if unsafe.

    Backslashes (typed on Windows) become slashes; a leading "./" or "/" is dropped. A path that
    leaves the repository ("..") or names a folder is refused.
    """
    path = value.strip().replace("\\", "/")
    while path.startswith(("./", "/")):
        path = path[2:] if path.startswith("./") else path[1:]
    parts = path.split("/")
    if not path or path.endswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"report_path {value!r} is not a file path inside the repository")
    return path


def _sniff_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _pick(columns: list[str], aliases: tuple[str, ...]) -> str | None:
    return next((a for a in aliases if a in columns), None)


def _members(row: dict[str, str], columns: list[str]) -> tuple[str, ...]:
    raw: list[str] = []
    if "members" in columns:
        raw = re.split(r"[;\s,]+", row.get("members") or "")
    raw += [row.get(c) or "" for c in columns if re.fullmatch(r"student_?\d+", c)]
    seen: list[str] = []
    for token in raw:
        token = token.strip().lower()
        if token and token not in seen:
            seen.append(token)
    return tuple(seen)


def parse_roster(text: str, tz: str = DEFAULT_TZ, source: str = "groups.csv") -> Roster:
    """Parse roster text (already decoded). Raises RosterFileError when no row can be read.

    `source` names the file in every message.
    """
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if not first:
        raise RosterFileError(f"{source} is empty")
    delimiter = _sniff_delimiter(first)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header_index = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise RosterFileError(f"{source} has no header row")
    columns = [c.strip().lower().lstrip("\ufeff") for c in rows[header_index]]
    group_col = _pick(columns, GROUP_ALIASES)
    repo_col = _pick(columns, REPO_ALIASES)
    missing = [n for n, c in (("group", group_col), ("repo", repo_col)) if c is None]
    if missing:
        raise RosterFileError(
            f"{source} line {header_index + 1}: missing column(s) {', '.join(missing)} "
            f"(header is: {', '.join(columns)}; expected "
            "group,repo[,members,deadline,branch,report_path] "
            "or group_number,student_1..student_5,repo_url)"
        )
    groups: list[Group] = []
    errors: list[RosterError] = []
    seen: dict[str, int] = {}
    folders: dict[str, tuple[str, int]] = {}
    # csv may join quoted multi-line cells; line numbers follow the reader's physical lines.
    line_numbers = _physical_line_numbers(text, delimiter, len(rows))
    for index in range(header_index + 1, len(rows)):
        cells = rows[index]
        line = line_numbers[index]
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            errors.append(
                RosterError(line, f"{len(cells)} cells but the header has {len(columns)}")
            )
            continue
        if any("\n" in c or "\r" in c for c in cells):
            last = line + sum(c.rstrip("\r\n").count("\n") for c in cells)
            errors.append(
                RosterError(
                    line,
                    f"a quoted cell runs on to line {last} (an unclosed quote?); "
                    f"lines {line}-{last} were not read",
                )
            )
            continue
        row = {col: (cells[i].strip() if i < len(cells) else "") for i, col in enumerate(columns)}
        group_id = row[group_col]
        secret = row[repo_col]
        display = redact_url(secret)
        if not group_id:
            errors.append(RosterError(line, "empty group id"))
            continue
        if not secret:
            errors.append(RosterError(line, f"group {group_id}: empty repo URL"))
            continue
        if group_id in seen:
            errors.append(
                RosterError(
                    line, f"duplicate group id {group_id!r} (first on line {seen[group_id]})"
                )
            )
            continue
        folder = safe_group_dirname(group_id)
        if folder in folders and folders[folder][0] != group_id:
            other, other_line = folders[folder]
            errors.append(
                RosterError(
                    line,
                    f"group id {group_id!r} and {other!r} (line {other_line}) would share the "
                    f"output folder groups/{folder}/; rename one",
                )
            )
            continue
        deadline = None
        if row.get("deadline"):
            try:
                deadline = parse_deadline(row["deadline"], tz)
            except DeadlineError as exc:
                errors.append(RosterError(line, f"group {group_id}: bad deadline: {exc}"))
                continue
        report_path = None
        if row.get("report_path"):
            try:
                report_path = clean_report_path(row["report_path"])
            except ValueError as exc:
                errors.append(RosterError(line, f"group {group_id}: {exc}"))
                continue
        seen[group_id] = line
        folders[folder] = (group_id, line)
        groups.append(
            Group(
                id=group_id,
                repo=display,
                members=_members(row, columns),
                deadline=deadline,
                branch=row.get("branch") or None,
                line=line,
                repo_secret=secret,
                report_path=report_path,
            )
        )
    return Roster(groups=groups, errors=[replace(e, source=source) for e in errors])


def _physical_line_numbers(text: str, delimiter: str, n_rows: int) -> list[int]:
    """1-based starting line of each csv record (quoted cells may span lines)."""
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    for _ in reader:
        numbers.append(start)
        start = reader.line_num + 1
    numbers += [start] * (n_rows - len(numbers))
    return numbers


def load_roster(path: Path, tz: str = DEFAULT_TZ) -> Roster:
    """Read groups.csv from disk (UTF-8 with or without BOM; Latin-1 as a fallback)."""
    path = Path(path)
    if not path.is_file():
        raise RosterFileError(f"roster not found: {path}")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return parse_roster(text, tz, source=path.name)
