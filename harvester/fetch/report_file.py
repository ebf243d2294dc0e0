"""Which file of the deadline commit is the report, and which folder is archived with it (pure).

The course asks for `reports/README.md`. Real groups also wrote `reports/report.md`,
`reports/reports.md` or a `Reports/README.md` folder: such files are *candidates*, named in the
status so staff can point the roster's `report_path` column at the right one. A file chosen by the
roster is archived and parsed like `reports/README.md`: the folder it sits in is copied as the
group's `reports/` (figures beside it resolve as usual); a file at the repository root is copied
alone, never the whole repository.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harvester.fetch import tree
from harvester.fetch.tree import Entry

DEFAULT = "reports/README.md"
MAX_CANDIDATES = 10

# A markdown file that may be the report: in a folder named report(s), or itself named so.
_REPORT_FOLDER = re.compile(rb"(?:^|/)reports?/[^/]+\.(?:md|markdown)$", re.IGNORECASE)
_REPORT_NAME = re.compile(rb"(?:^|/)(?:exam[_ -]?)?reports?\.(?:md|markdown)$", re.IGNORECASE)
_SKIP = (b".github/", b"node_modules/", b".venv/", b"venv/", b"site-packages/")


@dataclass(frozen=True)
class ReportLocation:
    """Where the report is and what is archived with it."""

    folder: bytes  # archived as the group's reports/; b"" = the report file alone
    report: Entry | None
    exact: bool  # the usual name, or the file the roster chose
    error: str | None = None  # why there is no report (with the candidates named)

    def relative(self, entry: Entry) -> bytes:
        """The entry's path inside the archived folder."""
        if not self.folder:
            return entry.path.rsplit(b"/", 1)[-1]
        return entry.path[len(self.folder) + 1 :]

    @property
    def archived_as(self) -> str | None:
        """The report's path relative to the group folder (snapshot `report_path`)."""
        if self.report is None:
            return None
        return "reports/" + tree.show(self.relative(self.report))


def watched_folder(roster_path: str | None) -> str:
    """The path whose changes after the deadline count as late report changes."""
    if not roster_path or "/" not in roster_path:
        return roster_path or "reports/"
    return roster_path.rsplit("/", 1)[0] + "/"


def locate(entries: list[Entry], roster_path: str | None = None) -> ReportLocation:
    """The report of the deadline commit: the roster's `report_path`, else reports/README.md
    (or its case variant). Without one, the error names the candidates found."""
    if roster_path:
        wanted = roster_path.encode("utf-8", "surrogateescape")
        entry = next((e for e in entries if e.path == wanted), None)
        if entry is not None and entry.is_file:
            folder = wanted.rsplit(b"/", 1)[0] if b"/" in wanted else b""
            return ReportLocation(folder, entry, True)
        what = "is not a file" if entry is not None else "does not exist"
        return ReportLocation(
            tree.REPORTS,
            None,
            True,
            _with_candidates(
                f"the roster's report_path {roster_path} {what} at the deadline commit",
                candidates(entries, None),
            ),
        )
    report, exact = tree.find_report(entries)
    if report is None:
        found = candidates(entries, None)
        return ReportLocation(
            tree.REPORTS,
            None,
            True,
            _with_candidates(f"no {DEFAULT} at the deadline commit", found),
        )
    return ReportLocation(tree.REPORTS, report, exact)


def _with_candidates(error: str, found: list[str]) -> str:
    if not found:
        return error
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"{error}; the report may be {found[0]}{more}: set report_path in groups.csv to use it"


def _rank(entry: Entry) -> tuple:
    """Likeliest first: README in a folder named exactly `reports`, shallow, then by path."""
    lower = entry.path.lower()
    name = lower.rsplit(b"/", 1)[-1]
    parent = lower.rsplit(b"/", 2)[-2] if lower.count(b"/") >= 1 else b""
    return (
        parent != b"reports",
        name != b"readme.md",
        lower.count(b"/"),
        entry.path,
    )


def candidates(entries: list[Entry], chosen: Entry | None) -> list[str]:
    """Other files that look like the report (shown, likeliest first, at most MAX_CANDIDATES)."""
    found = [
        e
        for e in entries
        if e.is_file
        and e is not chosen
        and not e.path.lower().startswith(_SKIP)
        and (
            _REPORT_FOLDER.search(e.path)
            or _REPORT_NAME.search(e.path)
            or e.path.lower().endswith(b"/reports/readme.md")
        )
    ]
    return [e.display for e in sorted(found, key=_rank)[:MAX_CANDIDATES]]


def archived_entries(entries: list[Entry], location: ReportLocation) -> list[Entry]:
    """Non-tree entries to archive: everything under the report's folder (or the file alone)."""
    if not location.folder:
        return [location.report] if location.report is not None else []
    prefix = location.folder + b"/"
    return sorted(
        (e for e in entries if e.path.startswith(prefix) and e.kind != "tree"),
        key=lambda e: e.path,
    )


def folder_tree(entries: list[Entry], location: ReportLocation) -> str | None:
    """The oid of the archived folder when it is a folder (fetched in one go with its files)."""
    if not location.folder:
        return None
    return next((e.oid for e in entries if e.path == location.folder and e.kind == "tree"), None)
