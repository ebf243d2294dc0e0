"""parse_github_repo: every remote form students paste, and everything that is not GitHub."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harvester.github import parse_github_repo
from harvester.github.urls import _RESERVED_OWNERS


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/dtu-mlops-g7/mlops_project",
        "https://github.com/dtu-mlops-g7/mlops_project.git",
        "https://github.com/dtu-mlops-g7/mlops_project/",
        "https://github.com/dtu-mlops-g7/mlops_project.git/",
        "http://github.com/dtu-mlops-g7/mlops_project",
        "https://www.github.com/dtu-mlops-g7/mlops_project",
        "https://x-access-token:ghp_secret@github.com/dtu-mlops-g7/mlops_project.git",
        "https://student@github.com/dtu-mlops-g7/mlops_project",
        "https://github.com/dtu-mlops-g7/mlops_project/tree/main/reports",
        "https://github.com/dtu-mlops-g7/mlops_project?tab=readme-ov-file#readme",
        "https://github.com./dtu-mlops-g7/mlops_project",
        "git@github.com:dtu-mlops-g7/mlops_project.git",
        "git@github.com:dtu-mlops-g7/mlops_project",
        "github.com:dtu-mlops-g7/mlops_project.git",
        "ssh://git@github.com/dtu-mlops-g7/mlops_project.git",
        "ssh://git@github.com:22/dtu-mlops-g7/mlops_project",
        "ssh://git@ssh.github.com:443/dtu-mlops-g7/mlops_project.git",
        "git://github.com/dtu-mlops-g7/mlops_project.git",
        "git+ssh://git@github.com/dtu-mlops-g7/mlops_project",
        "github.com/dtu-mlops-g7/mlops_project",
        "www.github.com/dtu-mlops-g7/mlops_project.git/",
        "  https://github.com/dtu-mlops-g7/mlops_project \n",
        "HTTPS://GITHUB.COM/dtu-mlops-g7/mlops_project",
    ],
)
def test_github_forms(url):
    assert parse_github_repo(url) == ("dtu-mlops-g7", "mlops_project")


def test_case_and_dots_are_kept():
    assert parse_github_repo("https://github.com/SkafteNicki/dtu_mlops") == (
        "SkafteNicki",
        "dtu_mlops",
    )
    assert parse_github_repo("git@github.com:a1/my.repo.v2.git") == ("a1", "my.repo.v2")


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "https://gitlab.com/dtu-mlops-g7/mlops_project",
        "https://github.com.evil.example/dtu-mlops-g7/mlops_project",
        "https://evilgithub.com/dtu-mlops-g7/mlops_project",
        "https://gist.github.com/someone/0123abcd",
        "https://api.github.com/repos/o/r",
        "https://github.com/dtu-mlops-g7",
        "https://github.com/",
        "https://github.com/orgs/dtu-mlops/repositories",
        "https://github.com/settings/tokens",
        "https://github.com/-bad/repo",
        "https://github.com/" + "a" * 40 + "/repo",
        "https://github.com/owner/..",
        "https://github.com/owner/re po",
        "https://github.com/owner/re%2Fpo",
        "https://github.com:notaport/owner/repo",
        "ftp://github.com/owner/repo",
        "file:///home/ta/github.com/owner/repo",
        "/home/ta/github.com/owner/repo",
        "./github.com/owner/repo",
        "~/github.com/owner/repo",
        "C:\\repos\\github.com\\owner\\repo",
        "owner/repo",
        "groups/07.bundle",
    ],
)
def test_not_github(url):
    assert parse_github_repo(url) is None


def test_non_string_is_not_github():
    assert parse_github_repo(None) is None  # type: ignore[arg-type]


def test_enterprise_hosts_only_when_named():
    url = "https://github.example.edu/course/group-3.git"
    assert parse_github_repo(url) is None
    assert parse_github_repo(url, hosts=["GitHub.Example.edu"]) == ("course", "group-3")
    assert parse_github_repo("git@github.example.edu:course/group-3", hosts=["github.example.edu"])


owners = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}", fullmatch=True).filter(
    lambda o: o.lower() not in _RESERVED_OWNERS
)
repos = st.from_regex(r"[A-Za-z0-9._-]{1,60}", fullmatch=True).filter(
    lambda r: r not in {".", ".."} and not r.lower().endswith(".git")
)


@given(owners, repos, st.sampled_from(["", ".git", "/", ".git/"]))
def test_every_form_round_trips(owner, repo, suffix):
    forms = [
        f"https://github.com/{owner}/{repo}{suffix}",
        f"https://www.github.com/{owner}/{repo}{suffix}",
        f"git@github.com:{owner}/{repo}{suffix}",
        f"ssh://git@github.com/{owner}/{repo}{suffix}",
        f"github.com/{owner}/{repo}{suffix}",
    ]
    for form in forms:
        assert parse_github_repo(form) == (owner, repo), form
