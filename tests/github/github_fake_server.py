"""A fake GitHub REST API on 127.0.0.1 (http.server in a thread) for the client's tests.

It implements what the harvester calls, the way GitHub behaves: `Link` pagination with
per_page/page, `pulls` defaulting to state=open, `actions/runs?head_sha=` inside a
`workflow_runs` wrapper, events newest first and capped at 300, 204 for an empty contributor
list, 301 to `/repositories/{id}` for a renamed repo, 404 for a private repo without a token,
x-ratelimit-* headers on every answer and a primary rate limit that refills at its reset time
on the shared fake clock. `script()` queues one-off answers (502, 429, slow responses...).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit


class FakeClock:
    """Wall clock for client and server alike; sleeping only moves it forward."""

    def __init__(self, start: float):
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds


@dataclass
class Scripted:
    """A one-off answer; `delay` is real seconds (for timeouts)."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    rate_headers: bool = True


@dataclass
class FakeRepo:
    id: int
    full_name: str
    visibility: str = "public"
    archived: bool = False
    default_branch: str = "main"
    pushed_at: str = "2026-01-24T21:00:00Z"
    contributors: list[dict[str, Any]] = field(default_factory=list)
    pulls: list[dict[str, Any]] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # newest first
    forbidden: bool = False

    def meta(self, base: str) -> dict[str, Any]:
        owner = self.full_name.split("/")[0]
        return {
            "id": self.id,
            "name": self.full_name.split("/")[1],
            "full_name": self.full_name,
            "owner": {"login": owner},
            "private": self.visibility != "public",
            "visibility": self.visibility,
            "archived": self.archived,
            "default_branch": self.default_branch,
            "pushed_at": self.pushed_at,
            "html_url": f"https://github.com/{self.full_name}",
            "url": f"{base}/repos/{self.full_name}",
        }


class FakeGitHub:
    def __init__(self, clock: FakeClock, token: str | None = None, limit: int = 5000):
        self.clock = clock
        self.token = token
        self.repos: dict[str, FakeRepo] = {}
        self.renamed: dict[str, int] = {}
        self.scripts: dict[str, list[Scripted]] = {}
        self.requests: list[dict[str, Any]] = []
        self.limit = limit
        self.remaining = limit
        self.reset = int(clock.now) + 3600
        self.echo_auth = False
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- set-up --------------------------------------------------------------------------------

    def add_repo(self, full_name: str, **kwargs: Any) -> FakeRepo:
        repo = FakeRepo(id=1000 + len(self.repos), full_name=full_name, **kwargs)
        self.repos[full_name.lower()] = repo
        return repo

    def rename(self, old: str, repo: FakeRepo) -> None:
        self.renamed[old.lower()] = repo.id

    def script(self, path: str, *answers: Scripted) -> None:
        self.scripts.setdefault(path, []).extend(answers)

    def start(self) -> FakeGitHub:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

    # --- answering -----------------------------------------------------------------------------

    def answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Scripted:
        with self._lock:
            self.requests.append({"path": path, "query": query, "headers": headers})
            answer = self._answer(path, query, headers)
            self.requests[-1]["status"] = answer.status
            return answer

    def _answer(self, path: str, query: dict[str, str], headers: dict[str, str]) -> Scripted:
        queue = self.scripts.get(path)
        if queue:
            return queue.pop(0)
        auth = headers.get("authorization")
        if auth is not None and auth != f"Bearer {self.token}":
            return Scripted(401, {"message": "Bad credentials"})
        if path == "/rate_limit":
            return Scripted(200, self._rate_body())
        if self.clock.now >= self.reset:
            self.remaining, self.reset = self.limit, int(self.clock.now) + 3600
        if self.remaining <= 0:
            return Scripted(403, {"message": "API rate limit exceeded for 127.0.0.1."})
        self.remaining -= 1
        return self._route(path, query, authed=auth is not None)

    def rate_headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(max(self.remaining, 0)),
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-used": str(self.limit - max(self.remaining, 0)),
            "x-ratelimit-resource": "core",
        }

    def _rate_body(self) -> dict[str, Any]:
        core = {
            "limit": self.limit,
            "remaining": max(self.remaining, 0),
            "reset": self.reset,
            "used": self.limit - max(self.remaining, 0),
        }
        return {"resources": {"core": core}, "rate": core}

    def _route(self, path: str, query: dict[str, str], authed: bool) -> Scripted:
        parts = path.strip("/").split("/")
        if parts[0] == "repositories" and len(parts) >= 2:
            repo = next((r for r in self.repos.values() if str(r.id) == parts[1]), None)
            rest = parts[2:]
        elif parts[0] == "repos" and len(parts) >= 3:
            name = f"{parts[1]}/{parts[2]}".lower()
            if name in self.renamed:
                location = f"{self.url}/repositories/{self.renamed[name]}"
                if len(parts) > 3:
                    location += "/" + "/".join(parts[3:])
                if query:
                    location += "?" + urlencode(query)
                body = {"message": "Moved Permanently", "url": location}
                return Scripted(301, body, {"location": location})
            repo, rest = self.repos.get(name), parts[3:]
        else:
            return self._not_found(path)
        if repo is None or (repo.visibility != "public" and not authed):
            return self._not_found(path)
        if repo.forbidden:
            return Scripted(
                403, {"message": "Resource protected by organization SAML enforcement."}
            )
        base_path = path
        if not rest:
            return Scripted(200, repo.meta(self.url))
        if rest == ["contributors"]:
            if not repo.contributors:
                return Scripted(204)
            return self._page(repo.contributors, base_path, query)
        if rest == ["pulls"]:
            state = query.get("state", "open")
            pulls = [p for p in repo.pulls if state == "all" or p["state"] == state]
            return self._page(pulls, base_path, query)
        if rest == ["actions", "runs"]:
            sha = query.get("head_sha")
            runs = [r for r in repo.runs if sha is None or r["head_sha"] == sha]
            return self._page(runs, base_path, query, wrap="workflow_runs")
        if rest == ["events"]:
            return self._page(repo.events[:300], base_path, query)
        return self._not_found(path)

    def _not_found(self, path: str) -> Scripted:
        message = "Not Found"
        if self.echo_auth and self.requests:
            message += f" (you sent {self.requests[-1]['headers'].get('authorization')})"
        return Scripted(404, {"message": message, "documentation_url": "https://docs.github.com"})

    def _page(
        self, items: list[Any], path: str, query: dict[str, str], wrap: str | None = None
    ) -> Scripted:
        per_page = min(int(query.get("per_page", 30)), 100)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        last = max(1, -(-len(items) // per_page))

        def link(n: int) -> str:
            return f"<{self.url}{path}?{urlencode({**query, 'per_page': per_page, 'page': n})}>"

        links = []
        if page < last:
            links += [f'{link(page + 1)}; rel="next"', f'{link(last)}; rel="last"']
        if page > 1:
            links += [f'{link(1)}; rel="first"', f'{link(page - 1)}; rel="prev"']
        headers = {"link": ", ".join(links)} if links else {}
        body: Any = {"total_count": len(items), wrap: chunk} if wrap else chunk
        return Scripted(200, body, headers)


def _handler(fake: FakeGitHub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # one write per response: no Nagle/delayed-ACK stalls per request

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            split = urlsplit(self.path)
            query = dict(parse_qsl(split.query))
            headers = {k.lower(): v for k, v in self.headers.items()}
            answer = fake.answer(split.path, query, headers)
            if answer.delay:
                time.sleep(answer.delay)
            payload = b"" if answer.body is None else json.dumps(answer.body).encode()
            try:
                self.send_response(answer.status)
                all_headers = {**(fake.rate_headers() if answer.rate_headers else {})}
                all_headers.update(answer.headers)
                for key, value in all_headers.items():
                    self.send_header(key, value)
                self.send_header("content-type", "application/json; charset=utf-8")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client timed out and left

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

    return Handler
