"""The pipeline of DESIGN.md: roster → fetch → parse → tables → export, each stage reading disk.

Every stage after fetch works from `output/` alone, so staff can re-run `parse` and `export`
without the network. One group's failure is recorded and never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from harvester.export_stage import export_all, previous_settings
from harvester.layout import OutputLayout
from harvester.outputdir import write_roster_json
from harvester.parse_stage import parse_all
from harvester.roster import Group, Roster, is_local_repo
from harvester.similarity import SimilarityError, check_options, run_similarity
from harvester.stage import log


def resolve_local_repos(groups: list[Group], base: Path) -> list[Group]:
    """Relative local paths in groups.csv are relative to the roster's folder, not the cwd."""
    resolved = []
    for g in groups:
        if is_local_repo(g.clone_url) and not Path(g.clone_url).expanduser().is_absolute():
            path = str((base / g.clone_url).resolve())
            g = replace(g, repo=path, repo_secret=path)
        resolved.append(g)
    return resolved


# --- harvest -------------------------------------------------------------------------------------


@dataclass
class HarvestOptions:
    groups_csv: Path
    deadline: datetime
    out: Path
    jobs: int = 0
    rates: dict[str, float] | None = None
    github: bool = True
    github_max_wait: float = 60.0
    progress: bool = True
    timeout: float = 300.0
    max_file_mb: float = 20.0
    title: str | None = None
    baseline: str | None = None  # the course template for the evidence check: URL[@date] or path
    tz: str | None = None
    past: list[Path] | None = None  # past cohorts' output folders (None: as in the last run)
    paraphrase_model: Path | None = None  # a local model2vec folder (optional paraphrase check)


GitHubHook = Callable[[Group, dict[str, Any]], dict[str, Any] | None]


def github_hook(client: Any) -> GitHubHook | None:
    """GitHub API facts for GitHub remotes (the client is shared by the fetch workers)."""
    if client is None:
        return None
    from harvester.github import collect_github_facts

    def hook(group: Group, snapshot: dict[str, Any]) -> dict[str, Any] | None:
        sha = (snapshot.get("deadline_commit") or {}).get("sha")
        deadline = datetime.fromisoformat(snapshot["deadline"])
        return collect_github_facts(client, group.clone_url, deadline=deadline, deadline_sha=sha)

    return hook


def harvest(options: HarvestOptions, roster: Roster, *, fetch_only: bool = False) -> int:
    """Fetch every group of the roster, then parse and export; returns the process exit code.

    `fetch_only` stops after the snapshots (`harvester fetch`): parse and export can follow later,
    offline.
    """
    from harvester.fetch import FetchOptions, fetch_all
    from harvester.lock import HarvestLock

    layout = OutputLayout(options.out)
    layout.root.mkdir(parents=True, exist_ok=True)
    # A wrong --past folder or model stops the run before any fetch.
    check_options(layout, options.past, options.paraphrase_model)
    groups = resolve_local_repos(roster.groups, options.groups_csv.resolve().parent)
    for error in roster.errors:
        log(f"roster: {error}")
    with HarvestLock(layout.lock_file), _github_client(options) as client:
        write_roster_json(layout, roster, options.groups_csv)
        log(f"fetch: {len(groups)} groups, deadline {options.deadline.isoformat()}")
        fetch_all(
            groups,
            options.deadline,
            layout,
            jobs=options.jobs,
            progress=options.progress,
            github=github_hook(client),
            options=FetchOptions(
                timeout=options.timeout, max_file_bytes=int(options.max_file_mb * 1024 * 1024)
            ),
        )
        if fetch_only:
            if options.baseline:  # fetched now, so `harvester evidence` can run offline later
                from harvester.evidence import fetch_baseline

                fetch_baseline(layout, options.baseline, deadline=options.deadline, tz=options.tz)
            log(f"done: snapshots in {layout.groups_dir}; next: harvester parse {layout.root}")
            return 0
        parsed = parse_all(layout)
        _check_evidence(layout, options)
        similar = _similarity(layout, options.past, paraphrase_model=options.paraphrase_model)
        # Title and rates set earlier (by `harvester export --title/--rates`) stay unless given.
        before = previous_settings(layout)
        title = options.title or before.get("title") or _title(options.groups_csv)
        rates = options.rates if options.rates is not None else before.get("rates")
        exported = export_all(layout, rates=rates, title=title)
    log(f"done: open {layout.index_html} or {layout.cohort_xlsx}")
    # Unreachable repos are the cohort's news, not a failure; a report we could not handle is ours.
    return 1 if parsed.failed or exported.failed or not similar else 0


def _similarity(
    layout: OutputLayout,
    past: list[Path] | None,
    *,
    force: bool = False,
    paraphrase_model: Path | None = None,
) -> bool:
    """The similarity check; a crash in it is reported and never loses the rest of the run."""
    try:
        run_similarity(layout, past, force=force, paraphrase_model=paraphrase_model)
    except SimilarityError:
        raise
    except Exception as exc:
        log(f"similarity: failed ({type(exc).__name__}: {exc}); the other outputs are complete")
        return False
    return True


def check_similarity(
    out: Path,
    past: list[Path] | None,
    *,
    force: bool = False,
    paraphrase_model: Path | None = None,
) -> int:
    """`harvester similarity OUT`: flag similar answers, then refresh the export showing them."""
    from harvester.lock import HarvestLock

    layout = OutputLayout(out)
    with HarvestLock(layout.lock_file):
        check_options(layout, past, paraphrase_model)
        ok = _similarity(layout, past, force=force, paraphrase_model=paraphrase_model)
        exported = None
        if layout.manifest.is_file():  # exported before: its flags and Similarity sheet follow
            before = previous_settings(layout)
            exported = export_all(
                layout, rates=before.get("rates"), title=before.get("title") or "Cohort"
            )
    return 0 if ok and not (exported and exported.failed) else 1


def _check_evidence(layout: OutputLayout, options: HarvestOptions) -> None:
    """Claims vs evidence. Lenient: a baseline that cannot be fetched or read is said in one
    line and left out (the remembered one stays when it reads); the harvest goes on."""
    from harvester.evidence import run_evidence

    run_evidence(layout, baseline_spec=options.baseline, deadline=options.deadline,
                 tz=options.tz, lenient=True)  # fmt: skip


@contextmanager
def _github_client(options: HarvestOptions) -> Iterator[Any]:
    """A GitHub client for the run (token from GH_TOKEN/GITHUB_TOKEN), or None when disabled."""
    if not options.github:
        yield None
        return
    from harvester.github import GitHubClient, api_url_from_env, token_from_env

    try:
        client = GitHubClient(
            token_from_env(),
            base_url=api_url_from_env(),
            max_wait=options.github_max_wait,
            on_notice=lambda m: log(f"github: {m}"),
        )
    except ValueError as exc:  # e.g. a token with spaces or a malformed GITHUB_API_URL
        log(f"github: cannot use the GitHub settings ({exc}); GitHub facts are skipped")
        yield None
        return
    try:
        yield client
    finally:
        client.close()


def _title(groups_csv: Path) -> str:
    """The index page's default title: the roster's name, as the TA called it."""
    return f"Harvest of {groups_csv.name}"
