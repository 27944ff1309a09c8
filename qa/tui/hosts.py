"""What screens and widgets ask of the app they run in: its service and its player, typed.

Textual types every node's `app` as `App[object]`, so a screen cannot see the service its app was
given. The functions here are the one place that says which app a screen runs in; the apps are
held to these protocols in `app.py` and `agent_app.py` (screens do not import the apps, which
import the screens).
"""

from __future__ import annotations

from typing import Protocol, cast

from textual.message_pump import MessagePump

from qa.pipeline.disputes.replay import AgentReplayService
from qa.pipeline.playback import Player
from qa.pipeline.review.records import QueueFilter, QueueSort
from qa.pipeline.review.review import ReviewService


class PlayerHost(Protocol):
    """An app whose screens share one audio player."""

    @property
    def player(self) -> Player: ...


class ReviewHost(PlayerHost, Protocol):
    """The supervisor's review app."""

    @property
    def service(self) -> ReviewService: ...

    def queue_order(self) -> tuple[QueueFilter, QueueSort]: ...


class ReplayHost(PlayerHost, Protocol):
    """The agent's replay app."""

    @property
    def service(self) -> AgentReplayService: ...


def player_app(node: MessagePump) -> PlayerHost:
    """The app `node` runs in, as a playback screen sees it (both apps have a player)."""
    return cast(PlayerHost, node.app)


def review_app(node: MessagePump) -> ReviewHost:
    """The review app `node` runs in (its screens and widgets are only ever shown there)."""
    return cast(ReviewHost, node.app)


def replay_app(node: MessagePump) -> ReplayHost:
    """The agent app `node` runs in (its screens are only ever shown there)."""
    return cast(ReplayHost, node.app)
