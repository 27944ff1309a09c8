"""The scorecard: items by section with verdict badges, evidence, reasons, comments, disputes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from qa.domain.review.review import Comment, ReviewedCard, ReviewedItem
from qa.domain.scorecard import by_section
from qa.domain.wording import change_words, points_text
from qa.pipeline.review.records import Dispute
from qa.tui.widgets.badges import badge, clock

OUTCOME = {"upheld": "verdict upheld", "overturned": "verdict overturned"}


def _evidence_line(item: ReviewedItem) -> Text | None:
    if not item.result.evidence:
        return None
    found = item.result.evidence[0]
    line = Text(f'\n   "{found.text}"', style="italic")
    line.append(f"  {found.similarity:.0f}% at {clock(found.start)}", style="dim")
    return line


def override_line(item: ReviewedItem) -> Text | None:
    """The automatic verdict a person changed, who changed it and why (None: not changed)."""
    if not item.overridden:
        return None
    before, after = item.auto_verdict.value, item.result.verdict.value
    words = change_words(before, after, item.reviewer, item.override_reason)
    return Text(f"\n   {words[0].upper()}{words[1:]}", style="dim")


def dispute_line(dispute: Dispute) -> Text:
    """An agent's dispute of an item: open (with the keys that settle it) or its outcome."""
    line = Text(f"\n   ⚑ {dispute.raised_by} disputes: {dispute.reason}", style="bold yellow")
    if dispute.open:
        line.append("  u uphold · o overturn", style="bold black on yellow")
    else:
        outcome = OUTCOME.get(dispute.status, dispute.status)
        line.append(f" — {outcome} by {dispute.resolved_by}: {dispute.resolution}", style="yellow")
    return line


def item_text(
    item: ReviewedItem, comments: tuple[Comment, ...] = (), disputes: tuple[Dispute, ...] = ()
) -> Text:
    """One item: badge, label, points; then override, evidence, reason, comments, disputes."""
    result = item.result
    line = badge(result.verdict)
    line.append(f" {result.label or result.item_id}")
    line.append(f"  {points_text(result.verdict, result.earned, result.points)}", style="bold")
    if result.critical:
        line.append(" critical", style="bold red")
    for extra in (override_line(item), _evidence_line(item)):
        if extra is not None:
            line.append_text(extra)
    if result.reason:
        line.append(f"\n   {result.reason}", style="dim")
    for comment in comments:
        line.append(f"\n   ✎ {comment.author}: {comment.text}", style="green")
    for dispute in disputes:
        line.append_text(dispute_line(dispute))
    return line


class ScorecardView(OptionList):
    """A reviewed scorecard; the highlighted option is the item keys act on."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002  (Textual's name)
        super().__init__(id=id)
        self.card: ReviewedCard | None = None

    def show(
        self,
        card: ReviewedCard | None,
        comments: tuple[Comment, ...] = (),
        disputes: tuple[Dispute, ...] = (),
    ) -> None:
        """Fill the view, keeping the same item highlighted."""
        keep = self.current_item()
        self.card = card
        self.clear_options()
        if card is None:
            self.add_option(Option(Text("Not scored yet.", style="italic"), disabled=True))
            return
        for section, items in by_section(card.items, lambda i: i.result.section):
            self.add_option(Option(Text(section or "Items", style="bold underline"), disabled=True))
            for item in items:
                item_id = item.result.item_id
                notes = tuple(c for c in comments if c.item_id == item_id)
                argued = tuple(d for d in disputes if d.item_id == item_id)
                self.add_option(Option(item_text(item, notes, argued), id=item_id))
        self._show_call_comments(comments)
        self.highlight_item(keep.result.item_id if keep else card.items[0].result.item_id)

    def _show_call_comments(self, comments: tuple[Comment, ...]) -> None:
        general = [c for c in comments if not c.item_id]
        if general:
            heading = Text("Comments on the call", style="bold underline")
            self.add_option(Option(heading, disabled=True))
        for comment in general:
            self.add_option(Option(Text(f"✎ {comment.author}: {comment.text}")))  # reachable

    def highlight_item(self, item_id: str) -> None:
        """Put the cursor on an item (the first item when the card no longer has it)."""
        try:
            self.highlighted = self.get_option_index(item_id)
        except OptionDoesNotExist:  # a rescored card no longer has the item
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
        if self.card is None or option is None or option.id is None:
            return None
        return self.card.item(option.id)
