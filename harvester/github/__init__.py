"""Optional GitHub REST API facts for groups whose remote is on GitHub (httpx; no git here)."""

from harvester.github.client import (
    GitHubClient,
    GitHubError,
    RateLimitedError,
    UnreachableError,
    token_from_env,
)
from harvester.github.facts import collect_github_facts
from harvester.github.urls import parse_github_repo

__all__ = [
    "GitHubClient",
    "GitHubError",
    "RateLimitedError",
    "UnreachableError",
    "collect_github_facts",
    "parse_github_repo",
    "token_from_env",
]
