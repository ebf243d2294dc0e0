"""Fixtures for the fetch tests (real repositories in temp dirs; see helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harvester.layout import OutputLayout

from .helpers import StudentRepo, write_script


@pytest.fixture
def repo_factory(tmp_path: Path):
    counter = iter(range(1000))

    def make(
        name: str | None = None,
        branch: str = "main",
        allow_filter: bool = True,
    ) -> StudentRepo:
        return StudentRepo(
            tmp_path / "remotes" / (name or f"r{next(counter)}"), branch, allow_filter=allow_filter
        )

    return make


@pytest.fixture
def layout(tmp_path: Path) -> OutputLayout:
    return OutputLayout(tmp_path / "output")


@pytest.fixture
def fake_ssh(tmp_path: Path, monkeypatch) -> Iterator:
    """GIT_SSH_COMMAND that serves `ssh://fakehost/<abs path>` from local repos.

    mode file: "ok" (serve), "sleep" (hang), "fail-once" (one refused connection, then
    serve), "v0" (serve with the old protocol, which refuses requests for single objects).
    """
    state = tmp_path / "ssh-state"
    calls = tmp_path / "ssh-calls"
    script = write_script(
        tmp_path / "fake-ssh",
        f"""
        import os, subprocess, sys, time
        state = open({str(state)!r}).read().strip()
        with open({str(calls)!r}, "a") as fh:
            fh.write(" ".join(sys.argv[1:]) + "\\n")
        if state == "sleep":
            time.sleep(60)
            sys.exit(1)
        if state == "fail-once":
            open({str(state)!r}, "w").write("ok")
            sys.stderr.write("ssh: connect to host fakehost port 22: Connection refused\\n")
            sys.exit(255)
        env = dict(os.environ)
        if state == "v0":
            env.pop("GIT_PROTOCOL", None)
        sys.exit(subprocess.call(["sh", "-c", sys.argv[-1]], env=env))
        """,
    )
    monkeypatch.setenv("GIT_SSH_COMMAND", str(script))
    monkeypatch.setenv("GIT_SSH_VARIANT", "ssh")

    class Ssh:
        def set(self, mode: str) -> None:
            state.write_text(mode)

        def calls(self) -> list[str]:
            return calls.read_text().splitlines() if calls.exists() else []

        @staticmethod
        def url(repo: StudentRepo) -> str:
            return f"ssh://fakehost{repo.path}"

    ssh = Ssh()
    ssh.set("ok")
    yield ssh
