"""collect_github_facts against the fake GitHub server: every field, every failure mode."""

from __future__ import annotations

import json
import socket
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from github_fake_server import Scripted
from github_sample import DEADLINE, DEADLINE_SHA, NOW, OTHER_SHA, TOKEN, cohort_repo, z

from harvester.github import GitHubClient, collect_github_facts
from harvester.github.facts import EVENTS_NOTE, PULLS_SOURCE
from harvester.github.ratelimit import clock_time

REPO_URL = "https://github.com/dtu-mlops-g7/mlops_project.git"
AFTER = DEADLINE.astimezone(UTC)


def collect(client: GitHubClient, url: str = REPO_URL, sha: str | None = DEADLINE_SHA) -> dict:
    facts = collect_github_facts(client, url, deadline=DEADLINE, deadline_sha=sha)
    assert facts is not None
    json.dumps(facts)  # the snapshot stores it as JSON
    return facts


def test_every_fact_of_a_busy_group_repository(fake, make_client):
    cohort_repo(fake)
    facts = collect(make_client(TOKEN))

    assert facts["repo"] == "dtu-mlops-g7/mlops_project"
    assert facts["full_name"] == "dtu-mlops-g7/mlops_project"
    assert facts["html_url"] == "https://github.com/dtu-mlops-g7/mlops_project"
    assert (facts["status"], facts["accessible"], facts["renamed_to"]) == ("ok", True, None)
    assert facts["default_branch"] == "main"
    assert facts["visibility"] == "public"
    assert facts["archived"] is False
    assert facts["pushed_at"] == "2026-01-25T09:58:00Z"
    assert facts["pushed_after_deadline"] is True
    assert facts["deadline"] == "2026-01-24T23:59:00+01:00"
    assert facts["deadline_sha"] == DEADLINE_SHA
    assert facts["collected_at"] == "2026-01-26T10:00:00Z"

    # 130 contributors over two pages, in GitHub's order (most commits first).
    assert len(facts["contributors"]) == 130
    assert facts["contributors"][0] == {"login": "student000", "commits": 200}
    assert facts["contributors"][-1] == {"login": "student129", "commits": 71}

    # 250 PRs: every 5th open (50); 150 merged, 18 of them (among the first 30) after the deadline.
    assert facts["pull_requests"] == {
        "open": 50,
        "closed": 200,
        "merged": 150,
        "merged_by_deadline": 132,
        "total": 250,
        "source": PULLS_SOURCE,
        "truncated": False,
    }

    runs_url = "https://github.com/dtu-mlops-g7/mlops_project/actions/runs/"
    assert facts["actions"] == {
        "head_sha": DEADLINE_SHA,
        "total": 3,
        "by_conclusion": {"failure": 1, "in_progress": 1, "success": 1},
        "runs": [
            {
                "name": "Unit tests",
                "status": "completed",
                "conclusion": "success",
                "url": runs_url + "1",
                "event": "push",
                "created_at": "2026-01-24T22:40:00Z",
            },
            {
                "name": "Code linting",
                "status": "completed",
                "conclusion": "failure",
                "url": runs_url + "2",
                "event": "push",
                "created_at": "2026-01-24T22:40:00Z",
            },
            {
                "name": "Build docker image",
                "status": "in_progress",
                "conclusion": None,
                "url": runs_url + "3",
                "event": "push",
                "created_at": "2026-01-24T22:40:00Z",
            },
        ],
        "truncated": False,
    }

    # Two pushes after the deadline; the first events page already reaches before it, so the
    # walk stops there (100 events seen, the oldest 286 hours before the deadline).
    assert facts["pushes_after_deadline"] == {
        "count": 2,
        "latest": z(AFTER + timedelta(hours=11)),
        "pushes": [
            {
                "at": "2026-01-25T09:59:00Z",
                "ref": "refs/heads/main",
                "head": "c" * 40,
                "actor": "alice",
            },
            {
                "at": "2026-01-25T01:30:00Z",
                "ref": "refs/heads/fix",
                "head": "d" * 40,
                "actor": "bob",
            },
        ],
        "events_seen": 100,
        "oldest_event": z(AFTER - timedelta(hours=286)),
        "complete": True,
        "truncated": False,
        "note": EVENTS_NOTE,
    }
    assert facts["errors"] == []
    assert facts["skipped"] == {}
    # 8 counted calls: repo 1, contributors 2, pulls 3, runs 1, events 1; /rate_limit is free.
    assert facts["rate_limit"] == {
        "limit": 5000,
        "remaining": 4992,
        "reset": z(NOW + timedelta(hours=1)),
        "source": "GET /rate_limit",
    }
    base = "/repos/dtu-mlops-g7/mlops_project"
    assert fake.paths() == [
        base,
        *[base + "/contributors"] * 2,
        *[base + "/pulls"] * 3,
        base + "/actions/runs",
        base + "/events",
        "/rate_limit",
    ]
    first_pulls = fake.requests[3]["query"]
    assert first_pulls == {"state": "all", "per_page": "100"}
    assert fake.requests[6]["query"] == {"head_sha": DEADLINE_SHA, "per_page": "100"}
    assert all(r["headers"]["authorization"] == f"Bearer {TOKEN}" for r in fake.requests)
    assert all(r["headers"]["x-github-api-version"] == "2022-11-28" for r in fake.requests)


def test_not_a_github_url_gives_none_without_calling(fake, make_client):
    client = make_client()
    for url in ["https://gitlab.com/a/b.git", "/srv/repos/group7", "file:///tmp/x.bundle"]:
        assert collect_github_facts(client, url, deadline=DEADLINE, deadline_sha=None) is None
    assert fake.requests == []


def test_renamed_repository_follows_the_301_and_reports_the_new_name(fake, make_client):
    repo = cohort_repo(fake, "dtu-mlops-g7/mlops-final")
    fake.rename("dtu-mlops-g7/mlops_project", repo)
    facts = collect(make_client(TOKEN))
    assert facts["status"] == "renamed"
    assert facts["accessible"] is True
    assert facts["renamed_to"] == "dtu-mlops-g7/mlops-final"
    assert facts["full_name"] == "dtu-mlops-g7/mlops-final"
    assert facts["repo"] == "dtu-mlops-g7/mlops_project"
    assert len(facts["contributors"]) == 130
    assert facts["pull_requests"]["total"] == 250
    assert facts["errors"] == []
    assert fake.paths()[:2] == ["/repos/dtu-mlops-g7/mlops_project", "/repositories/1000"]
    assert fake.paths()[2] == "/repos/dtu-mlops-g7/mlops-final/contributors"


def test_missing_repository_is_not_found_and_nothing_else_is_called(fake, make_client):
    facts = collect(make_client())
    assert facts["status"] == "not_found"
    assert facts["accessible"] is False
    assert facts["errors"] == [
        {
            "endpoint": "repository",
            "status": 404,
            "message": "HTTP 404: Not Found"
            " (a private repository also answers 404 without a token)",
        }
    ]
    reason = "repository not_found"
    assert facts["skipped"] == {
        k: reason for k in ("contributors", "pull_requests", "actions", "pushes_after_deadline")
    }
    assert facts["contributors"] is None and facts["actions"] is None
    assert facts["rate_limit"]["remaining"] == 4999
    assert fake.paths() == ["/repos/dtu-mlops-g7/mlops_project", "/rate_limit"]


def test_private_repository_needs_the_token(fake, make_client):
    cohort_repo(fake).visibility = "private"
    anonymous = collect(make_client())
    assert (anonymous["status"], anonymous["accessible"]) == ("not_found", False)
    with_token = collect(make_client(TOKEN))
    assert (with_token["status"], with_token["accessible"]) == ("ok", True)
    assert with_token["visibility"] == "private"


def test_forbidden_repository_is_not_mistaken_for_a_rate_limit(fake, make_client, clock):
    cohort_repo(fake).forbidden = True
    facts = collect(make_client(TOKEN))
    assert (facts["status"], facts["accessible"]) == ("forbidden", False)
    assert facts["errors"][0]["status"] == 403
    assert "SAML" in facts["errors"][0]["message"]
    assert facts["skipped"]["contributors"] == "repository forbidden"
    assert clock.sleeps == []


def test_wrong_token_is_unauthorized_and_said_once(fake, make_client):
    cohort_repo(fake)
    client = make_client("ghp_expired000000000000000000000000000000")
    facts = collect(client)
    collect(client)
    assert (facts["status"], facts["accessible"]) == ("unauthorized", False)
    assert make_client.notices == ["GitHub rejected the token (401); check GH_TOKEN"]


def test_empty_repository_has_no_contributors(fake, make_client):
    fake.add_repo("dtu-mlops-g7/mlops_project")
    facts = collect(make_client(TOKEN))
    assert facts["contributors"] == []
    assert facts["pull_requests"]["total"] == 0
    assert facts["actions"]["total"] == 0
    assert facts["pushes_after_deadline"]["count"] == 0
    assert facts["pushes_after_deadline"]["complete"] is True  # deadline within the 90 days
    assert facts["errors"] == []


def test_without_a_deadline_commit_actions_are_skipped(fake, make_client):
    cohort_repo(fake)
    facts = collect(make_client(TOKEN), sha=None)
    assert facts["actions"] is None
    assert facts["skipped"] == {"actions": "no deadline commit"}
    assert "/repos/dtu-mlops-g7/mlops_project/actions/runs" not in fake.paths()


def test_runs_of_other_commits_are_not_counted(fake, make_client):
    cohort_repo(fake)
    facts = collect(make_client(TOKEN), sha=OTHER_SHA)
    assert facts["actions"]["by_conclusion"] == {"success": 2}


# --- rate limits -------------------------------------------------------------------------------


def test_primary_limit_with_reset_soon_waits_then_completes(fake, make_client, clock):
    cohort_repo(fake)
    fake.remaining, fake.reset = 0, int(clock.now) + 20
    facts = collect(make_client(TOKEN))
    assert clock.sleeps == [21.0]  # until the reset, plus a second of clock margin
    assert make_client.notices == ["GitHub API rate limit hit; waiting 21 s"]
    assert facts["status"] == "ok"
    assert facts["skipped"] == {} and facts["errors"] == []
    assert len(facts["contributors"]) == 130


def test_quota_used_up_by_a_success_waits_before_the_next_call(fake, make_client, clock):
    cohort_repo(fake)
    fake.remaining, fake.reset = 2, int(clock.now) + 30
    facts = collect(make_client(TOKEN))
    # repo + first contributors page spend the quota; the client waits instead of a 403.
    assert clock.sleeps == [31.0]
    assert make_client.notices == ["GitHub API quota used up; waiting 31 s for it to reset"]
    assert len(facts["contributors"]) == 130
    assert facts["errors"] == []
    assert 403 not in [r["status"] for r in fake.requests]  # no call was wasted on a refusal


def test_primary_limit_far_away_degrades_with_one_notice(fake, make_client, clock):
    cohort_repo(fake)
    fake.remaining, fake.reset = 1, int(clock.now) + 1800
    client = make_client()
    first = collect(client)
    until = clock_time(fake.reset + 1)
    reason = f"rate limited until {until}"
    assert first["status"] == "ok" and first["default_branch"] == "main"
    assert first["skipped"] == {
        k: reason for k in ("contributors", "pull_requests", "actions", "pushes_after_deadline")
    }
    assert first["contributors"] is None
    assert first["rate_limit"] == {
        "limit": 5000,
        "remaining": 0,
        "reset": z(datetime.fromtimestamp(fake.reset, UTC)),
        "source": "response headers",
    }
    second = collect(client, "git@github.com:dtu-mlops-g7/other.git")
    assert second["status"] == "rate_limited" and second["accessible"] is None
    assert second["skipped"]["repository"] == reason
    assert clock.sleeps == []
    assert fake.paths() == ["/repos/dtu-mlops-g7/mlops_project"]  # nothing after the block
    assert len(make_client.notices) == 1
    assert reason in make_client.notices[0]
    assert "Set GH_TOKEN" in make_client.notices[0]


def test_rate_limited_on_the_first_call_is_rate_limited_status(fake, make_client, clock):
    cohort_repo(fake)
    fake.remaining, fake.reset = 0, int(clock.now) + 900
    facts = collect(make_client(TOKEN, max_wait=60))
    assert facts["status"] == "rate_limited"
    assert facts["accessible"] is None
    assert set(facts["skipped"]) == {
        "repository",
        "contributors",
        "pull_requests",
        "actions",
        "pushes_after_deadline",
    }
    assert "Set GH_TOKEN" not in make_client.notices[0]  # already authenticated


def test_block_lifts_after_the_reset_time(fake, make_client, clock):
    cohort_repo(fake)
    fake.remaining, fake.reset = 0, int(clock.now) + 900
    client = make_client(TOKEN)
    assert collect(client)["status"] == "rate_limited"
    clock.now += 901  # the TA re-runs a quarter of an hour later with the same process
    later = collect(client)
    assert later["status"] == "ok" and later["skipped"] == {}


def test_secondary_limit_with_retry_after_waits(fake, make_client, clock):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/contributors"
    fake.script(path, Scripted(429, {"message": "secondary rate limit"}, {"retry-after": "7"}))
    facts = collect(make_client(TOKEN))
    assert clock.sleeps == [7.0]
    assert len(facts["contributors"]) == 130 and facts["errors"] == []


def test_secondary_limit_without_retry_after_waits_a_minute(fake, make_client, clock):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/pulls"
    message = "You have exceeded a secondary rate limit. Please wait a few minutes."
    fake.script(path, Scripted(403, {"message": message}))
    facts = collect(make_client(TOKEN))
    assert clock.sleeps == [60.0]
    assert facts["pull_requests"]["total"] == 250


def test_secondary_limit_too_long_degrades(fake, make_client, clock):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/pulls"
    fake.script(path, Scripted(429, {"message": "slow down"}, {"retry-after": "600"}))
    facts = collect(make_client(TOKEN))
    reason = f"rate limited until {clock_time(clock.now + 600)}"
    assert facts["skipped"] == {
        "pull_requests": reason,
        "actions": reason,
        "pushes_after_deadline": reason,
    }
    assert len(facts["contributors"]) == 130  # collected before the limit: kept
    assert clock.sleeps == []


# --- server and network failures --------------------------------------------------------------


def test_502_then_success_is_retried_with_backoff(fake, make_client, clock):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/contributors"
    fake.script(path, Scripted(502, {"message": "Server Error"}), Scripted(502))
    facts = collect(make_client(TOKEN))
    assert clock.sleeps == [1.0, 2.0]
    assert len(facts["contributors"]) == 130
    assert facts["errors"] == []


def test_one_endpoint_failing_for_good_loses_only_itself(fake, make_client, clock):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/pulls"
    fake.script(path, *[Scripted(503)] * 4)
    facts = collect(make_client(TOKEN))
    assert facts["errors"] == [
        {"endpoint": "pull_requests", "status": 503, "message": "HTTP 503 after 4 attempts"}
    ]
    assert facts["pull_requests"] is None
    assert clock.sleeps == [1.0, 2.0, 4.0]
    assert len(facts["contributors"]) == 130
    assert facts["actions"]["total"] == 3
    assert facts["pushes_after_deadline"]["count"] == 2


def test_repository_endpoint_down_still_tries_the_others(fake, make_client):
    cohort_repo(fake)
    fake.script("/repos/dtu-mlops-g7/mlops_project", *[Scripted(500)] * 4)
    facts = collect(make_client(TOKEN))
    assert facts["status"] == "error" and facts["accessible"] is None
    assert facts["errors"][0]["endpoint"] == "repository"
    assert facts["default_branch"] is None
    assert facts["pull_requests"]["total"] == 250


def test_timeout_is_retried(fake, make_client, clock):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/events"
    fake.script(path, Scripted(200, [], delay=1.2))
    facts = collect(make_client(TOKEN, timeout=0.4))
    assert clock.sleeps == [1.0]
    assert facts["pushes_after_deadline"]["count"] == 2
    assert facts["errors"] == []


def test_persistent_timeout_becomes_an_error_of_that_endpoint(fake, make_client):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/events"
    fake.script(path, *[Scripted(200, [], delay=1.2)] * 2)
    facts = collect(make_client(TOKEN, timeout=0.4, max_retries=1))
    assert facts["pushes_after_deadline"] is None
    [error] = facts["errors"]
    assert error["endpoint"] == "pushes_after_deadline" and error["status"] is None
    assert error["message"].startswith("request timed out after 2 attempts")
    assert facts["rate_limit"]["source"] == "GET /rate_limit"  # the client still works after


def test_unreachable_api_stops_calling_and_says_so_once(make_client, clock):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = make_client(TOKEN, base_url=f"http://127.0.0.1:{port}")
    first = collect(client)
    second = collect(client, "https://github.com/dtu-mlops-g7/other")
    assert first["status"] == "error" and first["accessible"] is None
    [error] = first["errors"]
    assert error["endpoint"] == "repository"
    assert error["message"].startswith("request failed after 4 attempts")
    assert first["skipped"] == {
        "contributors": "GitHub API unreachable",
        "pull_requests": "GitHub API unreachable",
        "actions": "GitHub API unreachable",
        "pushes_after_deadline": "GitHub API unreachable",
    }
    assert first["rate_limit"] is None
    assert second["status"] == "unreachable" and len(second["skipped"]) == 5
    assert clock.sleeps == [1.0, 2.0, 4.0]  # one request's retries, then no more calls
    assert len(make_client.notices) == 1 and "unreachable" in make_client.notices[0]


def test_timeouts_on_two_requests_in_a_row_mean_unreachable(fake, make_client):
    cohort_repo(fake)
    base = "/repos/dtu-mlops-g7/mlops_project"
    fake.script(base, Scripted(200, {}, delay=1.2))
    fake.script(base + "/contributors", Scripted(200, [], delay=1.2))
    facts = collect(make_client(TOKEN, timeout=0.4, max_retries=0))
    assert [e["endpoint"] for e in facts["errors"]] == ["repository", "contributors"]
    assert facts["skipped"]["pull_requests"] == "GitHub API unreachable"


def test_malformed_answer_is_an_error_not_a_crash(fake, make_client):
    cohort_repo(fake)
    path = "/repos/dtu-mlops-g7/mlops_project/contributors"
    fake.script(path, Scripted(200, {"oops": "not a list"}))
    fake.script("/repos/dtu-mlops-g7/mlops_project/events", Scripted(200, [{"type": 1}, "x"]))
    facts = collect(make_client(TOKEN))
    assert facts["errors"] == [
        {"endpoint": "contributors", "status": 200, "message": "unexpected response: not a list"}
    ]
    assert facts["pushes_after_deadline"]["count"] == 0
    assert facts["pull_requests"]["total"] == 250


# --- secrets and threads -----------------------------------------------------------------------


def test_token_never_appears_in_any_output(fake, make_client, clock, caplog):
    caplog.set_level("DEBUG")
    cohort_repo(fake)
    fake.echo_auth = True  # a hostile server that quotes the Authorization header back
    fake.remaining, fake.reset = 3, int(clock.now) + 3000
    client = make_client(TOKEN)
    url = f"https://x-access-token:{TOKEN}@github.com/dtu-mlops-g7/gone.git"
    outputs = [collect(client, url), collect(client, f"https://{TOKEN}@github.com/a/b")]
    exceptions = []
    for path in ["/repos/a/b", "/nope"]:
        try:
            client.get_all(path)
        except Exception as exc:  # noqa: BLE001 - we inspect every kind
            exceptions.append(f"{exc!s} {exc!r} {exc.args}")
    text = json.dumps(outputs) + repr(client) + "".join(make_client.notices)
    text += "".join(exceptions) + caplog.text + str(vars(client))
    assert "you sent Bearer <redacted>" in json.dumps(outputs)  # the echo reached us, scrubbed
    assert make_client.notices and exceptions
    assert TOKEN not in text
    assert TOKEN[4:20] not in text


def test_one_client_shared_by_worker_threads(fake, make_client):
    names = [f"dtu-mlops-g{i}/project" for i in range(8)]
    for name in names:
        cohort_repo(fake, name)
    client = make_client(TOKEN)
    urls = [f"https://github.com/{name}" for name in names]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda u: collect(client, u), urls))
    sequential = [collect(make_client(TOKEN), u) for u in urls]
    for a, b in zip(parallel, sequential, strict=True):
        a.pop("rate_limit"), b.pop("rate_limit")
        assert a == b
        assert a["errors"] == [] and len(a["contributors"]) == 130
