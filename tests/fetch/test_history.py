"""history.json: authors (through the group's .mailmap), dates and files up to the deadline."""

from __future__ import annotations

from harvester.fetch import fetch_group
from harvester.fetch.history import read_history

from .helpers import AFTER, BEFORE, DEADLINE, FAST, JUST_BEFORE, REPORT, git, group


def _commit_as(repo, files: dict[str, str], when: str, name: str, email: str) -> str:
    for path, text in files.items():
        target = repo.path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    git(repo.path, "add", "-A")
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    git(repo.path, "commit", "-q", "-m", f"work by {name}", env=env)
    return repo.head()


def test_history_is_mailmapped_and_stops_at_the_deadline_commit(repo_factory, layout):
    repo = repo_factory()
    _commit_as(repo, {"reports/README.md": REPORT}, BEFORE, "Ida Holm", "ida@example.com")
    _commit_as(repo, {"src/a.py": "x = 1\n"}, BEFORE, "ida-laptop", "ida@old.example.com")
    mailmap = "Ida Holm <ida@example.com> ida-laptop <ida@old.example.com>\n"
    deadline_sha = _commit_as(
        repo, {".mailmap": mailmap, "src/b.py": "y = 2\n"}, JUST_BEFORE, "Bo", "bo@example.com"
    )
    _commit_as(repo, {"src/late.py": "z = 3\n"}, AFTER, "Late", "late@example.com")

    snap = fetch_group(group(repo), DEADLINE, layout, options=FAST)

    assert snap["status"] == "ok", snap["error"]
    assert snap["deadline_commit"]["sha"] == deadline_sha
    history = read_history(layout.history("7"))
    assert history["commit"] == deadline_sha and history["mailmap"] is True
    authors = [(c["author"], c["email"]) for c in history["commits"]]
    assert authors == [
        ("Bo", "bo@example.com"),
        ("Ida Holm", "ida@example.com"),  # the laptop identity, mapped by .mailmap
        ("Ida Holm", "ida@example.com"),
    ]
    assert history["commits"][0]["files"] == [".mailmap", "src/b.py"]
    assert history["commits"][2]["files"] == ["reports/README.md"]
    assert history["commits"][0]["date"].startswith("2026-01-24T23:58")
    # No blob was needed: the partial clone still has no file contents in main.git.
    assert snap["fetch"]["mode"] == "partial"
