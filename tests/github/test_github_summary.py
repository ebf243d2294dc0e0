"""github_columns / github_warnings on facts collected from the fake server."""

from __future__ import annotations

from github_sample import DEADLINE, DEADLINE_SHA, TOKEN, cohort_repo

from harvester.github import (
    GITHUB_COLUMNS,
    api_url_from_env,
    collect_github_facts,
    github_columns,
    github_warnings,
)
from harvester.github.ratelimit import clock_time

URL = "https://github.com/dtu-mlops-g7/mlops_project"


def facts_for(client, sha=DEADLINE_SHA):
    return collect_github_facts(client, URL, deadline=DEADLINE, deadline_sha=sha)


def test_columns_and_warnings_of_a_busy_repository(fake, make_client):
    cohort_repo(fake)
    facts = facts_for(make_client(TOKEN))
    assert github_columns(facts) == {
        "gh_status": "ok",
        "gh_accessible": True,
        "gh_visibility": "public",
        "gh_archived": False,
        "gh_renamed_to": None,
        "gh_pushed_after_deadline": True,
        "gh_contributors": 130,
        "gh_prs_open": 50,
        "gh_prs_closed": 200,
        "gh_prs_merged": 150,
        "gh_actions_runs": 3,
        "gh_actions_success": 1,
        "gh_actions_failure": 1,
        "gh_actions": "failure 1, in_progress 1, success 1",
        "gh_late_pushes": 2,
        "gh_late_pushes_complete": True,
        "gh_latest_push": "2026-01-25T09:59:00Z",
        "gh_problems": None,
    }
    assert github_warnings(facts) == [
        {
            "kind": "github_push_after_deadline",
            "detail": "2 push(es) after the deadline, latest 2026-01-25T09:59:00Z"
            " (refs/heads/fix, refs/heads/main)",
        },
        {
            "kind": "github_actions_failed",
            "detail": "1 workflow run(s) failed on the deadline commit",
        },
    ]


def test_no_facts_gives_empty_columns_and_no_warnings():
    assert github_columns(None) == dict.fromkeys(GITHUB_COLUMNS)
    assert github_warnings(None) == []


def test_missing_repository_is_one_warning(fake, make_client):
    facts = facts_for(make_client(TOKEN))
    assert github_columns(facts)["gh_problems"] is None
    assert github_warnings(facts) == [
        {
            "kind": "github_inaccessible",
            "detail": "GitHub API: dtu-mlops-g7/mlops_project is not found",
        }
    ]


def test_renamed_archived_and_rate_limited(fake, make_client, clock):
    repo = cohort_repo(fake, "dtu-mlops-g7/final")
    repo.archived = True
    fake.rename("dtu-mlops-g7/mlops_project", repo)
    fake.remaining, fake.reset = 2, int(clock.now) + 1800
    facts = facts_for(make_client(TOKEN), sha=None)
    reason = f"rate limited until {clock_time(fake.reset + 1)}"
    kinds = [w["kind"] for w in github_warnings(facts)]
    assert kinds == [
        "github_renamed",
        "github_push_after_deadline",  # from pushed_at: the events were never read
        "github_archived",
        "github_incomplete",
    ]
    problems = github_columns(facts)["gh_problems"]
    assert problems == (
        f"contributors skipped ({reason}); pull_requests skipped ({reason});"
        f" pushes_after_deadline skipped ({reason})"
    )  # "actions: no deadline commit" is the fetcher's news, not a GitHub problem


def test_api_url_from_env():
    assert api_url_from_env({}) == "https://api.github.com"
    assert api_url_from_env({"GH_HOST": "github.com"}) == "https://api.github.com"
    assert api_url_from_env({"GH_HOST": "GitHub.Example.edu"}) == (
        "https://github.example.edu/api/v3"
    )
    env = {"GITHUB_API_URL": "https://ghe.example/api/v3/", "GH_HOST": "x"}
    assert api_url_from_env(env) == "https://ghe.example/api/v3"
