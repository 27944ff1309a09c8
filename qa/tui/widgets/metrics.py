"""A call's stored metrics as one line: talk share, longest hold, overtalk, pace, monotone."""

from __future__ import annotations

from textual import work
from textual.widgets import Static

from qa.domain.metrics.metrics import CallMetrics
from qa.errors import QaError
from qa.tui.hosts import review_app
from qa.tui.messages import MetricsLoaded
from qa.tui.widgets.badges import clock


def metrics_summary(metrics: CallMetrics) -> str:
    """'agent talk 62% · longest hold 0:12 · overtalk 3.1s · 148 wpm · monotone'."""
    parts = []
    if metrics.talk_ratio is not None:
        parts.append(f"agent talk {metrics.talk_ratio * 100:.0f}%")
    parts.append(f"longest hold {clock(metrics.longest_silence)}")
    parts.append(f"overtalk {metrics.overtalk:.1f}s")
    if metrics.agent_wpm is not None:
        parts.append(f"{metrics.agent_wpm:.0f} wpm")
    if metrics.monotone is not None:
        parts.append("monotone" if metrics.monotone else "pitch varied")
    return " · ".join(parts)


class CallMetricsLine(Static):
    """Reads the call's metrics in a worker; stays hidden when the call was never measured."""

    def __init__(self, call_id: int, *, id: str | None = None) -> None:  # noqa: A002  (Textual's)
        super().__init__("", id=id)
        self.call_id = call_id
        self.metrics: CallMetrics | None = None
        self.display = False  # no empty line for unmeasured calls: the 80×24 layout stays

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, group="metrics")
    def load(self) -> None:
        """Read the stored metrics (in a worker thread)."""
        service = review_app(self).service
        try:
            self.post_message(MetricsLoaded(service.call_metrics(self.call_id)))
        except QaError:
            self.post_message(MetricsLoaded(None))  # metrics are extra: the call still reviews

    def on_metrics_loaded(self, message: MetricsLoaded) -> None:
        """Show the line when there is something to show."""
        message.stop()
        self.metrics = message.metrics
        if message.metrics is not None:
            self.update(metrics_summary(message.metrics))
            self.display = True
