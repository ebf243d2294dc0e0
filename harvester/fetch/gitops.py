"""Low-level git: one subprocess per command, with a hard timeout, a clean environment, no prompts.

Plain `subprocess` rather than GitPython's wrappers because every network command needs a
timeout that also kills git's own children (ssh, remote helpers, upload-pack), credentials must
travel in the environment (never argv, never a config file), and stderr must be kept to tell
"repository not found" (final) from "connection reset" (worth a retry).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

GIT = shutil.which("git") or "git"

#: Config every harvester git command runs with (passed through the environment).
BASE_CONFIG: tuple[tuple[str, str], ...] = (
    # No credential helper and no askpass: a private repo fails at once instead of prompting.
    ("credential.helper", ""),
    ("core.askPass", ""),
    # Only real transports; `ext::` (runs commands) and friends are refused even if a user's
    # global config allows them, because roster URLs are not to be trusted blindly.
    ("protocol.allow", "never"),
    ("protocol.file.allow", "always"),
    ("protocol.https.allow", "always"),
    ("protocol.http.allow", "always"),
    ("protocol.ssh.allow", "always"),
    ("protocol.git.allow", "always"),
    ("protocol.version", "2"),
    # Our caches are ours: no background gc/maintenance racing a parallel fetch.
    ("gc.auto", "0"),
    ("maintenance.auto", "false"),
    ("fetch.writeCommitGraph", "false"),
    ("fetch.showForcedUpdates", "false"),
    # Rename detection would read blob contents, i.e. lazily download them in a partial clone.
    ("diff.renames", "false"),
    # `git log` reads the mailmap, and in a bare repository that is HEAD:.mailmap: a blob the
    # partial clone lacks, so any repo with a .mailmap made every log fail. Mailmaps are
    # applied only where asked for, from a file (fetch.history).
    ("mailmap.blob", ""),
    ("init.defaultBranch", "main"),
    ("advice.detachedHead", "false"),
)

#: Environment variables that would point git at some other repository or prompt somebody.
_DROP_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_COMMON_DIR",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_CONFIG_PARAMETERS",
)


class GitError(Exception):
    """A git command failed or timed out; `stderr` is already scrubbed of credentials."""

    def __init__(
        self,
        command: str,
        returncode: int | None,
        stderr: str,
        timed_out: bool = False,
        seconds: float | None = None,
    ):
        self.command = command
        self.returncode = returncode
        self.stderr = stderr
        self.timed_out = timed_out
        self.seconds = seconds
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.describe()

    def describe(self, url: str | None = None) -> str:
        """One plain sentence (what went wrong, for which URL), then git's own words in brackets.

        `url` must be a display URL (no credentials); git's text is already scrubbed.
        """
        where = f": {url}" if url else ""
        if self.timed_out:
            after = f" after {self.seconds:g} s" if self.seconds is not None else ""
            return f"timed out{after}{where} (git {self.command}: {self.stderr})"
        explained = explain_error(self.stderr)
        if explained is None:
            detail = _useful_lines(self.stderr)
            return f"git {self.command} failed (exit {self.returncode}): {detail}"
        reason, detail = explained
        return f"{reason}{where} (git {self.command}: {detail})"

    @property
    def permanent(self) -> bool:
        return classify_error(self.stderr) == "permanent"

    @property
    def transient(self) -> bool:
        return not self.timed_out and classify_error(self.stderr) == "transient"


@dataclass(frozen=True)
class GitResult:
    stdout: bytes
    stderr: str


# --- secrets -------------------------------------------------------------------------------

_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove credentials from text: the given secret strings and any `user:pass@` in URLs."""
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return _USERINFO.sub(r"\g<scheme>***@", text)


def url_secrets(secret_url: str) -> list[str]:
    """The parts of a credentialed URL that must never be shown (whole URL, userinfo, token)."""
    match = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://(?P<userinfo>[^/@\s]+)@", secret_url)
    if not match:
        return []
    userinfo = match.group("userinfo")
    parts = [secret_url, userinfo + "@", userinfo]
    if ":" in userinfo:
        parts.append(userinfo.split(":", 1)[1])
    return parts


# --- errors --------------------------------------------------------------------------------

_PERMANENT = re.compile(
    r"repository not found|not found|does not appear to be a git repository|"
    r"could not read username|could not read password|authentication failed|"
    r"terminal prompts disabled|permission denied|access denied|invalid username|"
    r"not a git repository|transport '.*' not allowed|returned error: 40[0-9]|"
    r"no such file or directory|not a valid|is not a git bundle|unable to find remote helper|"
    r"couldn't find remote ref|host key verification failed",
    re.IGNORECASE,
)
_TRANSIENT = re.compile(
    r"could not resolve host|connection timed out|connection reset|connection refused|"
    r"early eof|remote end hung up|rpc failed|returned error: 5[0-9][0-9]|operation timed out|"
    r"temporary failure|unexpected disconnect|gnutls|ssl_read|tls|broken pipe|"
    r"network is unreachable|failed to connect|ssh: connect to host",
    re.IGNORECASE,
)


def classify_error(stderr: str) -> str:
    """'permanent' (do not retry), 'transient' (retry with backoff) or 'unknown' (no retry)."""
    if _TRANSIENT.search(stderr):
        return "transient"
    if _PERMANENT.search(stderr):
        return "permanent"
    return "unknown"


#: git's stderr -> the plain reason a TA reads first (checked in order; the first match wins).
_REASONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (
            r"could not resolve host|could not resolve hostname|name or service not known|"
            r"temporary failure in name resolution",
            "network unreachable: could not resolve host",
        ),
        (r"host key verification failed", "the server's SSH host key is not trusted"),
        (
            r"could not read username|could not read password|authentication failed|"
            r"terminal prompts disabled|invalid username|returned error: 401|"
            r"permission denied \(publickey",
            "authentication required (credentials missing or refused)",
        ),
        (
            r"failed to connect|couldn't connect|connection refused|connection timed out|"
            r"network is unreachable|no route to host|ssh: connect to host|operation timed out",
            "network unreachable: could not connect to the server",
        ),
        (r"transport '.*' not allowed", "URL scheme not allowed"),
        (
            r"unable to find remote helper|'remote-[^']*' is not a git command",
            "unsupported URL scheme",
        ),
        (
            r"repository not found|repository '.*' not found|does not appear to be a git "
            r"repository|not a git repository|returned error: 40[34]|no such file or directory|"
            r"is not a git bundle|invalid gitfile format",
            "repository not found or not accessible",
        ),
        (r"returned error: 5[0-9][0-9]|HTTP 5[0-9][0-9]", "the server failed (HTTP 5xx)"),
        (
            r"connection reset|early eof|remote end hung up|rpc failed|unexpected disconnect|"
            r"broken pipe|gnutls|ssl_read",
            "the connection to the server broke off",
        ),
    )
)


def explain_error(stderr: str) -> tuple[str, str] | None:
    """(plain reason, git's own words) for a failed git command; None when not recognised.

    git's words are the line that gave the reason away, then git's first `fatal:` line when
    that is another one (git's advice lines, "Please make sure you have...", are left out).
    """
    lines = [ln.strip() for ln in stderr.replace("\r", "\n").splitlines() if ln.strip()]
    for pattern, reason in _REASONS:
        telling = next((ln for ln in lines if pattern.search(ln)), None)
        if telling is not None:
            fatal = next((ln for ln in lines if ln.lower().startswith("fatal:")), telling)
            words = telling if fatal == telling else f"{telling} | {fatal}"
            return reason, clip(words, MAX_DETAIL_CHARS)
    return None


MAX_DETAIL_CHARS = 300


def clip(text: str, limit: int) -> str:
    """text cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:|(") + "…"


def _useful_lines(stderr: str, limit: int = 1500) -> str:
    lines = [ln.strip() for ln in stderr.replace("\r", "\n").splitlines()]
    kept = [ln for ln in lines if ln and not ln.lower().startswith(("hint:", "warning: this repo"))]
    return clip(" | ".join(kept) or "no error text", limit)


def retrying(
    fn: Callable[[], T],
    *,
    attempts: int = 3,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call fn; on a transient GitError wait backoff, 2*backoff, ... and try again."""
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except GitError as exc:
            if attempt == attempts or not exc.transient:
                raise
            sleep(backoff * (2 ** (attempt - 1)))
    raise AssertionError("unreachable")  # pragma: no cover


# --- environment ---------------------------------------------------------------------------


def git_env(extra_config: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """The environment for a git command: no prompts, C locale, our config via GIT_CONFIG_*.

    Config travels as GIT_CONFIG_COUNT/KEY/VALUE (git >= 2.31) rather than `-c` so a credential
    placed there is not visible in `ps` output.
    """
    env = {k: v for k, v in os.environ.items() if k not in _DROP_ENV}
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GCM_INTERACTIVE"] = "never"
    env["LC_ALL"] = "C"
    env["LANG"] = "C"
    env.pop("LANGUAGE", None)
    if "GIT_SSH_COMMAND" not in env and "GIT_SSH" not in env:
        env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=30"
    start = int(env.get("GIT_CONFIG_COUNT", "0") or 0)
    pairs = list(BASE_CONFIG) + list(extra_config)
    for i, (key, value) in enumerate(pairs, start=start):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    env["GIT_CONFIG_COUNT"] = str(start + len(pairs))
    return env


@functools.cache
def _pdeathsig_prefix() -> tuple[str, ...]:
    """`setpriv --pdeathsig KILL`: git dies with us even when we are SIGKILLed (Linux)."""
    setpriv = shutil.which("setpriv")
    if not setpriv:
        return ()
    try:
        ok = subprocess.run(
            [setpriv, "--pdeathsig", "KILL", "--", "true"], capture_output=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    return (setpriv, "--pdeathsig", "KILL", "--") if ok.returncode == 0 else ()


MIN_GIT = (2, 36)  # GIT_CONFIG_COUNT (2.31), fetch --refetch (2.36)


class GitMissingError(RuntimeError):
    """No usable git on this machine: a setup problem the user fixes, not a group's failure."""


@functools.cache
def check_git() -> str:
    """The git version; raises GitMissingError when git is missing or too old."""
    try:
        out = subprocess.run([GIT, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise GitMissingError(f"git is not installed or not runnable: {exc}") from exc
    match = re.search(r"(\d+)\.(\d+)", out.stdout)
    if not match or tuple(map(int, match.groups())) < MIN_GIT:
        raise GitMissingError(
            f"harvester needs git >= {'.'.join(map(str, MIN_GIT))}, found {out.stdout.strip()!r}"
        )
    return out.stdout.strip()


# --- running -------------------------------------------------------------------------------

_LIVE: set[subprocess.Popen] = set()
_LIVE_LOCK = threading.Lock()


_STOPPING = threading.Event()


class Interrupted(Exception):
    """The harvest is being stopped (Ctrl-C): no new git command starts."""


def stop_all() -> None:
    """Ctrl-C: refuse new git commands and kill every git process group we started."""
    _STOPPING.set()
    with _LIVE_LOCK:
        procs = list(_LIVE)
    for proc in procs:
        _kill_group(proc)


def stopping() -> bool:
    return _STOPPING.is_set()


def allow_start() -> None:
    """Undo stop_all (a new harvest in the same process)."""
    _STOPPING.clear()


def _kill_group(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def popen_git(
    args: Sequence[str],
    *,
    env: dict[str, str],
    stdin: int | None = subprocess.DEVNULL,
    die_with_us: bool = True,
) -> subprocess.Popen:
    """Start git in its own process group (so a timeout can kill ssh/helpers too).

    die_with_us (the default) makes git die if we are SIGKILLed, so a killed harvest leaves
    no git writing into its cache. Read-only commands may skip it (it costs an extra exec).
    """
    if _STOPPING.is_set():
        raise Interrupted("harvest interrupted")
    proc = subprocess.Popen(
        [*(_pdeathsig_prefix() if die_with_us else ()), GIT, *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
    )
    with _LIVE_LOCK:
        _LIVE.add(proc)
    if _STOPPING.is_set():  # stop_all ran while we were starting it
        _kill_group(proc)
    return proc


def _forget(proc: subprocess.Popen) -> None:
    with _LIVE_LOCK:
        _LIVE.discard(proc)


def run_git(
    args: Sequence[str],
    *,
    env: dict[str, str],
    timeout: float,
    input: bytes | None = None,
    check: bool = True,
    secrets: Iterable[str] = (),
    label: str | None = None,
    die_with_us: bool = True,
) -> GitResult:
    """Run one git command; raise GitError (credentials scrubbed) on failure or timeout."""
    label = label or (args[0] if args else "")
    proc = popen_git(
        args,
        env=env,
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        die_with_us=die_with_us,
    )
    try:
        try:
            out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.communicate(timeout=5)
            raise GitError(label, None, "no answer", timed_out=True, seconds=timeout) from None
    finally:
        _forget(proc)
        if proc.poll() is None:
            _kill_group(proc)
    stderr = scrub(err.decode("utf-8", "replace"), secrets)
    if check and proc.returncode != 0:
        raise GitError(label, proc.returncode, stderr)
    return GitResult(out, stderr)


def stream_blobs(
    repo: str,
    oids: Sequence[str],
    on_blob: Callable[[str, bytes], None],
    *,
    env: dict[str, str],
    timeout: float,
) -> None:
    """`git cat-file --batch` for many blobs in one process, handing each to on_blob.

    stdin is fed from a thread so a long oid list cannot deadlock against a full stdout pipe;
    one blob is held in memory at a time (blobs are size-checked before they get here).
    """
    proc = popen_git(["-C", repo, "cat-file", "--batch"], env=env, stdin=subprocess.PIPE)
    fired = threading.Event()

    def on_timeout() -> None:
        fired.set()
        _kill_group(proc)

    timer = threading.Timer(timeout, on_timeout)
    timer.daemon = True
    timer.start()

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError, OSError):
            assert proc.stdin is not None
            proc.stdin.write("".join(f"{o}\n" for o in oids).encode())
            proc.stdin.close()

    threading.Thread(target=feed, daemon=True).start()
    assert proc.stderr is not None and proc.stdout is not None
    errors: list[bytes] = []
    drain = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    drain.start()
    try:
        for _ in oids:
            header = proc.stdout.readline()
            if not header:
                raise GitError("cat-file", proc.poll(), "cat-file stopped early")
            fields = header.split()
            if len(fields) < 3:  # "<oid> missing"
                continue
            size = int(fields[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            on_blob(fields[0].decode(), data)
    except GitError:
        if fired.is_set():
            raise GitError("cat-file", None, "no answer", timed_out=True, seconds=timeout) from None
        raise
    finally:
        timer.cancel()
        _forget(proc)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        if proc.poll() is None:
            _kill_group(proc)


def dir_bytes(path: os.PathLike | str) -> int:
    """Bytes of all files under path (what landed on disk); 0 when it does not exist."""
    total = 0
    for root, _dirs, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(root, name)).st_size
    return total
