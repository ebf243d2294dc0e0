"""The grades store: an append-only CSV log of every decision a TA made, next to the roster.

Each line is one change (a grade, a comment, a correction, a confirmation, a similarity review):
who made it and when, and for grades the deadline commit and report it was given against. The
current value of anything is its last line; nothing is ever rewritten, so the history is the
audit trail. The file is the TA's: they may open it in Excel, which may add a BOM, use `;`,
rewrite the times as local dates or turn "02" into 2; all of that reads back (values are
normalized against the rubric where they are used) and later lines keep the file's own form.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path

from harvester.cells import safe_text
from harvester.grading.csvfile import CsvForm, body_rows, format_rows, read_csv_rows
from harvester.grading.errors import StoreError
from harvester.grading.values import plain_text

COLUMNS = (
    "time",
    "grader",
    "scope",
    "key",
    "field",
    "value",
    "deadline_sha",
    "report_sha256",
    "origin",
)
REQUIRED = ("scope", "key", "field", "value")
GROUP, PAIR = "group", "pair"  # scopes: a group's grades/notes/corrections; a similarity pair


@dataclass(frozen=True)
class Change:
    scope: str
    key: str
    field: str
    value: str
    grader: str = ""
    time: str = ""
    deadline_sha: str = ""
    report_sha256: str = ""
    origin: str = ""  # "sheet:<workbook id>", "confirm", ...
    row: int = 0  # row of the store file as a spreadsheet numbers it (0: not written yet)

    def cells(self, header: list[str]) -> list[str]:
        """The CSV fields in `header` order; text a spreadsheet would run as a formula gets a
        leading apostrophe (the TA may open the store in Excel), which reading strips again."""
        values = asdict(self)
        return [safe_text(str(values.get(c, ""))) for c in header]


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class GradeStore:
    """The log in memory; `append` adds lines to the file and to this object."""

    def __init__(
        self, path: Path, changes: list[Change], form: CsvForm | None, rows: int = 0
    ) -> None:
        self.path = Path(path)
        self.changes = changes
        self.form = form
        self.rows = rows  # rows in the file, header included
        self.header = list(COLUMNS)  # the file's own column order
        self._latest: dict[tuple[str, str, str], Change] = {}
        self._current: dict[str, dict[str, dict[str, Change]]] = {}
        for change in changes:
            self._latest[(change.scope, change.key, change.field)] = change

    @classmethod
    def empty(cls) -> GradeStore:
        """No store known: nothing graded, nothing to append to."""
        return cls(Path(), [], None)

    @classmethod
    def load(cls, path: Path) -> GradeStore:
        """Read the log; a missing file is an empty store (created by the first append)."""
        path = Path(path)
        try:
            rows, form = read_csv_rows(path)
        except FileNotFoundError:
            return cls(path, [], None)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read the grades store ({exc})") from exc
        if not rows:
            return cls(path, [], form)
        header = [h.strip().lower() for h in rows[0]]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise StoreError(
                f"{path} row 1: not a grades store (no column {', '.join(missing)}); expected "
                f"{','.join(COLUMNS)}"
            )
        known = {f.name for f in fields(Change)} - {"row"}
        changes = []
        for line, row in body_rows(rows):
            if len(row) > len(header):
                raise StoreError(
                    f"{path} row {line}: {len(row)} fields, the header has {len(header)}"
                )
            values = {h: v for h, v in zip(header, row, strict=False) if h in known}
            change = Change(**{k: values.get(k, "") for k in known}, row=line)
            change = _strip(change)
            if change.scope not in (GROUP, PAIR):
                raise StoreError(
                    f"{path} row {line}: scope '{change.scope}' is not '{GROUP}' or '{PAIR}'"
                )
            changes.append(change)
        store = cls(path, changes, form, len(rows))
        store.header = header
        return store

    def latest(self, scope: str, key: str, field: str) -> Change | None:
        return self._latest.get((scope, key, field))

    def value(self, scope: str, key: str, field: str) -> str:
        change = self._latest.get((scope, key, field))
        return change.value if change else ""

    def current(self, scope: str) -> dict[str, dict[str, Change]]:
        """key -> field -> last change, for one scope."""
        if scope not in self._current:
            out: dict[str, dict[str, Change]] = {}
            for (s, key, field), change in self._latest.items():
                if s == scope:
                    out.setdefault(key, {})[field] = change
            self._current[scope] = out
        return self._current[scope]

    def append(self, changes: Iterable[Change]) -> list[Change]:
        """Add lines to the file (created with a header when new), under an exclusive lock."""
        stamped = [c if c.time else replace(c, time=now()) for c in changes]
        if not stamped:
            return []
        form = self.form or CsvForm()
        new_file = self.form is None or not self.path.exists() or self.path.stat().st_size == 0
        header = list(COLUMNS) if new_file else self.header
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise StoreError(
                f"{self.path} row 1: no column {', '.join(missing)}, so a new line would lose "
                f"it; add the column(s) to the header ({','.join(COLUMNS)})"
            )
        rows = ([header] if new_file else []) + [c.cells(header) for c in stamped]
        text = format_rows(rows, form)
        if not new_file and not form.ends_with_newline:
            text = form.newline + text
        try:
            data = text.encode(form.encoding)
        except UnicodeEncodeError as exc:
            raise StoreError(
                f"{self.path}: saved as {form.encoding}, which cannot hold "
                f"{exc.object[exc.start : exc.end]!r}; save it as CSV UTF-8 and run again"
            ) from exc
        if new_file and form.bom:
            data = b"\xef\xbb\xbf" + data
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with self.path.open("ab") as fh:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write the grades store ({exc})") from exc
        first = 2 if new_file else self.rows + 1
        written = [replace(c, row=first + i) for i, c in enumerate(stamped)]
        self.rows = first + len(written) - 1
        self.form = CsvForm(form.delimiter, form.encoding, form.bom, form.newline, True)
        self.header = header
        self.changes.extend(written)
        self._current.clear()
        for change in written:
            self._latest[(change.scope, change.key, change.field)] = change
        return written


def _strip(change: Change) -> Change:
    values = asdict(change)
    for name in ("scope", "key", "field", "grader", "deadline_sha", "report_sha256", "origin"):
        values[name] = str(values[name]).strip()
    values["scope"] = values["scope"].lower()
    return Change(**values)


def similarity_reviews(store_path: Path) -> dict[str, dict[str, str]]:
    """The similarity decisions in the store at `store_path` (see `reviews_of`)."""
    return reviews_of(GradeStore.load(store_path))


def reviews_of(store: GradeStore) -> dict[str, dict[str, str]]:
    """The similarity decisions, keyed by pair_id: {"review": ..., "review_note": ...}.

    Pairs whose review and note are both empty (never set, or cleared) are left out.
    """
    reviews = {}
    for pair_id, values in store.current(PAIR).items():
        review = plain_text(values["review"].value) if "review" in values else ""
        note = plain_text(values["review_note"].value) if "review_note" in values else ""
        if review or note:
            reviews[pair_id] = {"review": review, "review_note": note}
    return reviews
