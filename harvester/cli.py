"""Command line: `harvester harvest|fetch|parse|evidence|similarity|export|corpus-check|grades|
feedback|compare`.

Thin: argparse, then one call into the stage that owns the command. Errors the user can fix exit
with status 2 and one clear sentence, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from harvester import __version__
from harvester.grading import add_commands as add_grading_commands
from harvester.grading import cmd_feedback, run_grades
from harvester.timeutil import DEFAULT_TZ, DeadlineError, course_zone, parse_deadline

MAX_SHOWN_WARNINGS = 15


class UsageError(Exception):
    """A problem the user fixes by changing the command or its inputs."""


def _add_out(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out", type=Path, default=Path("output"), help="output folder (default: output)"
    )


def _add_rates(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rates",
        default=None,
        help="USD per unit for the credits columns, e.g. 'EUR=1.08,DKK=0.145' (defaults shown "
        "in the spreadsheet)",
    )


def _add_fetch_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--groups", type=Path, default=Path("groups.csv"), help="roster CSV")
    p.add_argument("--deadline", required=True, help="ISO 8601, e.g. 2026-01-24T23:59:00+01:00")
    p.add_argument(
        "--tz", default=DEFAULT_TZ, help=f"time zone for deadlines without offset ({DEFAULT_TZ})"
    )
    p.add_argument("--jobs", type=int, default=0, help="parallel fetches (default: automatic)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per git operation")
    p.add_argument(
        "--max-file-mb",
        type=float,
        default=20.0,
        help="files in reports/ larger than this are not downloaded (a warning says so)",
    )
    p.add_argument("--no-github", action="store_true", help="do not call the GitHub API")
    p.add_argument(
        "--github-max-wait",
        type=float,
        default=60.0,
        help="longest wait for a GitHub rate-limit reset before degrading (seconds)",
    )
    p.add_argument("--no-progress", action="store_true", help="plain log lines, no progress line")
    _add_baseline(p)
    _add_out(p)


def _add_past(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--past",
        type=Path,
        nargs="*",
        default=None,
        metavar="OUT_DIR",
        help="earlier harvests' output folders whose answers the similarity check compares "
        "with (default: those of the last run; --past alone: none)",
    )
    p.add_argument(
        "--paraphrase-model",
        type=Path,
        default=None,
        metavar="DIR",
        help="a local model2vec model folder: also report possible paraphrases (off by default)",
    )


def _add_baseline(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--baseline",
        default=None,
        metavar="URL[@DATE]|PATH",
        help="the course's project template (git URL, bundle or folder; @DATE: as it was then) "
        "so evidence that only repeats it counts as 'template'; remembered for later runs",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="harvester",
        description="Collect every group's repository at the deadline, parse the reports, "
        "export a review (HTML pages, index, cohort.xlsx).",
    )
    parser.add_argument("--version", action="version", version=f"harvester {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    h = sub.add_parser("harvest", help="fetch, parse and export a whole cohort")
    _add_fetch_args(h)
    h.add_argument("--title", default=None, help="title of the index page")
    _add_rates(h)
    _add_past(h)

    f = sub.add_parser("fetch", help="only fetch the snapshots (parse and export later)")
    _add_fetch_args(f)

    p = sub.add_parser("parse", help="parse one report (print its record) or re-parse output/")
    p.add_argument("path", type=Path, help="a README.md, or an output folder to re-parse")
    p.add_argument("--json", action="store_true", help="print the full record as JSON")
    p.add_argument(
        "--deadline",
        default=None,
        help="the cohort's deadline (ISO 8601): limits of the course checker in force then",
    )
    p.add_argument(
        "--force", action="store_true", help="re-parse groups whose inputs are unchanged"
    )

    v = sub.add_parser("evidence", help="check checklist ticks against the fetched repositories")
    v.add_argument("out", type=Path, help="an output folder written by harvest or fetch")
    _add_baseline(v)
    v.add_argument(
        "--tz",
        default=DEFAULT_TZ,
        help=f"time zone for a baseline date without offset ({DEFAULT_TZ})",
    )
    v.add_argument("--force", action="store_true", help="check groups whose inputs are unchanged")

    e = sub.add_parser("export", help="rebuild tables, pages, index and xlsx from output/")
    e.add_argument("--title", default=None, help="title of the index page (default: as before)")
    e.add_argument("--force", action="store_true", help="export even when nothing changed")
    _add_out(e)
    _add_rates(e)

    s = sub.add_parser(
        "similarity", help="flag similar answers across groups and past cohorts, side by side"
    )
    s.add_argument("out", type=Path, help="the output folder of a harvest")
    _add_past(s)
    s.add_argument("--force", action="store_true", help="run even when nothing changed")

    c = sub.add_parser("corpus-check", help="parser accuracy against labelled reports")
    c.add_argument("dirs", type=Path, nargs="+", help="folders holding */labels.json")

    y = sub.add_parser("compare", help="compare several cohorts' output folders, oldest first")
    y.add_argument("outs", type=Path, nargs="+", help="output folders of earlier harvests")
    y.add_argument(
        "--out", type=Path, default=Path("compare"), help="where to write (default: compare)"
    )
    y.add_argument(
        "--labels", default=None, help="cohort names, e.g. 2024,2025,2026 (default: deadline year)"
    )
    add_grading_commands(sub)
    return parser


def _rates(spec: str | None) -> dict[str, float] | None:
    if not spec:
        return None
    from harvester.export.rates import DEFAULT_RATES, parse_rates

    try:
        return {**DEFAULT_RATES, **parse_rates(spec)}
    except ValueError as exc:
        raise UsageError(f"--rates: {exc}") from exc


def cmd_harvest(args: argparse.Namespace) -> int:
    from harvester.pipeline import HarvestOptions, harvest
    from harvester.roster import RosterFileError, load_roster

    try:
        course_zone(args.tz)
    except DeadlineError as exc:
        raise UsageError(f"--tz: {exc}") from exc
    try:
        deadline = parse_deadline(args.deadline, args.tz)
    except DeadlineError as exc:
        raise UsageError(f"--deadline: {exc}") from exc
    try:
        roster = load_roster(args.groups, args.tz)
    except RosterFileError as exc:
        raise UsageError(str(exc)) from exc
    if not roster.groups:
        for error in roster.errors:
            print(f"roster: {error}", file=sys.stderr)
        raise UsageError(f"{args.groups}: no valid group rows")
    options = HarvestOptions(
        groups_csv=args.groups,
        deadline=deadline,
        out=args.out,
        jobs=args.jobs,
        rates=_rates(getattr(args, "rates", None)),
        github=not args.no_github,
        github_max_wait=args.github_max_wait,
        progress=not args.no_progress,
        timeout=args.timeout,
        max_file_mb=args.max_file_mb,
        title=getattr(args, "title", None),
        baseline=_baseline(args.baseline, args.tz),
        tz=args.tz,
        past=getattr(args, "past", None),
        paraphrase_model=getattr(args, "paraphrase_model", None),
    )
    return harvest(options, roster, fetch_only=args.command == "fetch")


def _baseline(spec: str | None, tz: str) -> str | None:
    """Checked before any network work: a mistyped --baseline is the user's to fix."""
    if not spec:
        return None
    from harvester.evidence import BaselineError, parse_spec

    try:
        parse_spec(spec, tz)
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc
    return spec


def cmd_evidence(args: argparse.Namespace) -> int:
    from harvester.evidence import BaselineError, run_evidence
    from harvester.layout import OutputLayout
    from harvester.lock import HarvestLock

    layout = OutputLayout(args.out)
    if not layout.groups_dir.is_dir():
        raise UsageError(f"{args.out}: no groups/ folder; run `harvester fetch` first")
    with HarvestLock(layout.lock_file):
        try:
            result = run_evidence(
                layout, baseline_spec=_baseline(args.baseline, args.tz), tz=args.tz,
                force=args.force,
            )  # fmt: skip
        except BaselineError as exc:
            raise UsageError(str(exc)) from exc
    return 0 if not result.failed else 1


def cmd_parse(args: argparse.Namespace) -> int:
    from harvester.layout import OutputLayout
    from harvester.lock import HarvestLock
    from harvester.parse import parse_file
    from harvester.parse_stage import parse_all

    path: Path = args.path
    if path.is_dir() and (path / "groups").is_dir():
        layout = OutputLayout(path)
        with HarvestLock(layout.lock_file):
            result = parse_all(layout, force=args.force)
        return 0 if not result.failed else 1
    if path.is_dir() and (path / "README.md").is_file():
        path = path / "README.md"
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    if not path.is_file():
        raise UsageError(f"{path}: not a report file nor an output folder with groups/")
    try:
        deadline = parse_deadline(args.deadline) if args.deadline else None
    except DeadlineError as exc:
        raise UsageError(f"--deadline: {exc}") from None
    record = parse_file(path, deadline=deadline)
    if args.json:
        json.dump(record, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(summarize_record(path, record))
    return 0


def summarize_record(path: Path, record: dict) -> str:
    """A few human lines about a record, for a quick look in the terminal."""
    from harvester.parse.facts import source_note

    def fact(value: str, name: str) -> str:
        note = source_note(record, name)
        return f"{value}  ({note})" if note else value

    credits = record.get("credits") or {}
    checklist = record.get("checklist") or {}
    images = record.get("images") or {}
    warnings = record.get("warnings") or []
    template = record.get("template") or "none recognised (is this an exam report?)"
    missing = images.get("missing")
    lines = [
        f"{path}",
        f"  template       {template}",
        f"  group number   {record.get('group_number')}",
        f"  study numbers  {', '.join(record.get('study_numbers') or []) or '-'}"
        f"  ({record.get('members_listed')} members listed)",
        f"  checklist      {checklist.get('done', 0)} done, {checklist.get('partial', 0)} partial,"
        f" {checklist.get('open', 0)} open",
        f"  unanswered     {', '.join(map(str, record.get('unanswered') or [])) or 'none'}",
        "  code coverage  " + fact(str(record.get("code_coverage")), "code_coverage"),
        "  credits        "
        + fact(f"{credits.get('amount')} {credits.get('unit') or ''}".rstrip(), "credits"),
        "  services       " + fact(", ".join(record.get("services") or []) or "-", "services"),
        f"  images         {images.get('referenced', 0)} referenced, "
        f"{'?' if missing is None else missing} missing",
        f"  limits         {(record.get('limits_source') or {}).get('label', '-')}",
        f"  warnings       {len(warnings)}",
    ]
    lines += [f"    - {w.get('kind')}: {w.get('detail')}" for w in warnings[:MAX_SHOWN_WARNINGS]]
    if len(warnings) > MAX_SHOWN_WARNINGS:
        lines.append(f"    ... {len(warnings) - MAX_SHOWN_WARNINGS} more (see --json)")
    return "\n".join(lines)


def cmd_export(args: argparse.Namespace) -> int:
    from harvester.export_stage import export_all, previous_settings
    from harvester.layout import OutputLayout
    from harvester.lock import HarvestLock

    layout = OutputLayout(args.out)
    if not layout.groups_dir.is_dir():
        raise UsageError(f"{args.out}: no groups/ folder; run `harvester harvest` first")
    with HarvestLock(layout.lock_file):
        before = previous_settings(layout)
        rates = _rates(args.rates) if args.rates else before.get("rates")
        title = args.title or before.get("title") or "Cohort"
        result = export_all(layout, rates=rates, title=title, force=args.force)
    return 0 if not result.failed else 1


def cmd_similarity(args: argparse.Namespace) -> int:
    from harvester.pipeline import check_similarity

    if not (args.out / "groups").is_dir():
        raise UsageError(f"{args.out}: no groups/ folder; run `harvester harvest` first")
    return check_similarity(
        args.out, args.past, force=args.force, paraphrase_model=args.paraphrase_model
    )


def cmd_corpus_check(args: argparse.Namespace) -> int:
    from harvester.corpus_check import main as corpus_main

    missing = [d for d in args.dirs if not d.is_dir()]
    if missing:
        raise UsageError(f"not a folder: {', '.join(map(str, missing))}")
    return corpus_main(list(args.dirs))


def cmd_compare(args: argparse.Namespace) -> int:
    from harvester.compare import ArchiveError, run_compare

    labels = args.labels.split(",") if args.labels is not None else None
    try:
        run_compare(args.outs, labels, args.out)
    except ArchiveError as exc:
        raise UsageError(str(exc)) from exc
    return 0


COMMANDS = {
    "harvest": cmd_harvest,
    "fetch": cmd_harvest,
    "parse": cmd_parse,
    "evidence": cmd_evidence,
    "export": cmd_export,
    "corpus-check": cmd_corpus_check,
    "grades": run_grades,
    "feedback": cmd_feedback,
    "similarity": cmd_similarity,
    "compare": cmd_compare,
}


def main(argv: list[str] | None = None) -> int:
    from harvester.fetch.gitops import GitMissingError
    from harvester.grading import GradingError
    from harvester.lock import HarvestLockError
    from harvester.similarity import SimilarityError

    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UsageError, HarvestLockError, GitMissingError, GradingError, SimilarityError) as exc:
        print(f"harvester: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("harvester: interrupted; finished groups are kept, re-run to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `harvester parse ... --json | head`: the reader has had enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
