"""A token in a roster URL is used to clone and appears nowhere: snapshot, output, logs, config."""

from __future__ import annotations

import io
import time

from harvester.fetch import fetch_all
from harvester.roster import Group

from .helpers import BEFORE, DEADLINE, FAST, REPORT, git
from .httpgit import GitHTTPServer

TOKEN = "ghp_TOPSECRET1234567890"


def all_bytes_under(path) -> list[tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in path.rglob("*") if p.is_file()]


def test_credentials_are_used_but_never_written(repo_factory, layout, tmp_path):
    repo = repo_factory("private")
    repo.commit({"reports/README.md": REPORT, "pyproject.toml": "[project]\n"}, BEFORE)
    with GitHTTPServer(repo.path.parent, user="student", password=TOKEN) as server:
        display = server.url("private")
        secret = display.replace("http://", f"http://student:{TOKEN}@")
        g = Group(id="7", repo=display, repo_secret=secret)
        out = io.StringIO()
        (snap,) = fetch_all([g], DEADLINE, layout, jobs=1, stream=out, options=FAST)
        assert snap["status"] == "ok", snap["error"]
        assert snap["fetch"]["mode"] == "partial"
        assert any(authorized for _m, _p, authorized in server.requests)
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT
    assert TOKEN not in out.getvalue() and TOKEN not in str(snap)
    leaks = [name for name, data in all_bytes_under(layout.root) if TOKEN.encode() in data]
    assert leaks == []  # not in snapshot.json, files.json, nor any cache config
    config = next(layout.cache_dir.rglob("main.git")) / "config"
    assert "student" not in config.read_text()


def test_wrong_or_missing_credentials_fail_fast_without_prompting(repo_factory, layout):
    repo = repo_factory("private")
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    with GitHTTPServer(repo.path.parent, user="student", password=TOKEN) as server:
        display = server.url("private")
        wrong = display.replace("http://", "http://student:ghp_WRONGWRONG99@")
        groups = [
            Group(id="1", repo=display, repo_secret=wrong),
            Group(id="2", repo=display),
        ]
        out = io.StringIO()
        started = time.monotonic()
        snaps = fetch_all(groups, DEADLINE, layout, jobs=2, stream=out, options=FAST)
        assert time.monotonic() - started < 20
    assert [s["status"] for s in snaps] == ["unreachable", "unreachable"]
    assert "Authentication failed" in snaps[0]["error"]
    assert "ghp_WRONGWRONG99" not in snaps[0]["error"] + out.getvalue()
    assert "terminal prompts disabled" in snaps[1]["error"]
    # The plain reason comes first, naming the display URL (never the credentialed one).
    for snap in snaps:
        assert snap["error"].startswith(
            f"authentication required (credentials missing or refused): {display} (git ls-remote: "
        )


def test_dumb_http_server_gets_a_full_copy(repo_factory, layout, tmp_path):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    served = tmp_path / "served"
    served.mkdir()
    git(tmp_path, "clone", "-q", "--bare", str(repo.path), str(served / "g.git"))
    git(served / "g.git", "update-server-info")
    with GitHTTPServer(served, dumb=True) as server:
        (snap,) = fetch_all(
            [Group(id="7", repo=server.url("g.git"))],
            DEADLINE,
            layout,
            progress=False,
            options=FAST,
        )
    assert snap["status"] == "ok", snap["error"]
    assert snap["branch"] == "main"
    assert snap["fetch"]["mode"] == "full"
    assert any("dumb HTTP" in w["detail"] for w in snap["warnings"])
    assert (layout.reports_dir("7") / "README.md").read_text() == REPORT


def test_server_turning_dumb_rebuilds_the_cache_as_a_full_copy(repo_factory, layout, tmp_path):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    served = tmp_path / "served"
    served.mkdir()
    bare = served / "g.git"
    git(tmp_path, "clone", "-q", "--bare", str(repo.path), str(bare))
    git(bare, "config", "uploadpack.allowFilter", "true")
    with GitHTTPServer(served) as server:
        g = Group(id="7", repo=server.url("g.git"))
        (first,) = fetch_all([g], DEADLINE, layout, progress=False, options=FAST)
        assert first["fetch"]["mode"] == "partial"
        repo.commit({"reports/README.md": "v2\n"}, BEFORE)
        git(repo.path, "push", "-q", str(bare), "main")
        git(bare, "update-server-info")
        server.dumb = True
        (second,) = fetch_all([g], DEADLINE, layout, progress=False, options=FAST)
    assert second["status"] == "ok", second["error"]
    assert second["fetch"]["mode"] == "full" and second["fetch"]["action"] == "clone"
    assert (layout.reports_dir("7") / "README.md").read_text() == "v2\n"
