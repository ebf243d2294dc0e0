"""One group's cached repository: where it is, how to reach its remote, how to bring it up to date.

Per group the cache holds two bare repositories under `output/.cache/repos/<id>-<urlhash>/`:

- `main.git`: every commit and tree of the branch (partial clone, `--filter=blob:none`), enough
  to pick the deadline commit, list all files and see what changed after it; no file contents.
- `blobs.git`: only the contents we copy: the `reports/` tree fetched with
  `--filter=blob:limit=<cap>` (so the server itself leaves out oversized files; git cannot tell
  a blob's size before fetching it) plus the few evidence files. It is a separate repository
  because `main.git` already holds those trees, and git skips a fetch of objects it has.

Neither repository stores a remote URL: it is given per command through the environment, with
the credentials mapped in by `url.<secret>.insteadOf`, so no token ever reaches a config file
and no stray local command can lazily download anything. Remotes that cannot filter (git
bundles, dumb HTTP servers, servers without `uploadpack.allowFilter`, servers refusing
requests for single objects) get a full copy instead (`mode: "full"`, with the reason in
main.git/harvester.json), and then contents are read from `main.git`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from harvester.fetch import gitops
from harvester.fetch.gitops import GitError, GitResult
from harvester.layout import safe_group_dirname
from harvester.roster import Group, is_local_repo

BUNDLE_SIGNATURES = (b"# v2 git bundle", b"# v3 git bundle")
FILTER_IGNORED = "filtering not recognized by server"
MAX_OPTIONAL_FETCHES = 24  # round trips spent isolating optional objects a server refuses


@dataclass(frozen=True)
class Contents:
    """What ensure_contents made readable: sizes of present objects, reasons for missing ones."""

    sizes: dict[str, int]
    missing: dict[str, str] = field(default_factory=dict)  # oid -> why it could not be fetched


@dataclass(frozen=True)
class Remote:
    """How git reaches one group's repository (never shown: use Group.repo for display)."""

    url: str  # given to git: display URL, or an absolute local path; no credentials
    is_bundle: bool
    secrets: tuple[str, ...] = ()
    insteadof: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def env(self) -> dict[str, str]:
        """Environment for a network command against this remote."""
        return gitops.git_env([("remote.origin.url", self.url), *self.insteadof])


def make_remote(group: Group) -> Remote:
    """Turn a roster URL into what git needs: absolute paths for local repos, creds mapped in."""
    display, secret = group.repo, group.clone_url
    url = display
    local: Path | None = None
    if display.startswith("file://"):
        local = Path(unquote(urlsplit(display).path))
    elif is_local_repo(display):
        local = Path(display).expanduser().resolve()
        url = str(local)
    is_bundle = local is not None and _looks_like_bundle(local)
    if is_bundle and local is not None:
        url = str(local)
    insteadof: tuple[tuple[str, str], ...] = ()
    if secret and secret != display and local is None:
        insteadof = ((f"url.{secret}.insteadOf", display),)
    return Remote(
        url=url,
        is_bundle=is_bundle,
        secrets=tuple(gitops.url_secrets(secret)),
        insteadof=insteadof,
    )


def _looks_like_bundle(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return head.startswith(BUNDLE_SIGNATURES)


# --- the remote's refs -----------------------------------------------------------------------


@dataclass(frozen=True)
class RemoteRefs:
    head: str | None  # default branch named by the HEAD symref
    head_sha: str | None
    branches: dict[str, str]  # branch name -> tip sha


def parse_ls_remote(text: str) -> RemoteRefs:
    """Parse `git ls-remote --symref <url> HEAD refs/heads/*`."""
    head = head_sha = None
    branches: dict[str, str] = {}
    for line in text.splitlines():
        left, _, name = line.partition("\t")
        if left.startswith("ref: ") and name == "HEAD":
            target = left[5:].strip()
            if target.startswith("refs/heads/"):
                head = target[len("refs/heads/") :]
        elif name == "HEAD":
            head_sha = left.strip()
        elif name.startswith("refs/heads/"):
            branches[name[len("refs/heads/") :]] = left.strip()
    return RemoteRefs(head=head, head_sha=head_sha, branches=branches)


def resolve_branch(refs: RemoteRefs, requested: str | None) -> str | None:
    """The branch to harvest: the roster's, else the remote's default branch, else None.

    Without a HEAD symref (bundles, dumb servers) the default is the branch HEAD points at
    (main/master preferred on ties), else main, else master, else the only branch.
    """
    if requested:
        return requested if requested in refs.branches else None
    if refs.head and refs.head in refs.branches:
        return refs.head
    if refs.head_sha:
        same = sorted(b for b, sha in refs.branches.items() if sha == refs.head_sha)
        for preferred in ("main", "master"):
            if preferred in same:
                return preferred
        if same:
            return same[0]
    for preferred in ("main", "master"):
        if preferred in refs.branches:
            return preferred
    if len(refs.branches) == 1:
        return next(iter(refs.branches))
    return None


def ls_remote(
    remote: Remote, *, timeout: float, attempts: int, backoff: float, scratch: Path
) -> tuple[RemoteRefs, bool]:
    """Ask the remote for its default branch and branch tips (one connection, no objects).

    Also returns whether the remote speaks git's smart protocol. A dumb HTTP server (static
    files) must never be fetched into a partial clone: git 2.39's dumb-HTTP walker lazily
    "fetches" every object it checks for, from the same dumb server, recursively, without end.
    Smart servers exchange pkt-lines, which GIT_TRACE_PACKET records; dumb ones do not.
    """
    args = ["ls-remote", "--symref", "--", remote.url, "HEAD", "refs/heads/*"]
    env = remote.env()
    trace = None
    if remote.url.lower().startswith(("http://", "https://")):
        scratch.mkdir(parents=True, exist_ok=True)
        trace = scratch / f".tmp-trace-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        env["GIT_TRACE_PACKET"] = str(trace)
    try:
        result = gitops.retrying(
            lambda: gitops.run_git(
                args,
                env=env,
                timeout=timeout,
                secrets=remote.secrets,
                label="ls-remote",
                die_with_us=False,  # writes nothing; the one git call of an unchanged group
            ),
            attempts=attempts,
            backoff=backoff,
        )
        smart = True
        if trace is not None:
            try:
                smart = "packet:" in trace.read_text(errors="replace")
            except OSError:
                smart = False
    finally:
        if trace is not None:
            with contextlib.suppress(OSError):
                trace.unlink()
    return parse_ls_remote(result.stdout.decode("utf-8", "replace")), smart


# --- the cache -------------------------------------------------------------------------------

_PARTIAL_CONFIG = """[extensions]
\tpartialClone = origin
[remote "origin"]
\tpromisor = true
\tpartialCloneFilter = {filter}
"""


class GitCache:
    """The cached repositories of one group (see module docstring)."""

    def __init__(
        self,
        root: Path,
        group: Group,
        remote: Remote,
        *,
        timeout: float,
        attempts: int = 3,
        backoff: float = 1.0,
    ):
        key = hashlib.sha256(remote.url.encode()).hexdigest()[:12]
        self.dir = Path(root) / f"{safe_group_dirname(group.id)}-{key}"
        self.main = self.dir / "main.git"
        self.blobs = self.dir / "blobs.git"
        self.remote = remote
        self.timeout = timeout
        self.attempts = attempts
        self.backoff = backoff
        self.local_env = gitops.git_env()
        self.fetched_bytes = 0  # bytes that landed in our object stores during this run

    # -- state ---------------------------------------------------------------------------

    def _meta(self, repo: Path) -> dict:
        try:
            return json.loads((repo / "harvester.json").read_text())
        except (OSError, ValueError):
            return {}

    @property
    def exists(self) -> bool:
        return (self.main / "HEAD").is_file() and bool(self._meta(self.main))

    @property
    def mode(self) -> str:
        """ "partial" (trees only in main.git) or "full" (the remote could not filter)."""
        return self._meta(self.main).get("mode", "partial")

    def local_tip(self, branch: str) -> str | None:
        """The cached sha of refs/heads/<branch>, read from the ref files (no subprocess)."""
        ref = f"refs/heads/{branch}"
        if any(p in ("", ".", "..") or p.startswith(".") for p in ref.split("/")):
            return None
        loose = self.main / ref
        with contextlib.suppress(OSError):
            value = loose.read_text().strip()
            if re.fullmatch(r"[0-9a-f]{40,64}", value):
                return value
        with contextlib.suppress(OSError):
            for line in (self.main / "packed-refs").read_text().splitlines():
                sha, _, name = line.partition(" ")
                if name == ref:
                    return sha
        return None

    def bytes_on_disk(self) -> int:
        return gitops.dir_bytes(self.dir)

    def clean_leftovers(self) -> None:
        """Remove what a killed run left behind: temp clones and git's own lock files.

        Only safe while we hold the harvest lock (fetch_all does): no other git can be working
        on this cache then, so every lock file here is stale.
        """
        if not self.dir.is_dir():
            return
        for tmp in self.dir.glob(".tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True)
        for repo in (self.main, self.blobs):
            if not repo.is_dir():
                continue
            for lock in [*repo.glob("*.lock"), *repo.glob("refs/**/*.lock")]:
                with contextlib.suppress(OSError):
                    lock.unlink()
            for tmp in repo.glob("objects/pack/tmp_*"):
                with contextlib.suppress(OSError):
                    tmp.unlink()

    # -- git -------------------------------------------------------------------------------

    def git(self, repo: Path, *args: str, network: bool = False) -> GitResult:
        env = self.remote.env() if network else self.local_env
        return gitops.run_git(
            ["-C", str(repo), *args],
            env=env,
            timeout=self.timeout,
            secrets=self.remote.secrets,
            label=args[0],
        )

    def _init(self, path: Path, *, partial: bool, filter_spec: str = "blob:none") -> None:
        """A fresh bare repo with no hooks and no remote URL (see module docstring)."""
        gitops.run_git(
            ["init", "--bare", "--quiet", "--template=", str(path)],
            env=self.local_env,
            timeout=self.timeout,
            label="init",
        )
        if partial:
            config = path / "config"
            text = config.read_text().replace(
                "repositoryformatversion = 0", "repositoryformatversion = 1"
            )
            config.write_text(text + _PARTIAL_CONFIG.format(filter=filter_spec))

    def _fetch(self, repo: Path, *args: str, attempts: int | None = None) -> GitResult:
        """git fetch with retries; adds what landed in repo/objects to self.fetched_bytes."""
        objects = repo / "objects"
        before = gitops.dir_bytes(objects)
        try:
            return gitops.retrying(
                lambda: self.git(
                    repo,
                    "fetch",
                    "--no-tags",
                    "--no-write-fetch-head",
                    "--quiet",
                    *args,
                    network=True,
                ),
                attempts=attempts or self.attempts,
                backoff=self.backoff,
            )
        finally:
            self.fetched_bytes += max(0, gitops.dir_bytes(objects) - before)

    @property
    def full_reason(self) -> str | None:
        """Why main.git holds everything: "bundle", "dumb_http", "no_filter", "fallback"."""
        meta = self._meta(self.main)
        return meta.get("reason") if meta.get("mode") == "full" else None

    def sync(self, branch: str, remote_tip: str, *, smart: bool = True) -> str:
        """Bring refs/heads/<branch> to the remote's tip: "up_to_date", "fetch" or "clone"."""
        refspec = f"+refs/heads/{branch}:refs/heads/{branch}"
        if self.exists and not smart and self._is_partial_repo():
            shutil.rmtree(self.dir, ignore_errors=True)  # see ls_remote: never dumb + partial
        if self.exists:
            if self.local_tip(branch) == remote_tip:
                return "up_to_date"
            filt = ["--filter=blob:none"] if self.mode == "partial" else []
            try:
                self._fetch(self.main, *filt, "origin", refspec)
                return "fetch"
            except GitError as exc:
                if exc.timed_out or exc.permanent or exc.transient:
                    raise
                # Something local (a damaged cache): start over once.
                shutil.rmtree(self.dir, ignore_errors=True)
        self._clone(refspec, smart=smart)
        return "clone"

    def _is_partial_repo(self) -> bool:
        try:
            return "partialClone" in (self.main / "config").read_text()
        except OSError:
            return False

    def _clone(self, refspec: str, *, smart: bool) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.dir / f".tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        reason = "bundle" if self.remote.is_bundle else None if smart else "dumb_http"
        partial = reason is None
        try:
            self._init(tmp, partial=partial)
            filt = ["--filter=blob:none"] if partial else []
            result = self._fetch(tmp, *filt, "origin", refspec)
            if partial and FILTER_IGNORED in result.stderr:
                reason = "no_filter"
            meta = {"mode": "full" if reason else "partial", "reason": reason}
            (tmp / "harvester.json").write_text(json.dumps(meta) + "\n")
            if self.main.exists():
                shutil.rmtree(self.main)
            os.replace(tmp, self.main)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    # -- reading the history ----------------------------------------------------------------

    def log(self, rev: str) -> bytes:
        from harvester.fetch.deadline import LOG_FORMAT

        return self.git(self.main, "log", "-z", f"--format={LOG_FORMAT}", rev, "--").stdout

    def ls_tree(self, sha: str) -> bytes:
        return self.git(self.main, "ls-tree", "-r", "-t", "-z", "--full-tree", sha).stdout

    def touched(self, rev_range: str, path: str) -> set[bytes]:
        """Paths under `path` changed by any commit in rev_range (names only: no blob reads)."""
        out = self.git(
            self.main,
            "log",
            "-z",
            "--no-renames",
            "--name-only",
            "--format=",
            rev_range,
            "--",
            path,
        ).stdout
        return {p.strip(b"\n") for p in out.split(b"\0") if p.strip(b"\n")}

    def changed(self, old: str, new: str, path: str) -> set[bytes]:
        """Paths under `path` that differ between two commits."""
        out = self.git(
            self.main, "diff", "-z", "--no-renames", "--name-only", old, new, "--", path
        ).stdout
        return {p for p in out.split(b"\0") if p}

    # -- contents ---------------------------------------------------------------------------

    def content_repo(self) -> Path:
        return self.main if self.mode == "full" else self.blobs

    def ensure_contents(
        self,
        tree: str | None,
        report_blobs: list[str],
        optional: list[str],
        max_bytes: int,
        branch: str,
        *,
        report: str | None = None,
    ) -> Contents:
        """Make the reports tree (files up to max_bytes) and the optional blobs readable locally.

        `sizes` has {oid: size} of the objects that are present; in partial mode a reports blob
        absent from it was left out by the server for being over max_bytes, unless it is in
        `missing`. Without a tree (a report file the roster points at in the repository root) the
        report blob itself is required. Optional blobs (evidence, or any other list a later step
        adds) never fail the group: one the server cannot send lands in `missing` with the
        reason. A server that refuses to send single objects (protocol v0 without
        allowAnySHA1InWant) gets a full fetch instead; if even that fails, the report file
        (`report`) alone is asked for.
        """
        if self.mode == "full":
            return Contents(self._sizes(self.main, [*report_blobs, *optional]))
        limit = max_bytes + 1  # blob:limit=n omits blobs of n bytes or more
        meta = self._meta(self.blobs)
        if meta.get("limit") != limit:
            shutil.rmtree(self.blobs, ignore_errors=True)
            self._init(self.blobs, partial=True, filter_spec=f"blob:limit={limit}")
            (self.blobs / "harvester.json").write_text(json.dumps({"limit": limit}) + "\n")
            present: dict[str, int] = {}
        else:
            present = self._all_sizes(self.blobs)
        # The one object the group cannot do without: the report's folder, or a lone report file.
        required = tree or report
        wants = [b for b in dict.fromkeys(optional) if b not in present and b != required]
        filt = f"--filter=blob:limit={limit}"
        if required and required not in present:
            if wants:
                try:  # the usual case in one round trip; on failure, each part on its own
                    self._fetch(self.blobs, filt, "origin", required, *wants)
                    return Contents(self._all_sizes(self.blobs))
                except GitError as exc:
                    if exc.timed_out:
                        raise
            try:
                self._fetch(self.blobs, filt, "origin", required)
            except GitError as exc:
                if exc.timed_out:
                    raise
                return self._without_single_objects(branch, report, report_blobs, optional)
        missing = self._fetch_optional(wants, filt)
        return Contents(self._all_sizes(self.blobs), missing)

    def _fetch_optional(self, oids: list[str], filt: str) -> dict[str, str]:
        """Fetch what the server will send of `oids`; {oid: why not} for the rest.

        A refused batch is halved until the refused objects stand alone, so one object the
        server cannot send costs a few round trips, never the other files. No retries inside
        (the first attempt already had them) and at most MAX_OPTIONAL_FETCHES tries in all.
        """
        missing: dict[str, str] = {}
        queue = [oids] if oids else []
        tries = 0
        while queue:
            batch = queue.pop(0)
            if tries >= MAX_OPTIONAL_FETCHES:
                missing.update(dict.fromkeys(batch, "not tried: too many refused requests"))
                continue
            tries += 1
            try:
                self._fetch(self.blobs, filt, "origin", *batch, attempts=1)
            except GitError as exc:
                if exc.timed_out or len(batch) == 1:
                    missing.update(dict.fromkeys(batch, exc.message))
                else:
                    half = len(batch) // 2
                    queue[:0] = [batch[:half], batch[half:]]
        return missing

    def _without_single_objects(
        self, branch: str, report: str | None, report_blobs: list[str], optional: list[str]
    ) -> Contents:
        """The server would not send the reports tree: a full copy, else the report file alone."""
        try:
            self._refetch_full(branch)
        except GitError as exc:
            if exc.timed_out or report is None:
                raise
            # Not even a full copy comes down (an object the server cannot pack): the report is
            # the one file we must have; the optional files are asked for one batch at a time,
            # the rest of reports/ (sizes unknown, so never asked for singly) is named missing.
            self._fetch(self.blobs, "origin", report, attempts=1)
            missing = self._fetch_optional(
                [o for o in dict.fromkeys(optional) if o != report], "--filter=blob:none"
            )
            sizes = self._all_sizes(self.blobs)
            reason = f"the server could not send the reports folder ({exc.message})"
            missing.update({o: reason for o in report_blobs if o not in sizes})
            return Contents(sizes, missing)
        return Contents(self._sizes(self.main, [*report_blobs, *optional]))

    def _refetch_full(self, branch: str) -> None:
        """Turn main.git into a full copy (all contents) of the branch."""
        refspec = f"+refs/heads/{branch}:refs/heads/{branch}"
        self._fetch(self.main, "--refetch", "--no-filter", "origin", refspec)
        meta = {**self._meta(self.main), "mode": "full", "reason": "fallback"}
        (self.main / "harvester.json").write_text(json.dumps(meta) + "\n")

    def _all_sizes(self, repo: Path) -> dict[str, int]:
        out = self.git(
            repo, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objectsize)"
        ).stdout
        sizes = {}
        for line in out.decode().splitlines():
            oid, _, size = line.partition(" ")
            sizes[oid] = int(size)
        return sizes

    def _sizes(self, repo: Path, oids: list[str]) -> dict[str, int]:
        if not oids:
            return {}
        out = gitops.run_git(
            ["-C", str(repo), "cat-file", "--batch-check=%(objectname) %(objectsize)"],
            env=self.local_env,
            timeout=self.timeout,
            input="".join(f"{o}\n" for o in dict.fromkeys(oids)).encode(),
            label="cat-file",
        ).stdout
        sizes = {}
        for line in out.decode().splitlines():
            oid, _, size = line.partition(" ")
            if size.isdigit():
                sizes[oid] = int(size)
        return sizes

    def stream(self, oids: list[str], on_blob) -> None:
        if oids:
            gitops.stream_blobs(
                str(self.content_repo()), oids, on_blob, env=self.local_env, timeout=self.timeout
            )
