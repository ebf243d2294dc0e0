"""Report parser: a group's ``reports/README.md`` -> the normalized record (pure functions).

``parse_text`` needs only the text; ``parse_file`` is the I/O edge that also decodes the bytes
and lists the README's folder so missing figures can be told apart from present ones. The record
assembly is imported on first use, so the light parts (bank, decoding) load on their own.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

__all__ = ["parse_file", "parse_report", "parse_text"]


def parse_text(
    text: str,
    files: set[str] | None = None,
    lfs: set[str] | None = None,
    deadline: datetime | str | None = None,
) -> dict:
    """The record of one README text.

    ``files``: every file under the reports folder, relative to it (posix); None = unknown, and
    then ``images.missing`` is None. ``lfs``: those of ``files`` that are Git LFS pointers.
    ``deadline``: the cohort's deadline; the limits are then those of the course checker in force
    at it (else the template's own), and the checker's failures are predicted (`checker.py`).
    """
    from harvester.parse.checker import check_with_course_checker
    from harvester.parse.record import build_record

    return check_with_course_checker(build_record(text, files, lfs), text, deadline)


def parse_file(
    path: Path,
    not_archived: set[str] | frozenset[str] = frozenset(),
    deadline: datetime | str | None = None,
) -> dict:
    """Read, decode and parse one README; its folder is listed to check the figures.

    ``not_archived``: files (relative to the README's folder) that the repository holds but the
    fetcher did not copy (over the size cap, symlinks): they exist, so they are not "missing".
    ``deadline``: as for ``parse_text``.
    """
    from harvester.parse.checker import check_with_course_checker
    from harvester.parse.decode import decode_bytes
    from harvester.parse.files import lfs_pointers, list_files
    from harvester.parse.record import build_record, empty_record

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        warning = {
            "kind": "unreadable",
            "question": None,
            "line": None,
            "detail": f"{path.name}: cannot be read ({exc.strerror or exc})",
        }
        return empty_record([warning])
    decoded = decode_bytes(data)
    source = {
        "encoding": decoded.encoding,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    if decoded.text is None:
        return empty_record(decoded.warnings, source)
    files = list_files(path.parent)
    lfs = lfs_pointers(path.parent, files)
    files = files | set(not_archived)
    record = build_record(decoded.text, files, lfs, source=source, warnings=decoded.warnings)
    return check_with_course_checker(record, decoded.text, deadline)


def parse_report(path: Path) -> dict:
    """The name docs/CONTRACTS.md uses for the record's entry point: same as ``parse_file``."""
    return parse_file(path)
