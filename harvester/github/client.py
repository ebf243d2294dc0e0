"""A small GitHub REST client on httpx: token auth, pagination, rate limits, bounded retries.

One client may be shared by the fetcher's worker threads: httpx.Client is thread-safe for
requests and the rate-limit/health state here sits behind a lock. Clock and sleep are injectable
so tests never wait for real. The token lives only inside an httpx.Auth object and is scrubbed
from every message we build, so it cannot leak into notices, errors or reprs.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from harvester import __version__
from harvester.github.ratelimit import clock_time, parse_int, parse_retry_after, rate_limit_wait

API_VERSION = "2022-11-28"
DEFAULT_BASE_URL = "https://api.github.com"
MAX_REDIRECTS = 3
MAX_RATE_LIMIT_WAITS = 3  # per request; a server that keeps answering 429 must not loop forever
UNREACHABLE_AFTER = 2  # consecutive requests lost to timeouts before we stop trying


def token_from_env(environ: Mapping[str, str] = os.environ) -> str | None:
    """GH_TOKEN, then GITHUB_TOKEN (the names the gh CLI uses); None when neither is set."""
    for name in ("GH_TOKEN", "GITHUB_TOKEN"):
        value = (environ.get(name) or "").strip()
        if value:
            return value
    return None


def api_url_from_env(environ: Mapping[str, str] = os.environ) -> str:
    """GITHUB_API_URL (set in Actions), else GH_HOST (gh's Enterprise host), else api.github.com."""
    explicit = (environ.get("GITHUB_API_URL") or "").strip()
    if explicit:
        return explicit.rstrip("/")
    host = (environ.get("GH_HOST") or "").strip().strip("/").lower()
    if host and host not in ("github.com", "api.github.com"):
        return f"https://{host}/api/v3"
    return DEFAULT_BASE_URL


class GitHubError(Exception):
    """A request that gave no usable answer (after retries). Never carries the token."""

    def __init__(self, message: str, *, status: int | None = None, url: str | None = None):
        super().__init__(message)
        self.status = status
        self.url = url


class RateLimitedError(GitHubError):
    """Rate limited for longer than we are willing to wait; `until` is epoch seconds."""

    def __init__(self, until: float, *, url: str | None = None):
        self.until = until
        super().__init__(self.reason, status=None, url=url)

    @property
    def reason(self) -> str:
        return f"rate limited until {clock_time(self.until)}"


class UnreachableError(GitHubError):
    """The API host did not answer repeatedly (offline, DNS, firewall): stop calling it."""


@dataclass
class ApiResponse:
    """What callers need from a response; `redirected_from` lists the URLs that answered 3xx."""

    status: int
    data: Any
    headers: httpx.Headers
    url: str
    redirected_from: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if isinstance(self.data, dict) and isinstance(self.data.get("message"), str):
            return self.data["message"]
        return ""


@dataclass
class Paged:
    """All items of a paginated listing; `truncated` when we stopped at the page cap."""

    items: list[Any]
    pages: int
    truncated: bool


@dataclass
class RateState:
    """The last rate-limit headers GitHub sent (core resource)."""

    limit: int | None = None
    remaining: int | None = None
    reset: int | None = None
    used: int | None = None


class _Secret:
    """A string that prints as <redacted>, so reprs, vars() and tracebacks never show it."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__


class _TokenAuth(httpx.Auth):
    """Adds the bearer token per request, so it is in no client-wide header mapping."""

    def __init__(self, token: _Secret):
        self._token = token

    def auth_flow(self, request: httpx.Request):
        request.headers["Authorization"] = f"Bearer {self._token.reveal()}"
        yield request

    def __repr__(self) -> str:
        return "_TokenAuth(<redacted>)"


def _without_userinfo(url: str) -> str:
    """Credentials never belong in base_url (they would be printed); the token is separate."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default


class GitHubClient:
    """GitHub REST API client. `base_url` may be GitHub Enterprise's `/api/v3` or a test server."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20,
        max_wait: float = 60,
        on_notice: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_pages: int = 30,
    ):
        token = (token or "").strip() or None
        if token is not None and not (token.isascii() and token.isprintable() and " " not in token):
            raise ValueError("the GitHub token contains spaces or non-ASCII characters")
        self._token = _Secret(token) if token else None
        self.base_url = _without_userinfo(base_url.rstrip("/"))
        self._origin = _origin(self.base_url)
        self.max_wait = max_wait
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_pages = max_pages
        self.clock = clock
        self._sleep = sleep
        self._on_notice = on_notice
        self._lock = threading.Lock()
        self._rate = RateState()
        self._blocked_until: float | None = None
        self._noticed_block: float | None = None
        self._failed_in_a_row = 0
        self._unreachable = False
        self._noticed: set[str] = set()
        self._http = httpx.Client(
            auth=_TokenAuth(self._token) if self._token else None,
            headers={
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": f"harvester/{__version__}",
            },
            timeout=timeout,
            transport=transport,
            follow_redirects=False,  # we follow ourselves, same origin only (the token stays home)
        )

    # --- public --------------------------------------------------------------------------------

    @property
    def authenticated(self) -> bool:
        return self._token is not None

    @property
    def web_hosts(self) -> set[str]:
        """Web hosts whose repo URLs this API serves: github.com, or a GitHub Enterprise host."""
        parts = urlsplit(self.base_url)
        host = (parts.hostname or "").lower()
        if parts.path.rstrip("/").endswith("/api/v3") and host:
            return {"github.com", host}
        return {"github.com"}

    @property
    def rate(self) -> RateState:
        with self._lock:
            return RateState(**vars(self._rate))

    def blocked_reason(self) -> str | None:
        """Why calls are currently refused (rate limit or unreachable), else None."""
        with self._lock:
            if self._unreachable:
                return "GitHub API unreachable"
            if self._blocked_until is not None and self.clock() < self._blocked_until:
                return f"rate limited until {clock_time(self._blocked_until)}"
        return None

    def get(self, path: str, params: Mapping[str, Any] | None = None) -> ApiResponse:
        """GET one resource; follows same-origin redirects. 4xx come back, they are answers.

        Raises RateLimitedError (limit beyond max_wait), UnreachableError, or GitHubError (5xx or
        transport errors after bounded retries, a redirect to a foreign host).
        """
        url = self._absolute(path)
        redirected: list[str] = []
        for _ in range(MAX_REDIRECTS + 1):
            resp = self._send(url, params)
            location = resp.headers.get("location")
            if resp.status_code in (301, 302, 307, 308) and location:
                target = urljoin(url, location)
                if _origin(target) != self._origin:
                    raise GitHubError(
                        f"{resp.status_code} redirect to another host refused",
                        status=resp.status_code,
                        url=url,
                    )
                redirected.append(url)
                url, params = target, None  # the Location carries its own query
                continue
            if resp.status_code == 401 and self._token:
                self._notice_once("bad-token", "GitHub rejected the token (401); check GH_TOKEN")
            return ApiResponse(resp.status_code, _json(resp), resp.headers, url, redirected)
        raise GitHubError("too many redirects", url=url)

    def get_all(
        self,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        key: str | None = None,
        stop: Callable[[Any], bool] | None = None,
    ) -> Paged:
        """Every item of a listing, following `Link: rel="next"` (same origin only).

        `key` picks the list out of a wrapper object (actions runs); `stop(item)` true for any
        item of a page ends the walk after that page (listings sorted newest first).
        """
        items: list[Any] = []
        query = {"per_page": 100, **(params or {})}
        url: str | None = path
        pages = 0
        while url is not None:
            if pages >= self.max_pages:
                return Paged(items, pages, truncated=True)
            resp = self.get(url, query)
            pages += 1
            if resp.status == 204:  # GitHub's "no content" for an empty repository
                break
            if resp.status == 422 and pages > 1:  # "pagination is limited for this resource"
                return Paged(items, pages, truncated=True)
            if resp.status != 200:
                raise GitHubError(self._describe(resp), status=resp.status, url=resp.url)
            page = resp.data.get(key) if key and isinstance(resp.data, dict) else resp.data
            if not isinstance(page, list):
                raise GitHubError(
                    "unexpected response: not a list", status=resp.status, url=resp.url
                )
            items.extend(page)
            if stop is not None and any(stop(item) for item in page):
                break
            url, query = self._next_link(resp), None
        return Paged(items, pages, truncated=False)

    def notice(self, message: str) -> None:
        """Tell the person running the harvest; a failing printer must not lose any facts."""
        if self._on_notice is not None:
            with contextlib.suppress(Exception):
                self._on_notice(self.scrub(message))

    def _notice_once(self, key: str, message: str) -> None:
        with self._lock:
            first = key not in self._noticed
            self._noticed.add(key)
        if first:
            self.notice(message)

    def scrub(self, text: str) -> str:
        """Remove the token from any text that may reach a person (defence in depth)."""
        return text.replace(self._token.reveal(), "<redacted>") if self._token else text

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        auth = "token" if self._token else "anonymous"
        return f"GitHubClient(base_url={self.base_url!r}, auth={auth})"

    # --- internals -----------------------------------------------------------------------------

    def _absolute(self, path: str) -> str:
        if "://" in path:
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def _next_link(self, resp: ApiResponse) -> str | None:
        link = resp.headers.get("link")
        if not link:
            return None
        nxt = httpx.Response(200, headers={"link": link}).links.get("next", {}).get("url")
        if not nxt:
            return None
        target = urljoin(resp.url, nxt)
        if _origin(target) != self._origin:
            raise GitHubError("pagination link to another host refused", url=resp.url)
        return target

    def _describe(self, resp: ApiResponse) -> str:
        text = f"HTTP {resp.status}"
        if resp.message:
            text += f": {resp.message[:200]}"
        return self.scrub(text)

    def _send(self, url: str, params: Mapping[str, Any] | None) -> httpx.Response:
        """One logical request: waits out short rate limits, retries 5xx/transport errors."""
        failures = 0
        rate_waits = 0
        while True:
            self._wait_for_quota(url)
            try:
                resp = self._http.get(url, params=params)
            except httpx.TransportError as exc:
                failures += 1
                if failures > self.max_retries:
                    # Refused/DNS failures mean no route at all: stop now; timeouts get 2 chances.
                    self._lost_request(at_once=isinstance(exc, httpx.ConnectError))
                    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
                    detail = self.scrub(str(exc))[:200] or type(exc).__name__
                    raise GitHubError(
                        f"request {kind} after {failures} attempts ({detail})", url=url
                    ) from None
                self._sleep_for(self.backoff * 2 ** (failures - 1))
                continue
            self._observe(resp)
            now = self.clock()
            wait = rate_limit_wait(resp.status_code, resp.headers, _message(resp), now)
            if wait is not None:
                rate_waits += 1
                if wait <= self.max_wait and rate_waits <= MAX_RATE_LIMIT_WAITS:
                    self.notice(f"GitHub API rate limit hit; waiting {wait:.0f} s")
                    self._sleep_for(wait)
                    continue
                self._block(now + wait, url)
            if resp.status_code >= 500:
                failures += 1
                if failures > self.max_retries:
                    self._reachable()
                    raise GitHubError(
                        f"HTTP {resp.status_code} after {failures} attempts",
                        status=resp.status_code,
                        url=url,
                    )
                after = parse_retry_after(resp.headers.get("retry-after"), now)
                pause = self.backoff * 2 ** (failures - 1)
                self._sleep_for(after if after is not None and after <= self.max_wait else pause)
                continue
            self._reachable()
            return resp

    def _wait_for_quota(self, url: str) -> None:
        """Refuse early when blocked; wait (if short) when the last response used the quota up."""
        with self._lock:
            if self._unreachable:
                raise UnreachableError("GitHub API unreachable; not calling it again", url=url)
            now = self.clock()
            if self._blocked_until is not None:
                if now < self._blocked_until:
                    raise RateLimitedError(self._blocked_until, url=url)
                self._blocked_until = None
            reset = self._rate.reset
            exhausted = self._rate.remaining == 0 and reset is not None and reset > now
            wait = (reset - now + 1.0) if exhausted and reset is not None else 0.0
        if not exhausted:
            return
        if wait > self.max_wait:
            self._block(now + wait, url)
        self.notice(f"GitHub API quota used up; waiting {wait:.0f} s for it to reset")
        self._sleep_for(wait)
        with self._lock:
            if self._rate.reset == reset:
                self._rate.remaining = None  # unknown again until the next response tells us

    def _block(self, until: float, url: str) -> None:
        """Stop calling until `until` and say so once; always raises RateLimitedError."""
        with self._lock:
            self._blocked_until = max(until, self._blocked_until or 0.0)
            until = self._blocked_until
            first = self._noticed_block is None or self._noticed_block < until - 1
            if first:
                self._noticed_block = until
        if first:
            hint = "" if self._token else " Set GH_TOKEN for a higher limit."
            self.notice(
                f"GitHub API rate limited until {clock_time(until)} (longer than the"
                f" {self.max_wait:.0f} s we wait): skipping the remaining GitHub facts until"
                f" then.{hint}"
            )
        raise RateLimitedError(until, url=url)

    def _observe(self, resp: httpx.Response) -> None:
        h = resp.headers
        remaining = parse_int(h.get("x-ratelimit-remaining"))
        if remaining is None:
            return
        resource = h.get("x-ratelimit-resource", "core")
        if resource not in ("core", ""):
            return  # search etc. have their own buckets; we track the one we spend
        with self._lock:
            self._rate = RateState(
                limit=parse_int(h.get("x-ratelimit-limit")),
                remaining=remaining,
                reset=parse_int(h.get("x-ratelimit-reset")),
                used=parse_int(h.get("x-ratelimit-used")),
            )

    def _lost_request(self, at_once: bool) -> None:
        with self._lock:
            self._failed_in_a_row += 1
            enough = at_once or self._failed_in_a_row >= UNREACHABLE_AFTER
            tripped = enough and not self._unreachable
            if tripped:
                self._unreachable = True
        if tripped:
            self.notice(
                f"GitHub API at {self.base_url} is unreachable: skipping GitHub facts for the rest"
                " of this run"
            )

    def _reachable(self) -> None:
        with self._lock:
            self._failed_in_a_row = 0

    def _sleep_for(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)


def _json(resp: httpx.Response) -> Any:
    if not resp.content:
        return None
    try:
        return resp.json()
    except ValueError:
        return None


def _message(resp: httpx.Response) -> str:
    data = _json(resp)
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return data["message"]
    return ""
