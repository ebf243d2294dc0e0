"""`harvester grades import|export|confirm` and `harvester feedback`: argument parsing glue.

Each command loads the output folder's grading files once (`Grading.load`) and calls one
function; every problem a TA can fix is a GradingError (exit 2, one clear message).
"""

from __future__ import annotations

import argparse
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from harvester.grading.errors import GradingError
from harvester.stage import log

if TYPE_CHECKING:
    from harvester.grading.lms_rows import StudentRows


def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--store",
        type=Path,
        default=None,
        help="the grades store (default: grades.csv next to the harvest's roster, "
        "or the one this output folder used before)",
    )


def _add_grader(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--grader",
        default=None,
        help="your name for the change log where the sheet's grader column is empty "
        "(default: your login name)",
    )


def _add_output(p: argparse.ArgumentParser, flag: str) -> None:
    p.add_argument(
        flag,
        dest="output",
        type=Path,
        default=Path("output"),
        help="the harvest's output folder (default: output)",
    )


def add_commands(sub: argparse._SubParsersAction) -> None:
    """The `grades` and `feedback` subcommands."""
    from harvester.grading.config import grading_config

    grades = sub.add_parser("grades", help="import, confirm and export the TA's grades")
    gsub = grades.add_subparsers(dest="grades_command", required=True)

    imp = gsub.add_parser("import", help="read the edits of cohort.xlsx into the grades store")
    imp.add_argument(
        "workbook",
        nargs="?",
        type=Path,
        default=None,
        help="the edited workbook (default: cohort.xlsx in the output folder)",
    )
    imp.add_argument(
        "--out",
        dest="output",
        type=Path,
        default=None,
        help="the harvest's output folder, when the workbook was saved elsewhere (default: the "
        "workbook's folder, else output)",
    )
    imp.add_argument(
        "--take-sheet",
        action="store_true",
        help="for conflicts, the sheet's value wins over the store's",
    )
    _add_store(imp)
    _add_grader(imp)

    exp = gsub.add_parser("export", help="write a grade file for an LMS (one row per student)")
    exp.add_argument(
        "--format",
        required=True,
        help=f"the LMS: {', '.join(grading_config()['lms'])}, or one a course registered",
    )
    exp.add_argument("--out", required=True, type=Path, help="the file to write")
    exp.add_argument("--item", default=None, help="the grade item's name in the LMS")
    exp.add_argument(
        "--id-column",
        default=None,
        help="the student id column, e.g. OrgDefinedId or Username (Brightspace)",
    )
    exp.add_argument(
        "--criterion",
        default="total",
        help="what to export: total (the final grade, default) or a criterion id",
    )
    exp.add_argument(
        "--allow-stale", action="store_true", help="export grades given before the snapshot changed"
    )
    _add_output(exp, "--from")
    _add_store(exp)

    con = gsub.add_parser("confirm", help="confirm stale grades against the new snapshot")
    con.add_argument("groups", nargs="*", help="group ids (or --all-stale)")
    con.add_argument("--all-stale", action="store_true", help="every group with a stale grade")
    _add_output(con, "--from")
    _add_store(con)
    _add_grader(con)

    fb = sub.add_parser("feedback", help="write feedback/<id>.md and .html for every group")
    _add_output(fb, "--out")
    _add_store(fb)


def _layout(output: Path):
    from harvester.layout import OutputLayout

    layout = OutputLayout(output)
    if not layout.groups_dir.is_dir():
        raise GradingError(f"{output}: no groups/ folder; run `harvester harvest` first")
    return layout


def _loaded(layout, store: Path | None):
    from harvester.grading.stage import Grading

    grading = Grading.load(layout, store)
    if grading.paths is None:
        raise GradingError(
            f"{layout.root}: cannot tell where the grades store is (the harvest's roster is "
            "unknown); pass --store FILE"
        )
    return grading


def _import_layout(args: argparse.Namespace):
    """The output folder the workbook belongs to: --out, else the workbook's folder; None when
    neither is one but a --store is given (then the rubric beside the store applies)."""
    from harvester.layout import OutputLayout

    if args.output is not None:
        return _layout(args.output)
    folder = args.workbook.parent
    if (folder / "groups").is_dir():
        return OutputLayout(folder)
    if args.store is not None:
        return None
    raise GradingError(
        f"{folder}: no groups/ folder beside {args.workbook.name}, so its harvest is unknown; "
        "pass --out OUTPUT (the harvest's output folder) or --store FILE"
    )


def cmd_import(args: argparse.Namespace) -> int:
    from harvester.grading.importer import import_edits, read_edits
    from harvester.grading.locate import remember_store
    from harvester.layout import OutputLayout
    from harvester.lock import HarvestLock

    if args.workbook is None:
        args.workbook = (args.output or Path("output")) / "cohort.xlsx"
    workbook: Path = args.workbook
    if not workbook.is_file():
        raise GradingError(f"{workbook}: no such workbook")
    layout = _import_layout(args)
    lock = HarvestLock(layout.lock_file) if layout is not None else nullcontext()
    with lock:
        grading = _loaded(layout or OutputLayout(workbook.parent), args.store)
        edits = read_edits(
            workbook, grading.store, grading.rubric, grader=args.grader, take_sheet=args.take_sheet
        )
        result = import_edits(edits, grading.store)
        if result.written and layout is not None:
            assert grading.paths is not None
            remember_store(layout, grading.paths)
    for line in result.summary():
        log(line)
    if result.written and layout is not None:
        log(
            f"grades: store {grading.store.path}; run `harvester export --out {layout.root}` "
            "to rebuild the sheet"
        )
    elif result.written:
        log(f"grades: store {grading.store.path}")
    return 2 if edits.blocking else 0


def _require_store(store: Path | None) -> None:
    """A --store given to a command that reads the store must exist: a typo would otherwise
    read as "nothing graded" (or start a second store)."""
    if store is not None and not store.is_file():
        raise GradingError(f"no grades store at {store}; check the --store path")


def _synced(layout, store: Path | None, stopped: str):
    """The grading files for what is built from the store (feedback, LMS files): a --store given
    must exist (a typo would read as "nothing graded"), and the pending edits of cohort.xlsx are
    imported first (what is built must not miss what the TA typed)."""
    from harvester.grading.stage import sync_workbook

    _require_store(store)
    sync_workbook(layout, store=store, stopped=stopped)
    return _loaded(layout, store)


def cmd_export(args: argparse.Namespace) -> int:
    from harvester.grading.lms import exporter
    from harvester.grading.lms_rows import student_rows
    from harvester.lock import HarvestLock
    from harvester.outputdir import load_group_data

    layout = _layout(args.output)
    lms = exporter(args.format)(item=args.item, id_column=args.id_column)
    with HarvestLock(layout.lock_file):
        grading = _synced(layout, args.store, "no grade file is written")
    grading.warn_unknown_criteria("grades")
    groups = load_group_data(layout)
    rows = student_rows(
        groups,
        grading.book(groups),
        grading.rubric,
        criterion=args.criterion,
        allow_stale=args.allow_stale,
    )
    lms.write(rows.rows, args.out)
    log(
        f"grades: {len(rows.rows)} students of {len(groups) - len(rows.ungraded)} groups "
        f"written to {args.out} ({args.format}, item '{lms.item}')"
    )
    _left_out(rows)
    return 0


def _left_out(rows: StudentRows) -> None:
    """Name the groups not in the grade file, telling a missing total from no grade at all."""
    from harvester.grading.rubric import TOTAL_NEEDED

    others = [g for g in rows.ungraded if g not in rows.no_total]
    if rows.no_total:
        log(f"grades: {TOTAL_NEEDED}, left out: group(s) {', '.join(rows.no_total)}")
    if others:
        log(f"grades: not graded, left out: group(s) {', '.join(others)}")


def cmd_confirm(args: argparse.Namespace) -> int:
    from harvester.grading.fields import CONFIRM
    from harvester.grading.importer import default_grader
    from harvester.grading.locate import remember_store
    from harvester.grading.stale import Basis
    from harvester.grading.store import GROUP, Change
    from harvester.lock import HarvestLock
    from harvester.outputdir import load_group_data

    if not args.groups and not args.all_stale:
        raise GradingError("grades confirm: name the groups, or pass --all-stale")
    _require_store(args.store)
    layout = _layout(args.output)
    with HarvestLock(layout.lock_file):
        grading = _loaded(layout, args.store)
        groups = {g.group: g for g in load_group_data(layout)}
        book = grading.book(list(groups.values()))
        unknown = [g for g in args.groups if g not in groups]
        if unknown:
            raise GradingError(f"grades confirm: no group {', '.join(unknown)} in {layout.root}")
        chosen = list(args.groups) or [g for g, grades in book.items() if grades.is_stale]
        changes = []
        for gid in chosen:
            basis = Basis.of(groups[gid].snapshot, groups[gid].record)
            changes.append(
                Change(
                    GROUP,
                    gid,
                    CONFIRM,
                    "yes",
                    args.grader or default_grader(),
                    deadline_sha=basis.deadline_sha,
                    report_sha256=basis.report_sha256,
                    origin="confirm",
                )
            )
            if not book[gid].is_stale:
                log(f"grades: group {gid} was not stale; confirmed anyway")
        grading.store.append(changes)
        if changes:
            assert grading.paths is not None
            remember_store(layout, grading.paths)
    log(f"grades: confirmed {len(changes)} group(s): {', '.join(chosen) or 'none was stale'}")
    return 0


def cmd_feedback(args: argparse.Namespace) -> int:
    from harvester.grading.feedback import write_feedback
    from harvester.lock import HarvestLock
    from harvester.outputdir import load_group_data

    layout = _layout(args.output)
    with HarvestLock(layout.lock_file):
        grading = _synced(layout, args.store, "no feedback is written")
        grading.warn_unknown_criteria("feedback")
        groups = load_group_data(layout)
        result = write_feedback(layout, groups, grading.book(groups), grading.rubric)
    if result.stale:
        log(
            f"feedback: warning: stale grades for group(s) {', '.join(result.stale)}; confirm "
            "or change them before sending"
        )
    if result.ungraded:
        log(f"feedback: not graded yet: group(s) {', '.join(result.ungraded)}")
    return 0


GRADES = {"import": cmd_import, "export": cmd_export, "confirm": cmd_confirm}


def run_grades(args: argparse.Namespace) -> int:
    return GRADES[args.grades_command](args)
