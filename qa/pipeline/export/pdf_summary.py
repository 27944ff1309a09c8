"""The agent summary page of the PDF export: figures, weakest items and a score trend chart."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qa.domain.export.records import ScoredCall
from qa.domain.reports.reporting import GroupFigures, by_item, by_period, group_figures
from qa.domain.wording import plural
from qa.pipeline.export.pdf_text import latin, text_line, when

CHART_HEIGHT = 60.0  # mm
GRID = (0, 25, 50, 75, 100)  # score lines drawn across the chart
MAX_LABELS = 8  # x-axis labels shown at most; more would overlap
MIN_TREND_WEEKS = 3  # fewer weeks make a chart of a dot or two: they are listed as a table


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share * 100:.0f}%"


def _figures(row: GroupFigures, goal: float) -> list[tuple[str, str]]:
    meets = {True: "meets goal", False: "below goal", None: ""}[row.meets_goal(goal)]
    hold = "-" if row.mean_longest_hold is None else f"{row.mean_longest_hold:.0f} s"
    scored = f"{row.calls} ({row.final_calls} final, {row.provisional_calls} provisional)"
    over = "final" if row.left_out or not row.provisional_calls else "provisional too"
    return [
        ("Calls scored", scored if row.provisional_calls else str(row.calls)),
        (f"Mean score ({over})", "-" if row.mean_score is None else f"{row.mean_score:.1f}%"),
        ("Pass rate", _percent(row.pass_rate)),
        ("Auto-fails", str(row.auto_fails)),
        ("Up-sell offer rate", f"{_percent(row.offer_rate)} (goal {goal * 100:.0f}%) {meets}"),
        ("Mean agent talk share", _percent(row.mean_talk_ratio)),
        ("Mean longest hold", hold),
        ("Monotone calls", _percent(row.monotone_share)),
    ]


LABEL_WIDTH = 75.0  # mm: the label column of the figures table


def _table(pdf: Any, pairs: list[tuple[str, str]]) -> None:
    """Label and value per line; a label too long for its column wraps instead of running
    into its value."""
    for label, value in pairs:
        pdf.set_font("Helvetica", "", 10)
        shown = latin(label)
        lines = pdf.multi_cell(LABEL_WIDTH, 6, shown, align="L", dry_run=True, output="LINES")
        if pdf.will_page_break(6 * len(lines)):
            pdf.add_page()
        top = pdf.get_y()
        pdf.multi_cell(LABEL_WIDTH, 6, latin(label), align="L", new_x="RIGHT", new_y="TOP")
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(0, 6, latin(value), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), top + 6 * len(lines)))


def _axes(pdf: Any, x: float, y: float, width: float, pass_mark: float) -> None:
    pdf.set_draw_color(200, 200, 200)
    pdf.set_font("Helvetica", "", 7)
    for score in GRID:
        level = y + CHART_HEIGHT * (1 - score / 100)
        pdf.line(x, level, x + width, level)
        pdf.text(x - 7, level + 1, f"{score}")
    pdf.set_draw_color(200, 40, 40)
    pdf.set_dash_pattern(dash=1.5, gap=1.0)
    mark = y + CHART_HEIGHT * (1 - pass_mark / 100)
    pdf.line(x, mark, x + width, mark)
    pdf.set_dash_pattern()
    pdf.text(x + width + 1, mark + 1, "pass mark")


def trend_chart(pdf: Any, points: Sequence[tuple[str, float]], pass_mark: float) -> None:
    """Mean score per week as a line over a 0-100 grid, with the pass mark dashed."""
    x, y, width = pdf.l_margin + 8, pdf.get_y() + 2, pdf.epw - 25
    _axes(pdf, x, y, width, pass_mark)
    step = width / max(len(points) - 1, 1)
    placed = [(x + i * step, y + CHART_HEIGHT * (1 - s / 100)) for i, (_, s) in enumerate(points)]
    pdf.set_draw_color(31, 78, 121)
    pdf.set_fill_color(31, 78, 121)
    pdf.set_line_width(0.6)
    if len(placed) > 1:
        pdf.polyline(placed)
    for px, py in placed:
        pdf.circle(px - 1, py - 1, 1, style="F")
    pdf.set_line_width(0.2)
    every = max(1, -(-len(points) // MAX_LABELS))
    for i, (label, _) in enumerate(points):
        if i % every == 0 or i == len(points) - 1:
            pdf.text(x + i * step - 5, y + CHART_HEIGHT + 4, latin(label))
    pdf.set_y(y + CHART_HEIGHT + 8)


def _trend(pdf: Any, calls: Sequence[ScoredCall], include_provisional: bool) -> None:
    """The weekly mean as a chart over three weeks or more, else as a short table."""
    weeks = by_period(calls, "week", include_provisional)
    scored = [(r.key, r.mean_score) for r in weeks if r.mean_score is not None]
    if len(scored) >= MIN_TREND_WEEKS:
        text_line(pdf, "Score trend (mean per week)", 11, "B", 7)
        trend_chart(pdf, [(week, score) for week, score in scored], calls[0].pass_mark)
        return
    text_line(pdf, "Mean score per week", 11, "B", 7)
    _table(pdf, [(r.key, _week_mean(r)) for r in weeks])


def _week_mean(row: GroupFigures) -> str:
    calls = plural(row.calls, "call")
    if row.mean_score is None:
        return f"- ({calls}, none final yet)"
    return f"{row.mean_score:.1f}% ({calls})"


def summary_page(
    pdf: Any, calls: Sequence[ScoredCall], offer_goal: float, include_provisional: bool = False
) -> None:
    """One agent's figures over the exported calls, the weekly trend and the weakest items."""
    first = calls[0]
    pdf.add_page()
    text_line(pdf, f"Agent summary - {first.agent_label}", 16, "B", 8)
    team = f"Team {first.team}   " if first.team else ""
    text_line(pdf, f"{team}Calls from {when(calls[0].started_at)} to {when(calls[-1].started_at)}")
    pdf.ln(3)
    figures = group_figures(first.agent_id, first.agent_label, calls, include_provisional)
    _table(pdf, _figures(figures, offer_goal))
    pdf.ln(4)
    _trend(pdf, calls, include_provisional)
    weakest = [r for r in by_item(calls) if r.failed][:5]
    if weakest:
        pdf.ln(2)
        text_line(pdf, "Script steps missed most", 11, "B", 7)
        _table(pdf, [(r.label or r.item_id, f"{r.failed} of {r.decided} failed") for r in weakest])
