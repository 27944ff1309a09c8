"""One agent's weekly mean score as a sparkline, with the first and last week's figures."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Sparkline, Static

from qa.pipeline.report import TeamReport


def weekly_scores(weeks: TeamReport) -> list[float]:
    """Mean score of each week that has one, oldest first."""
    return [w.mean_score for w in weeks.groups if w.mean_score is not None]


def trend_summary(weeks: TeamReport) -> str:
    """ "<weeks> wk  <first> → <last>" (the score of the first and the last week)."""
    scores = weekly_scores(weeks)
    if not scores:
        return "no scores"
    return f"{len(scores)} wk  {scores[0]:.1f} → {scores[-1]:.1f}"


class AgentTrend(Horizontal):
    """A row of the report's trends: agent, sparkline of weekly mean scores, first → last."""

    DEFAULT_CSS = """
    AgentTrend { height: 1; }
    AgentTrend > .trend-agent { width: 18; text-wrap: nowrap; text-overflow: ellipsis; }
    AgentTrend > Sparkline { width: 24; margin: 0 1; }
    AgentTrend > .trend-summary { width: 1fr; text-wrap: nowrap; }
    """

    def __init__(self, label: str, weeks: TeamReport) -> None:
        super().__init__()
        self.label = label
        self.weeks = weeks

    def compose(self) -> ComposeResult:
        yield Static(self.label, classes="trend-agent")
        # A single week still draws: the sparkline of one value is a flat bar.
        yield Sparkline(weekly_scores(self.weeks) or [0.0], summary_function=max)
        yield Static(trend_summary(self.weeks), classes="trend-summary")
