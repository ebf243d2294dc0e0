"""A workbook still open in a spreadsheet application: found by the lock file beside it.

LibreOffice writes `.~lock.<name>#`, Excel `~$<name>` (for long names with the first two
characters of the name dropped). Reading a workbook while it is open misses the unsaved edits,
and rebuilding it under the application loses them on its next save: both are refused with a
message naming the file and, where the lock file says it, who has it open.
"""

from __future__ import annotations

from pathlib import Path

from harvester.grading.errors import WorkbookOpenError


def lock_files(workbook: Path) -> list[Path]:
    """Lock files of office applications that exist beside `workbook`."""
    name = workbook.name
    candidates = [f".~lock.{name}#", f"~${name}", f"~${name[2:]}"]
    return [
        workbook.with_name(c) for c in dict.fromkeys(candidates) if workbook.with_name(c).exists()
    ]


def _holder(lock: Path) -> str:
    """Who holds the lock, as far as the lock file says (LibreOffice: 'name,user,host,...')."""
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return ""
    if lock.name.startswith(".~lock."):
        fields = data.decode("utf-8", "replace").split(",")
        return next((f.strip() for f in fields[:2] if f.strip()), "")
    length = data[0] if data else 0  # Excel: a length byte, then the user name
    return data[1 : 1 + length].decode("latin-1", "replace").strip() if length else ""


def ensure_closed(workbook: Path) -> None:
    """Raise WorkbookOpenError when `workbook` seems open in LibreOffice or Excel."""
    locks = lock_files(workbook)
    if not locks:
        return
    lock = locks[0]
    app = "LibreOffice" if lock.name.startswith(".~lock.") else "Excel"
    holder = _holder(lock)
    by = f" by {holder}" if holder else ""
    raise WorkbookOpenError(
        f"{workbook} is open in {app}{by} (lock file {lock.name}): save your edits, close it, "
        f"and run again. If nobody has it open any more, delete {lock}."
    )
