"""One agent's weekly mean score as a sparkline on the 0–100 score scale, with the first and
last week's figures."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from qa.pipeline.reports.report import TeamReport

# Eight bar heights. The bars are drawn on the score scale (0–100), not stretched between the
# week's lowest and highest mean: a lone week of 69.2 must not draw the same full bar as 100.
BARS = "▁▂▃▄▅▆▇█"
SCALE = 100.0  # a score's highest value


def weekly_scores(weeks: TeamReport) -> list[float]:
    """Mean score of each week that has one, oldest first."""
    return [w.mean_score for w in weeks.groups if w.mean_score is not None]


def spark(scores: list[float]) -> str:
    """One bar per score, its height in eighths of the 0–100 scale (0 still shows a low bar)."""
    top = len(BARS) - 1
    return "".join(BARS[round(min(max(s, 0.0), SCALE) / SCALE * top)] for s in scores)


def trend_summary(weeks: TeamReport) -> str:
    """ "<weeks> wk  <first> → <last>" (the score of the first and the last week)."""
    scores = weekly_scores(weeks)
    if not scores:
        return "no final scores yet" if weeks.provisional else "no scores"
    return f"{len(scores)} wk  {scores[0]:.1f} → {scores[-1]:.1f}"


class AgentTrend(Horizontal):
    """A row of the report's trends: agent, sparkline of weekly mean scores, first → last."""

    DEFAULT_CSS = """
    AgentTrend { height: 1; }
    AgentTrend > .trend-agent { width: 18; text-wrap: nowrap; text-overflow: ellipsis; }
    AgentTrend > .trend-spark { width: 24; margin: 0 1; color: $accent; text-wrap: nowrap; }
    AgentTrend > .trend-summary { width: 1fr; text-wrap: nowrap; }
    """

    def __init__(self, label: str, weeks: TeamReport) -> None:
        super().__init__()
        self.label = label
        self.weeks = weeks

    @property
    def bars(self) -> str:
        """The sparkline as drawn (the last 24 weeks at most)."""
        return spark(weekly_scores(self.weeks)[-24:])

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="trend-agent")
        yield Static(self.bars, classes="trend-spark")
        yield Static(trend_summary(self.weeks), classes="trend-summary")
