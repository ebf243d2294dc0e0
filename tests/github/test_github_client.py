"""GitHubClient on httpx.MockTransport: headers, token handling, pagination and retry limits,
plus the pure rate-limit and summary functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from github_sample import DEADLINE, NOW, TOKEN

from harvester.github import GitHubClient, GitHubError, RateLimitedError, token_from_env
from harvester.github.facts import (
    collect_github_facts,
    repository_fields,
    summarize_pulls,
    summarize_pushes,
    summarize_runs,
)
from harvester.github.ratelimit import parse_retry_after, rate_limit_wait

T0 = NOW.timestamp()


class Recorder:
    """A MockTransport handler from a function; remembers every request it saw."""

    def __init__(self, answer):
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)


def client_for(answer, token=None, **kwargs):
    recorder = Recorder(answer)
    sleeps: list[float] = []
    options = {"clock": lambda: T0, "sleep": sleeps.append, **kwargs}
    client = GitHubClient(token, transport=httpx.MockTransport(recorder), **options)
    return client, recorder, sleeps


# --- token and headers -------------------------------------------------------------------------


def test_token_from_env_prefers_gh_token():
    assert token_from_env({"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}) == "a"
    assert token_from_env({"GITHUB_TOKEN": " b\n"}) == "b"
    assert token_from_env({"GH_TOKEN": "  ", "GITHUB_TOKEN": "b"}) == "b"
    assert token_from_env({}) is None
    assert token_from_env({"GH_TOKEN": ""}) is None


def test_headers_with_and_without_token():
    def ok(request):
        return httpx.Response(200, json={})

    anonymous, seen, _ = client_for(ok)
    authed, seen_authed, _ = client_for(ok, token=TOKEN)
    anonymous.get("/rate_limit")
    authed.get("/rate_limit")
    assert "authorization" not in seen.requests[0].headers
    assert seen_authed.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    for request in seen.requests + seen_authed.requests:
        assert request.headers["accept"] == "application/vnd.github+json"
        assert request.headers["x-github-api-version"] == "2022-11-28"
        assert request.headers["user-agent"].startswith("harvester/")
        assert str(request.url) == "https://api.github.com/rate_limit"
    assert anonymous.authenticated is False and authed.authenticated is True


def test_repr_and_bad_token_never_show_it():
    client = GitHubClient(TOKEN)
    assert repr(client) == "GitHubClient(base_url='https://api.github.com', auth=token)"
    assert TOKEN not in repr(vars(client))
    with pytest.raises(ValueError) as info:
        GitHubClient("ghp_with space")
    assert "ghp_with" not in str(info.value)
    with pytest.raises(ValueError):
        GitHubClient("ghp_ÿ")


def test_enterprise_base_url_and_hosts():
    def repo(request):
        return httpx.Response(404, json={"message": "Not Found"})

    client, seen, _ = client_for(repo, base_url="https://github.example.edu/api/v3/")
    assert client.web_hosts == {"github.com", "github.example.edu"}
    facts = collect_github_facts(
        client, "git@github.example.edu:course/g3.git", deadline=DEADLINE, deadline_sha=None
    )
    assert facts is not None and facts["status"] == "not_found"
    assert str(seen.requests[0].url) == "https://github.example.edu/api/v3/repos/course/g3"


# --- redirects and pagination stay at home -----------------------------------------------------


def test_redirect_to_another_host_is_refused():
    def moved(request):
        return httpx.Response(301, headers={"location": "https://evil.example/repos/a/b"})

    client, seen, _ = client_for(moved, token=TOKEN)
    with pytest.raises(GitHubError, match="redirect to another host refused"):
        client.get("/repos/a/b")
    assert [r.url.host for r in seen.requests] == ["api.github.com"]


def test_pagination_link_to_another_host_is_refused():
    def page(request):
        return httpx.Response(
            200, json=[1, 2], headers={"link": '<https://evil.example/x?page=2>; rel="next"'}
        )

    client, seen, _ = client_for(page, token=TOKEN)
    with pytest.raises(GitHubError, match="pagination link to another host"):
        client.get_all("/repos/a/b/contributors")
    assert len(seen.requests) == 1


def test_endless_pagination_stops_at_the_page_cap():
    def page(request):
        n = int(request.url.params.get("page", 1))
        link = f'<https://api.github.com/items?per_page=100&page={n + 1}>; rel="next"'
        return httpx.Response(200, json=[n], headers={"link": link})

    client, seen, _ = client_for(page, max_pages=3)
    paged = client.get_all("/items")
    assert (paged.items, paged.pages, paged.truncated) == ([1, 2, 3], 3, True)
    assert seen.requests[0].url.params["per_page"] == "100"


def test_pagination_limit_422_keeps_what_was_read():
    def page(request):
        n = int(request.url.params.get("page", 1))
        if n == 3:
            return httpx.Response(422, json={"message": "pagination is limited"})
        link = f'<https://api.github.com/events?page={n + 1}>; rel="next"'
        return httpx.Response(200, json=[n], headers={"link": link})

    client, _, _ = client_for(page)
    paged = client.get_all("/events")
    assert (paged.items, paged.truncated) == ([1, 2], True)


def test_listing_error_on_the_first_page_raises_with_github_message():
    def gone(request):
        return httpx.Response(410, json={"message": "Issues are disabled"})

    client, _, _ = client_for(gone)
    with pytest.raises(GitHubError, match="HTTP 410: Issues are disabled") as info:
        client.get_all("/repos/a/b/issues")
    assert info.value.status == 410


# --- retries -----------------------------------------------------------------------------------


def test_server_errors_are_retried_a_bounded_number_of_times():
    client, seen, sleeps = client_for(lambda r: httpx.Response(500), max_retries=3)
    with pytest.raises(GitHubError, match="HTTP 500 after 4 attempts") as info:
        client.get("/repos/a/b")
    assert info.value.status == 500
    assert len(seen.requests) == 4
    assert sleeps == [1.0, 2.0, 4.0]


def test_retry_after_on_503_is_honoured_in_both_forms():
    answers = [
        httpx.Response(503, headers={"retry-after": "5"}),
        httpx.Response(503, headers={"retry-after": format_datetime(NOW + timedelta(seconds=9))}),
        httpx.Response(200, json={"ok": True}),
    ]
    client, _, sleeps = client_for(lambda r: answers.pop(0))
    assert client.get("/x").data == {"ok": True}
    assert sleeps == [5.0, 9.0]


def test_transport_errors_are_retried_then_succeed():
    failures = [httpx.ConnectError("refused"), httpx.ReadTimeout("slow")]

    def flaky(request):
        if failures:
            raise failures.pop(0)
        return httpx.Response(200, json=[])

    client, seen, sleeps = client_for(flaky)
    assert client.get("/x").status == 200
    assert len(seen.requests) == 3 and sleeps == [1.0, 2.0]


def test_rate_limit_that_never_ends_is_not_a_loop():
    def limited(request):
        return httpx.Response(429, headers={"retry-after": "10"})

    client, seen, sleeps = client_for(limited)
    with pytest.raises(RateLimitedError):
        client.get("/x")
    assert sleeps == [10.0] * 3 and len(seen.requests) == 4


def test_rate_limit_without_on_notice_still_degrades():
    reset = int(T0) + 3600
    headers = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)}
    client, _, sleeps = client_for(lambda r: httpx.Response(403, headers=headers))
    with pytest.raises(RateLimitedError) as info:
        client.get("/x")
    assert info.value.until == reset + 1
    assert info.value.reason.startswith("rate limited until ")
    assert client.blocked_reason() == info.value.reason
    assert sleeps == []


# --- pure rate-limit reading -------------------------------------------------------------------


def test_rate_limit_wait_reads_github_signals():
    now = 1_000_000.0
    reset = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000030"}
    assert rate_limit_wait(403, reset, "API rate limit exceeded", now) == 31.0
    assert rate_limit_wait(429, reset, "", now) == 31.0
    assert rate_limit_wait(403, {"retry-after": "12", **reset}, "", now) == 12.0
    assert rate_limit_wait(429, {}, "", now) == 60.0
    assert rate_limit_wait(403, {}, "You have exceeded a secondary rate limit", now) == 60.0
    assert (
        rate_limit_wait(403, {"x-ratelimit-remaining": "12"}, "Must have admin rights", now) is None
    )
    assert rate_limit_wait(404, reset, "", now) is None
    stale = {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "999000"}
    assert rate_limit_wait(403, stale, "", now) == 1.0  # reset already passed: just retry


def test_parse_retry_after():
    now = datetime(2026, 1, 25, tzinfo=UTC).timestamp()
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after("Sun, 25 Jan 2026 00:00:30 GMT", now) == 30.0
    assert parse_retry_after("Sat, 24 Jan 2026 23:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon", now) is None
    assert parse_retry_after(None, now) is None


# --- pure summaries ----------------------------------------------------------------------------

D = DEADLINE.astimezone(UTC)


def _push(at: datetime) -> dict:
    return {"type": "PushEvent", "created_at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "payload": {}}


def test_pushes_when_the_deadline_is_older_than_the_events_window():
    now = D + timedelta(days=120)
    events = [_push(now - timedelta(days=d)) for d in (1, 30, 80)]
    summary = summarize_pushes(events, DEADLINE, now)
    assert summary["count"] == 3
    assert summary["complete"] is False  # nothing seen from before the deadline, 90 days max
    assert summary["latest"] == (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_pushes_truncated_listing_is_not_complete():
    events = [_push(D + timedelta(hours=h)) for h in (3, 2, 1)]
    assert summarize_pushes(events, DEADLINE, NOW, truncated=True)["complete"] is False
    assert summarize_pushes(events, DEADLINE, NOW)["complete"] is True


def test_pushes_before_the_deadline_even_happened():
    early = D - timedelta(days=2)
    summary = summarize_pushes([_push(early - timedelta(hours=1))], DEADLINE, early)
    assert (summary["count"], summary["complete"], summary["latest"]) == (0, True, None)


def test_runs_summary_skips_other_commits_and_odd_entries():
    runs = [
        {"head_sha": "ABC", "status": "completed", "conclusion": "cancelled", "name": "ci"},
        {"head_sha": "other", "status": "completed", "conclusion": "success"},
        {"status": None, "conclusion": None},
        "garbage",
    ]
    summary = summarize_runs(runs, "abc")
    assert summary["total"] == 2
    assert summary["by_conclusion"] == {"cancelled": 1, "unknown": 1}


def test_pulls_summary_tolerates_odd_entries():
    pulls = [
        {"state": "closed", "merged_at": "not a time"},
        {"state": "closed", "merged_at": "2026-01-24T22:58:59Z"},
        {"state": "closed", "merged_at": "2026-01-24T22:59:01Z"},
        None,
    ]
    summary = summarize_pulls(pulls, DEADLINE)
    assert (summary["closed"], summary["merged"], summary["merged_by_deadline"]) == (3, 3, 1)
    assert summary["total"] == 3


def test_repository_fields_visibility_fallback_and_case_insensitive_names():
    fields = repository_fields({"full_name": "Owner/Repo", "private": True}, "owner/repo", DEADLINE)
    assert fields["visibility"] == "private"
    assert (fields["status"], fields["renamed_to"]) == ("ok", None)
    assert fields["pushed_at"] is None and fields["pushed_after_deadline"] is None
    assert fields["archived"] is False


def test_a_failing_notice_printer_loses_nothing():
    def broken(message):
        raise OSError("stdout closed")

    answers = [httpx.Response(429, headers={"retry-after": "3"}), httpx.Response(200, json=[7])]
    client, _, sleeps = client_for(lambda r: answers.pop(0), on_notice=broken)
    assert client.get_all("/x").items == [7]
    assert sleeps == [3.0]


def test_credentials_in_base_url_are_dropped():
    client = GitHubClient(base_url="https://user:hunter2@github.example.edu/api/v3")
    assert client.base_url == "https://github.example.edu/api/v3"
    assert "hunter2" not in repr(client)


def test_odd_full_name_from_the_server_is_not_used_in_paths():
    for odd in ["a/b/../../rate_limit", "a", None, "a/b.git"]:
        fields = repository_fields({"full_name": odd}, "owner/repo", DEADLINE)
        assert (fields["full_name"], fields["status"]) == ("owner/repo", "ok")


def test_odd_status_of_the_repository_still_tries_the_other_facts():
    def answer(request):
        if request.url.path == "/repos/o/r":
            return httpx.Response(200, text="<html>proxy login</html>")
        return httpx.Response(200, json=[])

    client, seen, _ = client_for(answer)
    facts = collect_github_facts(
        client, "https://github.com/o/r", deadline=DEADLINE, deadline_sha="ab"
    )
    assert facts["status"] == "error" and facts["accessible"] is None
    assert facts["errors"] == [{"endpoint": "repository", "status": 200, "message": "HTTP 200"}]
    assert facts["contributors"] == [] and facts["pull_requests"]["total"] == 0
