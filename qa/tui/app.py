"""The review app: one factory builds it for the CLI and for tests, around a review service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App

from qa.pipeline.playback import Player
from qa.pipeline.review.records import QueueFilter, QueueSort
from qa.pipeline.review.review import ReviewService
from qa.tui.keys import APP_KEYS


class ReviewApp(App[None]):
    """Supervisor review: the queue, then one call at a time."""

    CSS_PATH = "review.tcss"
    TITLE = "callqa review"
    BINDINGS = [*APP_KEYS]
    service: ReviewService  # what screens reach through `hosts.review_app`
    player: Player

    def __init__(self, service: ReviewService, player: Player | None = None) -> None:
        super().__init__()
        self.service = service
        self.player = player or Player()

    def on_mount(self) -> None:
        from qa.tui.screens.queue import QueueScreen

        self.push_screen(QueueScreen())

    def action_help(self) -> None:
        """Show every key."""
        from qa.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _queue_filter(self) -> QueueFilter:
        """The filter of the queue on screen (or under the dialog), else every call."""
        from qa.tui.screens.queue import QueueScreen

        queue = next((s for s in reversed(self.screen_stack) if isinstance(s, QueueScreen)), None)
        return queue.where if queue is not None else QueueFilter()

    def queue_order(self) -> tuple[QueueFilter, QueueSort]:
        """The filter and sort of the queue under the call screen (the next call follows it)."""
        from qa.tui.screens.queue import QueueScreen

        queue = next((s for s in reversed(self.screen_stack) if isinstance(s, QueueScreen)), None)
        return (queue.where, queue.sort) if queue is not None else (QueueFilter(), QueueSort())

    def action_report(self) -> None:
        """The team report over the queue's filter."""
        from qa.tui.screens.report import ReportScreen

        self.push_screen(ReportScreen(self._queue_filter()))

    def action_export(self) -> None:
        """Export the queue's calls (format and file asked)."""
        from qa.tui.screens.export_dialog import ExportDialog

        self.push_screen(ExportDialog(self._queue_filter()))

    def on_unmount(self) -> None:
        self.player.close()


def create_app(service: ReviewService, player: Player | None = None) -> ReviewApp:
    """The review app over `service` (tests give a player on miniaudio's null backend)."""
    return ReviewApp(service, player)


if TYPE_CHECKING:
    from qa.tui.hosts import ReviewHost

    _HOST: type[ReviewHost] = ReviewApp  # mypy holds the app to what its screens ask of it
