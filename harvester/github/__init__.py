"""Optional GitHub REST API facts for groups whose remote is on GitHub (httpx; no git here)."""

from harvester.github.client import (
    GitHubClient,
    GitHubError,
    RateLimitedError,
    UnreachableError,
    api_url_from_env,
    token_from_env,
)
from harvester.github.facts import collect_github_facts
from harvester.github.summary import GITHUB_COLUMNS, github_columns, github_warnings
from harvester.github.urls import parse_github_repo

__all__ = [
    "GITHUB_COLUMNS",
    "GitHubClient",
    "GitHubError",
    "RateLimitedError",
    "UnreachableError",
    "api_url_from_env",
    "collect_github_facts",
    "github_columns",
    "github_warnings",
    "parse_github_repo",
    "token_from_env",
]
