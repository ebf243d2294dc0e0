"""An unreachable repository is explained in one plain sentence first, git's own words after."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest

from harvester.fetch import fetch_group
from harvester.fetch.gitops import clip, explain_error
from harvester.fetch.pool import SUMMARY_ERROR_CHARS, summarize

from .helpers import BEFORE, DEADLINE, FAST, REPORT, group


def test_a_missing_repository_reads_as_not_found_with_gits_fatal_line(tmp_path, layout):
    url = str(tmp_path / "nowhere")
    snap = fetch_group(group(url), DEADLINE, layout, options=FAST)
    assert snap["status"] == "unreachable"
    assert snap["error"] == (
        f"repository not found or not accessible: {url} "
        f"(git ls-remote: fatal: '{url}' does not appear to be a git repository)"
    )


def test_a_closed_port_reads_as_network_unreachable(layout):
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/group.git"
    snap = fetch_group(group(url), DEADLINE, layout, options=FAST)
    assert snap["status"] == "unreachable"
    assert snap["error"].startswith(
        f"network unreachable: could not connect to the server: {url} "
        f"(git ls-remote: fatal: unable to access '{url}/': "
    )


def test_a_hanging_server_reads_as_timed_out_after_n_seconds(repo_factory, layout, fake_ssh):
    repo = repo_factory()
    repo.commit({"reports/README.md": REPORT}, BEFORE)
    fake_ssh.set("sleep")
    url = fake_ssh.url(repo)
    snap = fetch_group(group(url), DEADLINE, layout, options=replace(FAST, timeout=1.0))
    assert snap["status"] == "unreachable"
    assert snap["error"] == f"timed out after 1 s: {url} (git ls-remote: no answer)"


@pytest.mark.parametrize(
    ("stderr", "reason", "words"),
    [
        (
            "fatal: unable to access 'https://git.example.invalid/a.git/': Could not resolve "
            "host: git.example.invalid\n",
            "network unreachable: could not resolve host",
            "fatal: unable to access 'https://git.example.invalid/a.git/': Could not resolve "
            "host: git.example.invalid",
        ),
        (
            "fatal: could not read Username for 'https://github.com': terminal prompts disabled\n",
            "authentication required (credentials missing or refused)",
            "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
        ),
        (  # GitHub over ssh: the telling line is not the fatal one, both are kept
            "ERROR: Repository not found.\nfatal: Could not read from remote repository.\n\n"
            "Please make sure you have the correct access rights\nand the repository exists.\n",
            "repository not found or not accessible",
            "ERROR: Repository not found. | fatal: Could not read from remote repository.",
        ),
        (
            "error: RPC failed; HTTP 500 curl 22 The requested URL returned error: 500\n"
            "fatal: expected 'packfile'\n",
            "the server failed (HTTP 5xx)",
            "error: RPC failed; HTTP 500 curl 22 The requested URL returned error: 500 | "
            "fatal: expected 'packfile'",
        ),
        (
            "git: 'remote-foo' is not a git command. See 'git --help'.\n",
            "unsupported URL scheme",
            "git: 'remote-foo' is not a git command. See 'git --help'.",
        ),
    ],
)
def test_gits_text_is_explained(stderr, reason, words):
    assert explain_error(stderr) == (reason, words)


def test_unknown_text_is_not_explained():
    assert explain_error("fatal: something nobody has seen before\n") is None


def test_clip_cuts_at_a_word_boundary_with_an_ellipsis():
    assert clip("short enough", 20) == "short enough"
    assert clip("Please make sure you have the correct access rights", 24) == (
        "Please make sure you…"
    )
    # One long word (a path) is cut inside it rather than dropped.
    assert clip("x" * 50, 10) == "x" * 9 + "…"


def test_the_console_summary_cuts_a_long_error_at_a_word_boundary():
    error = "repository not found or not accessible: " + " ".join(["word"] * 80)
    text = summarize([{"group": "9", "status": "unreachable", "error": error}], 1.0)
    line = text.splitlines()[-1]
    assert line.startswith("  group 9: unreachable - repository not found or not accessible: ")
    shown = line.split(" - ", 1)[1]
    assert shown.endswith("word…") and len(shown) <= SUMMARY_ERROR_CHARS
    assert error.startswith(shown[:-1] + " ")  # cut between two words, not inside one
