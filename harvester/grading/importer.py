"""Read a TA's edits out of cohort.xlsx into the grades store, losing none and overwriting none.

For every editable cell the workbook's hidden state says what it showed when it was written
(its base). A cell that differs from its base is an edit; an edit equal to the store's current
value is already imported. If the store changed since the workbook was written (another TA, a
later import of another copy) the edit is a conflict: reported, not written, unless the TA says
the sheet wins. The store's origin does not matter: every copy of one export has the same
workbook id, so only the base tells what the TA saw. Values are normalized first, so
LibreOffice's 2 for "02" is no edit at all. The Similarity sheet's `review` / `review_note`
columns (keyed by `pair_id`) go the same way. A sheet the state says was written but which is
gone (renamed, deleted) is looked for by its header, else the workbook is refused: its edits
would be lost.
"""

from __future__ import annotations

import getpass
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from harvester.grading.book import natural_key
from harvester.grading.columns import SHEET, SIMILARITY_SHEET, STATE_SHEET, editable_by_header
from harvester.grading.errors import GradingError
from harvester.grading.fields import CONFIRM, GRADER, REVIEW, REVIEW_NOTE, normalize
from harvester.grading.officelock import ensure_closed
from harvester.grading.rubric import Rubric
from harvester.grading.store import GROUP, PAIR, Change, GradeStore
from harvester.grading.values import ErrorValue, plain_text


def fix_hint(edits: WorkbookEdits) -> str:
    """What the TA can do about edits that were not imported; --take-sheet only helps with
    conflicts, so it is offered only when there are some."""
    take = (
        "; to let the sheet's value win over the grades store's in a conflict, add --take-sheet"
        if edits.conflicts
        else ""
    )
    return (
        f"Fix them in the workbook and run `harvester grades import` again{take}; or move the "
        "workbook away to drop them."
    )


@dataclass(frozen=True)
class CellRef:
    sheet: str
    coordinate: str
    scope: str
    key: str
    field: str

    def __str__(self) -> str:
        what = f"group {self.key}" if self.scope == GROUP else f"pair {self.key}"
        sheet = self.sheet if self.sheet.isalnum() else "'" + self.sheet.replace("'", "''") + "'"
        return f"{sheet}!{self.coordinate} ({what}, {self.field})"


@dataclass(frozen=True)
class Problem:
    ref: CellRef
    message: str

    def __str__(self) -> str:
        return f"{self.ref}: {self.message}"


@dataclass
class WorkbookEdits:
    """What a workbook holds that the store does not (yet)."""

    path: Path
    workbook_id: str = ""
    edits: list[tuple[CellRef, Change]] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)

    @property
    def blocking(self) -> list[Problem]:
        return [*self.conflicts, *self.invalid]


@dataclass(frozen=True)
class SheetState:
    workbook_id: str
    groups: dict[str, dict[str, Any]]
    pairs: dict[str, dict[str, Any]] | None  # None: unknown, the store's values are the base
    sheets: tuple[str, ...] = ()  # the editable sheets the workbook was written with


def default_grader() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _text_key(value: object) -> str:
    return plain_text(value)


def _read_state(wb: Any, path: Path) -> SheetState | None:
    if STATE_SHEET not in wb.sheetnames:
        return None
    meta: dict[str, str] = {}
    groups: dict[str, dict[str, Any]] = {}
    pairs: dict[str, dict[str, Any]] = {}
    for number, row in enumerate(wb[STATE_SHEET].iter_rows(values_only=True), start=1):
        cells = list(row) + [None, None, None]
        kind, key, value = cells[0], cells[1], cells[2]
        if kind in ("group", "pair") and key is not None and isinstance(value, str):
            try:
                state = json.loads(value)
            except ValueError as exc:
                raise GradingError(
                    f"{path}: {STATE_SHEET} row {number} is damaged ({exc}); "
                    "move the workbook away to rebuild it"
                ) from exc
            (groups if kind == "group" else pairs)[_text_key(key)] = state
        elif isinstance(kind, str) and key is not None:
            meta[kind] = plain_text(key)
    written = tuple(s.strip() for s in meta["sheets"].split(",")) if "sheets" in meta else None
    if written is None:  # a workbook from before the state listed its sheets
        written = (SHEET, SIMILARITY_SHEET) if pairs else (SHEET,)
    return SheetState(meta.get("workbook", ""), groups, pairs, written)


def _open(path: Path) -> Any:
    """The workbook for reading; any file openpyxl cannot read (.ods, .csv, a truncated save)
    is one sentence telling the TA to save it as .xlsx, never a traceback."""
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (
        OSError,
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        SyntaxError,  # xml ParseError from a damaged part
    ) as exc:
        raise GradingError(
            f"{path}: cannot read it as an xlsx workbook ({type(exc).__name__}: {exc}); if it "
            "holds grades, save it again as .xlsx, else move it away"
        ) from exc


class _Reader:
    """Compares one sheet's editable cells with their bases and the store."""

    def __init__(self, edits: WorkbookEdits, store: GradeStore, rubric: Rubric, take_sheet: bool):
        self.edits, self.store, self.rubric, self.take_sheet = edits, store, rubric, take_sheet

    def norm(self, name: str, value: object) -> str:
        try:
            return normalize(name, value, self.rubric)
        except ValueError:
            return plain_text(value)

    def cell(self, ref: CellRef, raw: object, base: str, change: Change) -> None:
        """Decide about one cell; `change` is the Change to write if it is a new edit."""
        try:
            value = normalize(ref.field, raw, self.rubric)
        except ValueError as exc:
            if plain_text(raw) != base:
                self.edits.invalid.append(Problem(ref, str(exc)))
            return
        if value == self.norm(ref.field, base):
            return
        current = self.store.latest(ref.scope, ref.key, ref.field)
        in_store = self.norm(ref.field, current.value) if current else ""
        if value == in_store:
            return  # imported before
        if current is not None and in_store != self.norm(ref.field, base) and not self.take_sheet:
            self.edits.conflicts.append(Problem(ref, _conflict(value, in_store, current, change)))
            return
        self.edits.edits.append((ref, replace(change, value=value)))


def _conflict(value: str, in_store: str, current: Change, change: Change) -> str:
    """Why the cell is not imported; the store's value may even come from a copy of this very
    workbook (same id), which is no reason to overwrite it."""
    where = (
        "imported from this workbook or another copy of it"
        if current.origin == change.origin
        else "after this workbook was written"
    )
    return (
        f"the sheet says '{value}', the grades store says '{in_store}' (set by "
        f"{current.grader or 'someone'} at {current.time or '?'}, store row {current.row}, "
        f"{where})"
    )


def _header_map(row: tuple) -> dict[str, int]:
    return {plain_text(v): i for i, v in enumerate(row) if plain_text(v)}


def _coordinate(row: int, col: int) -> str:
    return f"{get_column_letter(col + 1)}{row}"


def read_edits(
    path: Path,
    store: GradeStore,
    rubric: Rubric,
    *,
    grader: str | None = None,
    take_sheet: bool = False,
) -> WorkbookEdits:
    """Every edit, invalid value and conflict in the workbook at `path` (nothing written)."""
    path = Path(path)
    ensure_closed(path)
    wb = _open(path)
    try:
        edits = WorkbookEdits(path)
        state = _read_state(wb, path)
        written = state.sheets if state else ()
        grading = _find_sheet(wb, path, SHEET, _is_grading, SHEET in written)
        similarity = _find_sheet(
            wb, path, SIMILARITY_SHEET, _is_review, SIMILARITY_SHEET in written
        )
        if grading is None and similarity is None:
            return edits
        if state is None and grading is None:
            state = SheetState("", {}, None)  # reviews in a workbook older than grading
        if state is None:
            raise GradingError(
                f"{path}: the {SHEET} sheet has lost its hidden state sheet {STATE_SHEET}, so "
                "edits cannot be told from old values; copy your edits into a freshly exported "
                "workbook"
            )
        edits.workbook_id = state.workbook_id
        reader = _Reader(edits, store, rubric, take_sheet)
        if grading is not None:
            _read_grading(grading, state, reader, grader or default_grader())
        if similarity is not None:
            _read_similarity(similarity, state, reader, grader or default_grader())
        return edits
    finally:
        wb.close()


GRADING_HEADERS = {"group", "grade status", "comment to group", "private note", "confirm"}


def _is_grading(rows: list[dict[str, int]]) -> bool:
    return bool(rows) and set(rows[0]) >= GRADING_HEADERS


def _is_review(rows: list[dict[str, int]]) -> bool:
    return any({"pair_id", REVIEW} <= set(row) for row in rows)


def _find_sheet(wb: Any, path: Path, name: str, looks_like: Any, written: bool) -> Any | None:
    """The sheet called `name`, else the one sheet whose header rows are its own (the TA renamed
    it); a sheet the workbook was written with and that is gone is refused, never skipped."""
    if name in wb.sheetnames:
        return wb[name]
    found = [
        wb[title]
        for title in wb.sheetnames
        if title != STATE_SHEET and looks_like(_header_rows(wb[title]))
    ]
    if len(found) > 1:
        titles = ", ".join(f"'{ws.title}'" for ws in found)
        raise GradingError(
            f"{path}: no sheet is called '{name}' and sheets {titles} all look like it; "
            f"rename the one with your edits back to '{name}' and delete the others"
        )
    if found:
        return found[0]
    if written:
        raise GradingError(
            f"{path}: the '{name}' sheet this workbook was written with is missing (renamed "
            f"or deleted), so its edits cannot be read and the workbook is not rebuilt; "
            f"rename the sheet back to '{name}', or move the workbook away to drop its edits"
        )
    return None


def _header_rows(ws: Any, limit: int = 5) -> list[dict[str, int]]:
    if not hasattr(ws, "iter_rows"):
        return []  # a chart sheet
    return [_header_map(row) for row in ws.iter_rows(max_row=limit, values_only=True)]


def _values(ws: Any) -> Iterator[tuple]:
    """The sheet's rows of values, an error cell as an ErrorValue (refused, never imported)."""
    for row in ws.iter_rows():
        yield tuple(
            ErrorValue(c.value or "") if getattr(c, "data_type", "") == "e" else c.value
            for c in row
        )


Copies = list[tuple[int, list]]  # (row number, cells) of every row with one key


def _by_key(rows: Iterator[tuple], start: int, col: int, width: int) -> dict[str, Copies]:
    """Rows by their key cell (group or pair_id), in sheet order; a key on two rows (a row
    copied below the table) keeps both, so neither silently wins."""
    found: dict[str, Copies] = {}
    for number, row in enumerate(rows, start=start):
        cells = list(row) + [None] * (width + 1)
        key = plain_text(cells[col])
        if key:
            found.setdefault(key, []).append((number, cells))
    return found


def _disagree(reader: _Reader, ref: CellRef, col: int, copies: Copies) -> bool:
    """A key on several rows whose cells in `col` differ: refused, naming every cell (which
    one the TA meant cannot be told); copies that agree are one value."""
    if len({reader.norm(ref.field, cells[col]) for _, cells in copies}) < 2:
        return False
    cells = ", ".join(f"{_coordinate(n, col)} '{plain_text(c[col])}'" for n, c in copies)
    reader.edits.invalid.append(
        Problem(
            ref,
            f"the {ref.scope} is on {len(copies)} rows with different values here ({cells}); "
            "delete the extra rows, keeping the value you mean",
        )
    )
    return True


def _read_grading(ws: Any, state: SheetState, reader: _Reader, grader: str) -> None:
    rows = _values(ws)
    header = _header_map(next(rows, ()))
    if "group" not in header:
        raise GradingError(f"{reader.edits.path}: {ws.title} row 1 has no 'group' column")
    fields = {h: f for h, f in editable_by_header(reader.rubric).items() if h in header}
    known = set(fields.values())
    origin = f"sheet:{state.workbook_id}"
    for group, copies in _by_key(rows, 2, header["group"], len(header)).items():
        number, cells = copies[0]
        row_state = state.groups.get(group, {})
        base = row_state.get("base") or {}
        _removed_columns(reader, ws.title, header, base, known, cells, number, group)
        typed_grader = (
            reader.norm(GRADER, cells[header[_header_of(fields, GRADER)]])
            if GRADER in known
            else ""
        )
        for head, name in fields.items():
            col = header[head]
            ref = CellRef(ws.title, _coordinate(number, col), GROUP, group, name)
            if _disagree(reader, ref, col, copies):
                continue
            change = Change(
                GROUP,
                group,
                name,
                "",
                typed_grader or grader,
                deadline_sha=str(row_state.get("deadline_sha") or ""),
                report_sha256=str(row_state.get("report_sha256") or ""),
                origin=origin,
            )
            if name == CONFIRM:
                _confirm(reader, ref, cells[col], change)
            else:
                reader.cell(ref, cells[col], str(base.get(name, "")), change)


def _header_of(fields: dict[str, str], name: str) -> str:
    return next(h for h, f in fields.items() if f == name)


def _removed_columns(
    reader: _Reader,
    sheet: str,
    header: dict[str, int],
    base: dict[str, Any],
    known: set[str],
    cells: list,
    number: int,
    group: str,
) -> None:
    """An edited column the rubric no longer has: say so rather than drop the edit quietly
    (unless the store already holds it: then it is kept, and the export warns about it)."""
    for name, was in base.items():
        if name in known or name not in header:
            continue
        col = header[name]
        typed = plain_text(cells[col])
        if typed not in (str(was), reader.store.value(GROUP, group, name)):
            ref = CellRef(sheet, _coordinate(number, col), GROUP, group, name)
            reader.edits.invalid.append(
                Problem(
                    ref, "this criterion is not in the rubric any more; the edit is not imported"
                )
            )


def _confirm(reader: _Reader, ref: CellRef, raw: object, change: Change) -> None:
    """A confirmation is an act, not a value: new unless the store already has it for this
    very snapshot."""
    try:
        value = normalize(CONFIRM, raw, reader.rubric)
    except ValueError as exc:
        reader.edits.invalid.append(Problem(ref, str(exc)))
        return
    if not value:
        return
    last = reader.store.latest(GROUP, ref.key, CONFIRM)
    same = last is not None and (last.deadline_sha, last.report_sha256) == (
        change.deadline_sha,
        change.report_sha256,
    )
    if not same:
        reader.edits.edits.append((ref, replace(change, value=value)))


def _read_similarity(ws: Any, state: SheetState, reader: _Reader, grader: str) -> None:
    rows = _values(ws)
    for number, row in enumerate(rows, start=1):
        header = _header_map(row)
        if "pair_id" in header:
            break
        if number >= 5:
            return  # not the review table this importer knows
    else:
        return
    columns = [(name, header[name]) for name in (REVIEW, REVIEW_NOTE) if name in header]
    origin = f"sheet:{state.workbook_id}"
    for pair, copies in _by_key(rows, number + 1, header["pair_id"], len(header)).items():
        offset, cells = copies[0]
        if state.pairs is None:
            base = {name: reader.store.value(PAIR, pair, name) for name, _ in columns}
        else:
            base = (state.pairs.get(pair) or {}).get("base") or {}
        for name, col in columns:
            ref = CellRef(ws.title, _coordinate(offset, col), PAIR, pair, name)
            if _disagree(reader, ref, col, copies):
                continue
            change = Change(PAIR, pair, name, "", grader, origin=origin)
            reader.cell(ref, cells[col], str(base.get(name, "")), change)


@dataclass
class ImportResult:
    edits: WorkbookEdits
    written: list[Change]

    def headline(self) -> str:
        """What was imported, and how many edits were not."""
        groups = sorted({c.key for c in self.written if c.scope == GROUP}, key=natural_key)
        pairs = {c.key for c in self.written if c.scope == PAIR}
        what = f"{len(self.written)} change(s)"
        if groups:
            what += f" for group(s) {', '.join(groups)}"
        if pairs:
            what += f", {len(pairs)} similarity review(s)"
        blocked = len(self.edits.blocking)
        if self.written:
            line = f"grades: imported {what} from {self.edits.path}"
            return line + (f"; {blocked} edit(s) not imported:" if blocked else "")
        if blocked:
            return f"grades: {blocked} edit(s) in {self.edits.path} cannot be imported:"
        return f"grades: nothing new in {self.edits.path}"

    def summary(self) -> list[str]:
        """Lines for the terminal: what was imported, what was not and why (each cell once)."""
        hint = [fix_hint(self.edits)] if self.edits.blocking else []
        return [self.headline(), *problem_lines(self.edits), *hint]


def problem_lines(edits: WorkbookEdits) -> list[str]:
    return [f"  conflict: {p}" for p in edits.conflicts] + [
        f"  not imported: {p}" for p in edits.invalid
    ]


def import_edits(edits: WorkbookEdits, store: GradeStore) -> ImportResult:
    """Append the edits to the store: values first, then confirmations (which cover them)."""
    changes = [c for _, c in edits.edits]
    ordered = [c for c in changes if c.field != CONFIRM] + [
        c for c in changes if c.field == CONFIRM
    ]
    return ImportResult(edits, store.append(ordered))
