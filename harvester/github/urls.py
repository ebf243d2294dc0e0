"""Recognise a GitHub repository in any URL form a student might paste into the roster.

Pure string work: no network. Anything that is not clearly `owner/repo` on a GitHub host gives
None, so a local path or a GitLab remote simply has no GitHub facts instead of wrong ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

GITHUB_HOSTS = frozenset({"github.com", "www.github.com", "ssh.github.com"})
_SCHEMES = frozenset({"http", "https", "ssh", "git", "git+ssh", "ssh+git"})
# GitHub usernames: letters, digits and hyphens, not starting with a hyphen, at most 39 chars.
_OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
_REPO = re.compile(r"[A-Za-z0-9._-]{1,100}")
# First path segments that are GitHub pages, never an account (so /orgs/x/repos is not a repo).
_RESERVED_OWNERS = frozenset(
    {
        "about", "apps", "collections", "enterprise", "explore", "features", "issues", "login",
        "marketplace", "new", "notifications", "orgs", "organizations", "pricing", "pulls",
        "search", "settings", "sponsors", "topics", "trending", "users",
    }
)  # fmt: skip
# scp-like git remotes: [user@]host:owner/repo(.git)
_SCP = re.compile(r"^(?:[^@/\s]+@)?(?P<host>[^:/\s]+):(?P<path>[^/\s].*)$")


def parse_github_repo(url: str, hosts: Iterable[str] = ()) -> tuple[str, str] | None:
    """Return (owner, repo) for a GitHub repository URL, None for anything else.

    Accepts https/http (with or without www, credentials, a trailing slash, `.git`, or a browser
    path such as `/tree/main`), `git@github.com:o/r.git`, `ssh://git@github.com[:port]/o/r`,
    `git://`, and a scheme-less `github.com/o/r`. `hosts` adds GitHub Enterprise web hosts.
    """
    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(ch.isspace() for ch in text):
        return None
    known = GITHUB_HOSTS | {h.lower() for h in hosts}
    host, path = _host_and_path(text)
    if host is None or host.lower().rstrip(".") not in known:
        return None
    return _owner_repo(path)


def _host_and_path(text: str) -> tuple[str | None, str]:
    """Split any accepted remote form into (host, path); host None when the form is unknown."""
    if "://" in text:
        try:
            parts = urlsplit(text)
            host = parts.hostname  # lower-cased, userinfo and port removed
            _ = parts.port  # raises ValueError on a malformed port
        except ValueError:
            return None, ""
        if parts.scheme.lower() not in _SCHEMES:
            return None, ""
        return host, parts.path
    if text.startswith(("/", ".", "~", "\\")):
        return None, ""  # a local path, even one with "github.com" somewhere inside
    scp = _SCP.match(text)
    if scp and "/" not in scp.group("host"):
        return scp.group("host"), scp.group("path")
    host, _, rest = text.partition("/")
    return (host, rest) if rest else (None, "")


def _owner_repo(path: str) -> tuple[str, str] | None:
    segments = [s for s in path.split("?")[0].split("#")[0].split("/") if s]
    if len(segments) < 2:
        return None
    owner, repo = segments[0], segments[1]
    if repo.lower().endswith(".git"):
        repo = repo[:-4]
    if not _OWNER.fullmatch(owner) or owner.lower() in _RESERVED_OWNERS:
        return None
    if not _REPO.fullmatch(repo) or repo in {".", ".."}:
        return None
    return owner, repo
