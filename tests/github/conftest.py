"""Fixtures for the GitHub client tests: a fake clock, the fake API server, a client factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from github_fake_server import FakeClock, FakeGitHub
from github_sample import NOW, TOKEN

from harvester.github import GitHubClient


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW.timestamp())


@pytest.fixture
def fake(clock: FakeClock) -> Iterator[FakeGitHub]:
    server = FakeGitHub(clock, token=TOKEN).start()
    yield server
    server.stop()


class ClientFactory:
    """Makes clients on the fake server's clock and collects every notice they give."""

    def __init__(self, fake: FakeGitHub, clock: FakeClock):
        self.fake = fake
        self.clock = clock
        self.notices: list[str] = []
        self.clients: list[GitHubClient] = []

    def __call__(self, token: str | None = None, **kwargs: Any) -> GitHubClient:
        options: dict[str, Any] = {
            "base_url": self.fake.url,
            "clock": self.clock,
            "sleep": self.clock.sleep,
            "on_notice": self.notices.append,
            "timeout": 5,
        }
        options.update(kwargs)
        client = GitHubClient(token, **options)
        self.clients.append(client)
        return client


@pytest.fixture
def make_client(fake: FakeGitHub, clock: FakeClock) -> Iterator[Callable[..., GitHubClient]]:
    factory = ClientFactory(fake, clock)
    yield factory
    for client in factory.clients:
        client.close()
