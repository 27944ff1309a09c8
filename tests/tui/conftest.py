"""Fixtures for the review UI: a filled database, a service, and an app with a silent player."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import miniaudio
import pytest

from qa.pipeline.playback import Player
from qa.pipeline.review.review import ReviewService
from qa.storage.store import Store
from qa.tui.app import ReviewApp, create_app
from tests.tui.data import fill


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> dict[str, int]:
    """The fixed calls, stored in the `store` fixture's database."""
    return fill(store, tmp_path)


def silent_app(store: Store, login: str = "maria") -> ReviewApp:
    """The review app for `login`, playing through miniaudio's null backend."""
    return create_app(ReviewService(store, login), Player(backends=[miniaudio.Backend.NULL]))


@pytest.fixture
def app(store: Store, filled: dict[str, int]) -> Iterator[ReviewApp]:
    """The app over the filled store."""
    yield silent_app(store)
