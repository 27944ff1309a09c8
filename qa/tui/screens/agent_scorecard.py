"""The agent's scorecard: official verdicts beside their own, differences marked, coaching hints."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from qa.domain.review.review import ReviewedItem
from qa.domain.scorecard import Verdict, by_section
from qa.domain.wording import points_text
from qa.pipeline.disputes.replay import ReplayDetail
from qa.pipeline.review.records import Dispute
from qa.tui.widgets.badges import badge, clock
from qa.tui.widgets.scorecard import override_line

DIFFERS_STYLE = "bold black on dark_orange"
OUTCOME = {"open": "awaiting a supervisor", "upheld": "verdict upheld", "overturned": "overturned"}


def _mine(verdict: Verdict | None, differs: bool) -> Text:
    line = Text("  you ", style="dim")
    line.append_text(badge(verdict) if verdict else Text(" –– ", style="dim"))
    if differs:
        line.append(" differs ", style=DIFFERS_STYLE)
    return line


def _dispute_line(dispute: Dispute) -> Text:
    line = Text(f"\n   ⚑ disputed: {dispute.reason}", style="yellow")
    line.append(f" — {OUTCOME.get(dispute.status, dispute.status)}", style="bold yellow")
    if dispute.resolution:
        line.append(f" by {dispute.resolved_by}: {dispute.resolution}", style="yellow")
    return line


def _details(item: ReviewedItem) -> Text:
    result, out = item.result, Text()
    for found in result.evidence[:1]:
        out.append(f'\n   "{found.text}" at {clock(found.start)}', style="italic")
    if result.reason:
        out.append(f"\n   {result.reason}", style="dim")
    if result.verdict == Verdict.FAIL and result.hint:
        out.append(f"\n   Tip: {result.hint}", style="bold green")
    return out


def agent_item_text(item: ReviewedItem, detail: ReplayDetail) -> Text:
    """One item: official badge (once revealed), label, points, your verdict, hint, dispute."""
    result = item.result
    line = badge(result.verdict) if detail.revealed else Text.assemble((" ?? ", "dim reverse"))
    line.append(f" {result.label or result.item_id}")
    shown = points_text(result.verdict, result.earned, result.points)
    line.append(f"  {shown if detail.revealed else f'{result.points:g}'}", style="bold")
    if result.critical:
        line.append(" critical", style="bold red")
    mine = detail.self_verdicts.get(result.item_id)
    line.append_text(_mine(mine, detail.differs(result.item_id)))
    if detail.revealed:
        line.append_text(_details(item))
        line.append_text(override_line(item) or Text())
        for comment in (c for c in detail.comments if c.item_id == result.item_id):
            line.append(f"\n   ✎ {comment.author}: {comment.text}", style="green")
    dispute = detail.dispute_of(result.item_id)
    if dispute is not None:
        line.append_text(_dispute_line(dispute))
    return line


class AgentScorecardView(OptionList):
    """The agent's scorecard; the highlighted option is the item keys act on."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self.detail: ReplayDetail | None = None

    def show(self, detail: ReplayDetail) -> None:
        """Fill the view, keeping the same item highlighted."""
        keep = self.current_item()
        self.detail = detail
        self.clear_options()
        for section, items in by_section(detail.card.items, lambda i: i.result.section):
            self.add_option(Option(Text(section or "Items", style="bold underline"), disabled=True))
            for item in items:
                self.add_option(Option(agent_item_text(item, detail), id=item.result.item_id))
        general = [c for c in detail.comments if not c.item_id]
        if general:
            heading = Text("Comments on the call", style="bold underline")
            self.add_option(Option(heading, disabled=True))
        for comment in general:
            self.add_option(Option(Text(f"✎ {comment.author}: {comment.text}")))  # reachable
        wanted = keep.result.item_id if keep else detail.card.items[0].result.item_id
        try:
            self.highlighted = self.get_option_index(wanted)
        except OptionDoesNotExist:
            self.highlighted = 1 if self.option_count > 1 else None

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Keep the highlighted item in view; on the first item, its section heading too."""
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        if self.highlighted is not None and self.highlighted == first:
            self.scroll_home(animate=False, immediate=True)
            return
        super().scroll_to_highlight(top)

    def current_item(self) -> ReviewedItem | None:
        """The highlighted item, if an item (not a heading) is highlighted."""
        option = self.highlighted_option
        if self.detail is None or option is None or option.id is None:
            return None
        return self.detail.card.item(option.id)
