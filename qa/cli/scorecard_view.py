"""A scorecard as a coloured rich table, shared by `qa check` and `qa score`."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from qa.domain.scorecard import ItemResult, Scorecard, Verdict
from qa.domain.scoring.gap_checks import describe_gap
from qa.domain.wording import score_text

VERDICT_STYLE = {
    Verdict.PASS: "bold green",
    Verdict.FAIL: "bold red",
    Verdict.NA: "dim",
    Verdict.UNCERTAIN: "bold yellow",
    Verdict.PENDING: "cyan",
}


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _details(item: ItemResult) -> Text:
    text = Text(item.reason)
    for ev in item.evidence:
        text.append(f"\n  {_clock(ev.start)} {ev.speaker}: ", style="dim")
        text.append(f"“{ev.text}”", style="italic")
        text.append(f" ({ev.similarity:.0f}%)", style="dim")
    if item.verdict in (Verdict.FAIL, Verdict.UNCERTAIN) and item.hint:
        text.append(f"\n  coaching: {item.hint}", style="dim cyan")
    return text


def scorecard_view(card: Scorecard, title: str = "") -> Group:
    """The table of items, then the score line."""
    table = Table(title=escape(title or f"{card.rubric.name} {card.rubric.version}"), expand=True)
    table.add_column("Item", ratio=2)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    table.add_column("Why / evidence", ratio=5)
    for item in card.items:
        label = Text(item.label) + (Text(" (critical)", style="red") if item.critical else Text())
        verdict = Text(item.verdict.value, style=VERDICT_STYLE[item.verdict])
        points = f"{item.earned:g}/{item.points:g}" if item.applicable else "n/a"
        table.add_row(label, verdict, points, _details(item))
    return Group(table, _summary(card))


def _summary(card: Scorecard) -> Text:
    style = "bold green" if card.passed else "bold red"
    shown = score_text(card.score, card.score_range)
    line = Text(f"Score {shown} / pass mark {card.pass_mark:g}: ")
    line.append("PASS" if card.passed else "FAIL", style=style)
    if card.auto_fail:
        line.append("  (auto-fail: a critical item failed)", style="red")
    if card.provisional:
        line.append("  provisional: items await a supervisor", style="yellow")
    for gap in card.gaps:  # what a supervisor should listen to
        who = "any" if gap.speaker == "unknown" else gap.speaker
        line.append(f"\n{describe_gap(gap, who)}", style="yellow")
    return line
