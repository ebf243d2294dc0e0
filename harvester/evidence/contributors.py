"""Who did the work: commits per author up to the deadline, matched to roster members (pure).

Authors come from history.json (fetch already applied the group's .mailmap); identities that
share an e-mail or a (non-generic) name are one person. A member is recognised by a study
number in the author's name, e-mail or GitHub login, or by a handle the report lists in
question 2; everything else stays an unmatched author, shown as such. Flags are facts a TA
checks, never verdicts on their own: git cannot see pair programming or write access.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_NOREPLY = re.compile(r"^(?:\d+\+)?([A-Za-z0-9-]+)@users\.noreply\.github\.com$", re.I)
_STUDY = re.compile(r"\bs\d{6}\b", re.I)
_BOT = re.compile(r"\[bot\]|dependabot|github-actions|renovate|pre-commit-ci|^github$", re.I)
# Author names too common to say two identities are one person.
_GENERIC_NAMES = frozenset({"unknown", "root", "ubuntu", "user", "admin", "your name", "github"})
DOMINANT_SHARE = 0.5  # one author with more than this share of the commits is flagged


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass
class Author:
    names: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)
    commits: int = 0
    merges: int = 0
    first: str | None = None
    last: str | None = None
    files: set[str] = field(default_factory=set)
    login: str | None = None
    member: str | None = None

    @property
    def label(self) -> str:
        name = sorted(self.names, key=lambda n: (-len(n), n))[0] if self.names else "?"
        email = sorted(self.emails)[0] if self.emails else ""
        return f"{name} <{email}>" if email else name


def _merge_identities(commits: list[dict[str, Any]]) -> list[Author]:
    """One Author per person: identities sharing an e-mail or a specific name are merged."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def keys(c: dict[str, Any]) -> list[str]:
        email = str(c.get("email") or "").lower()
        name = _key(str(c.get("author") or ""))
        out = [f"e:{email}"] if email else []
        if name and name not in {_key(g) for g in _GENERIC_NAMES}:
            out.append(f"n:{name}")
        login = _NOREPLY.match(email)
        if login:
            out.append(f"n:{_key(login.group(1))}")
        return out or ["e:?"]

    for c in commits:
        ks = keys(c)
        for k in ks[1:]:
            parent[find(k)] = find(ks[0])
    people: dict[str, Author] = {}
    for c in commits:
        a = people.setdefault(find(keys(c)[0]), Author())
        a.names.add(str(c.get("author") or "?"))
        if c.get("email"):
            a.emails.add(str(c["email"]).lower())
        if len(c.get("parents") or []) > 1:
            a.merges += 1
            continue
        a.commits += 1
        date = str(c.get("date") or "") or None
        if date and (a.first is None or date < a.first):
            a.first = date
        if date and (a.last is None or date > a.last):
            a.last = date
        a.files.update(c.get("files") or [])
    return list(people.values())


def _match(author: Author, members: list[str], handles: list[str], logins: list[str]) -> None:
    """Set author.login and author.member where the evidence is unambiguous."""
    for email in author.emails:
        m = _NOREPLY.match(email)
        if m:
            author.login = m.group(1)
    if author.login is None:
        name_keys = {_key(n) for n in author.names} | {_key(e.split("@")[0]) for e in author.emails}
        found = [g for g in logins if _key(g) in name_keys]
        author.login = found[0] if len(found) == 1 else None
    texts = [*author.names, *author.emails, author.login or ""]
    numbers = {s.lower() for t in texts for s in _STUDY.findall(t)}
    hits = [m for m in members if m.lower() in numbers]
    if len(hits) == 1:
        author.member = hits[0]
        return
    keys = {_key(t.split("@")[0]) for t in texts if t}
    hits = [h for h in handles if _key(h) in keys]
    if len(hits) == 1:
        author.member = hits[0]


def analyse(
    history: dict[str, Any] | None,
    *,
    roster: list[str],
    report_members: list[str],
    github: list[dict[str, Any]] | None,
) -> dict[str, Any]:
    """Authors, flags and a summary for evidence.json (`contributors`, `contributor_flags`)."""
    commits = list((history or {}).get("commits") or [])
    people = [a for a in _merge_identities(commits) if not any(_BOT.search(n) for n in a.names)]
    members = list(dict.fromkeys(m.lower() for m in roster if m)) or [
        m.lower() for m in report_members if _STUDY.fullmatch(m)
    ]
    handles = [m for m in report_members if not _STUDY.fullmatch(m)]
    logins = [str(c.get("login")) for c in github or [] if c.get("login")]
    for a in people:
        _match(a, members, handles, logins)
    people.sort(key=lambda a: (-a.commits, a.label))
    total = sum(a.commits for a in people)
    rows = [
        {
            "author": a.label,
            "member": a.member or "",
            "login": a.login,
            "commits": a.commits,
            "merges": a.merges,
            "first_commit": a.first,
            "last_commit": a.last,
            "files_touched": len(a.files),
            "share": round(a.commits / total, 3) if total else None,
        }
        for a in people
    ]
    flags = _flags(people, members, total) if commits else []  # no history: nothing to flag
    return {
        "contributors": rows,
        "contributor_flags": flags,
        "contributor_summary": {
            "authors": len(people),
            "commits": total,
            "members": len(members),
            "members_with_commits": len({a.member for a in people if a.member in members}),
            "history_truncated": bool((history or {}).get("truncated")),
        },
    }


def _flags(people: list[Author], members: list[str], total: int) -> list[dict[str, str]]:
    flags = []
    matched = {a.member for a in people if a.member in members}
    silent = [m for m in members if m not in matched]
    # Authors not tied to a roster number (unmatched, or known only by a report handle) may be
    # any of the silent members: only the surplus of silent members is certain.
    others = [a for a in people if a.member not in members and a.commits]
    missing = len(silent) - len(others)
    if members and missing > 0:
        flags.append(
            {
                "kind": "member_without_commits",
                "detail": f"{len(people)} commit author(s) for {len(members)} roster members: at "
                f"least {missing} member(s) made no commit before the deadline (not recognised: "
                f"{', '.join(silent)})",
            }
        )
    top = people[0] if people else None
    if top and total and len(members) >= 2 and top.commits / total > DOMINANT_SHARE:
        flags.append(
            {
                "kind": "one_author_most_commits",
                "detail": f"{top.label} made {top.commits} of {total} commits "
                f"({100 * top.commits / total:.0f}%)",
            }
        )
    return flags


def write_access_verdict(summary: dict[str, Any]) -> dict[str, Any]:
    """'All members have write access', checked against who committed (never `no`: write
    access is a GitHub setting, and a member may work through others' commits)."""
    authors, members = summary.get("authors", 0), summary.get("members", 0)
    proof = [
        {
            "path": "history.json",
            "line": None,
            "excerpt": f"{authors} commit author(s) up to the deadline for {members} members",
            "strength": "strong" if members and authors >= members else "weak",
            "why": "commit authors compared with the roster",
            "template": False,
        }
    ]
    if not members:
        return {"verdict": "not_verifiable", "proof": proof, "note": "no members to compare"}
    if authors >= members:
        return {"verdict": "yes", "proof": proof, "note": ""}
    note = "fewer commit authors than members; write access itself is not visible in git"
    return {"verdict": "weak", "proof": proof, "note": note}
