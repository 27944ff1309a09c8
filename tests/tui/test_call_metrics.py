"""The call screen's metrics line: shown for a measured call, absent for one never measured."""

from __future__ import annotations

from textual.pilot import Pilot

from qa.domain.metrics.metrics import CallMetrics
from qa.storage.store import Store
from qa.tui.app import ReviewApp
from qa.tui.screens.call import CallScreen
from qa.tui.widgets.metrics import CallMetricsLine, metrics_summary
from tests.tui.pilot import drive, settle

MEASURED = CallMetrics(
    duration=12.0,
    talk_time={"agent": 7.4, "customer": 2.9},
    talk_ratio=0.718,
    total_silence=1.5,
    longest_silence=65.2,
    overtalk=0.4,
    agent_wpm=151.3,
    agent_pitch_variation_semitones=1.2,
    monotone=True,
    source="audio",
)


def test_summary_reads_as_a_supervisor_would_say_it() -> None:
    text = metrics_summary(MEASURED)
    assert text == "agent talk 72% · longest hold 1:05 · overtalk 0.4s · 151 wpm · monotone"
    unknown = metrics_summary(CallMetrics(duration=3.0, longest_silence=2.0))
    assert unknown == "longest hold 0:02 · overtalk 0.0s"


def _open_first_call(app: ReviewApp) -> tuple[bool, str]:
    """Whether C-1001's call screen shows the metrics line, and its text."""
    seen: list[tuple[bool, str]] = []

    async def flow(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)
        line = app.screen.query_one(CallMetricsLine)
        seen.append((line.display, str(line.render())))

    drive(app, flow)
    return seen[0]


def test_a_measured_call_shows_its_metrics(
    app: ReviewApp, store: Store, filled: dict[str, int]
) -> None:
    store.save_metrics(filled["C-1001"], MEASURED)
    assert _open_first_call(app) == (True, metrics_summary(MEASURED))


def test_an_unmeasured_call_shows_no_metrics_line(app: ReviewApp) -> None:
    assert _open_first_call(app) == (False, "")
