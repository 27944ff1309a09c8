"""PDF export for coaching: an agent summary page with a trend chart, then a page per scorecard."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from qa.domain.export.records import ItemRecord, OverrideRecord, ScoredCall
from qa.domain.reports.reporting import score_band
from qa.domain.scorecard import Verdict, by_section
from qa.domain.wording import VERDICT_WORDS, change_words, plural, points_text
from qa.pipeline.export.pdf_summary import summary_page
from qa.pipeline.export.pdf_text import (
    BASELINE,
    LINE,
    clock,
    latin,
    new_document,
    text_line,
    when,
)

TAG_WIDTH = 20.0  # mm: the coloured verdict tag before each item
VERDICT_FILL = {
    Verdict.PASS: (198, 239, 206),
    Verdict.FAIL: (255, 199, 206),
    Verdict.NA: (230, 230, 230),
    Verdict.UNCERTAIN: (255, 235, 156),
    Verdict.PENDING: (255, 235, 156),
}


def _heading(pdf: Any, call: ScoredCall) -> None:
    text_line(pdf, f"Scorecard - call {call.call_ref or call.call_id}", 16, "B", 8)
    team = f", team {call.team}" if call.team else ""
    text_line(pdf, f"Agent: {call.agent_label} ({call.agent_id}){team}")
    length = f"   Duration: {clock(call.duration)}" if call.duration else ""
    text_line(pdf, f"Date: {when(call.started_at)}   Queue: {call.queue or '-'}{length}")
    rubric = f"{call.rubric_name} {call.rubric_version}"
    text_line(pdf, f"Rubric: {rubric}   Status: {call.status.replace('_', ' ')}")
    text_line(pdf, reviewers(call))


def changes(call: ScoredCall, item_id: str = "") -> list[OverrideRecord]:
    """The verdict changes people made (to one item, when given); a verdict set to what it
    already was changed nothing and is left out."""
    return [
        o for o in call.overrides
        if o.item_id and o.before != o.after and (not item_id or o.item_id == item_id)
    ]  # fmt: skip


def reviewers(call: ScoredCall) -> str:
    """Who finalized the scorecard and who decided its items, by login."""
    deciders = sorted({o.reviewer for o in changes(call) if o.reviewer})
    if not call.final:
        done = "Not reviewed yet: a provisional scorecard"
        return done + (f"; items decided so far by {', '.join(deciders)}" if deciders else "")
    done = f"Finalized by: {call.reviewer or 'unknown'}"
    others = [d for d in deciders if d != call.reviewer]
    if others:
        return f"{done}; items also decided by {', '.join(others)}"
    return done


def _score(pdf: Any, call: ScoredCall) -> None:
    fill = VERDICT_FILL[Verdict.PASS if call.passed else Verdict.FAIL]
    unsettled = not call.final
    pdf.set_fill_color(*(VERDICT_FILL[Verdict.UNCERTAIN] if unsettled else fill))
    pdf.set_font("Helvetica", "B", 13)
    word = "Provisional score" if unsettled else "Score"
    band = score_band(call).replace(" (provisional)", "")
    shown = f"{word} {call.score:.1f}%  -  {band}  (pass mark {call.pass_mark:.0f}%)"
    pdf.ln(2)
    pdf.cell(0, 9, latin(shown), fill=True, new_x="LMARGIN", new_y="NEXT")
    open_items = [i for i in call.items if i.verdict in (Verdict.UNCERTAIN, Verdict.PENDING)]
    if unsettled:
        span = call.score_range
        why = f"{plural(len(open_items), 'item')} still open" if open_items else ""
        if span and span[0] != span[1]:
            why += f" (the score becomes {span[0]:g}-{span[1]:g}% once decided)"
        why += "; " if why else ""
        text_line(pdf, f"PROVISIONAL: {why}a supervisor has not reviewed this call yet.", 9, "B")
    if call.auto_score != call.score:
        text_line(pdf, f"Automatic score before review: {call.auto_score:.1f}%", 9, "I")
    pdf.ln(2)


def _item(pdf: Any, call: ScoredCall, item: ItemRecord) -> None:
    if pdf.will_page_break(LINE):
        pdf.add_page()
    x, y = pdf.l_margin, pdf.get_y()
    pdf.set_fill_color(*VERDICT_FILL[item.verdict])
    pdf.rect(x, y + 0.3, TAG_WIDTH, LINE - 0.6, style="F")
    pdf.set_font("Helvetica", "B", 8)
    tag = item.verdict.value.upper()
    pdf.text(x + (TAG_WIDTH - pdf.get_string_width(tag)) / 2, y + LINE * BASELINE, tag)
    pdf.set_font("Helvetica", "B", 10)
    points = latin(points_text(item.verdict, item.earned, item.points))
    right = pdf.w - pdf.r_margin - pdf.get_string_width(points)
    pdf.text(right, y + LINE * BASELINE, points)
    pdf.set_font("Helvetica", "", 10)
    critical = " (critical)" if item.critical else ""
    room = right - 3 - (x + TAG_WIDTH + 2)
    label, rest = _split(pdf, latin(f"{item.label or item.item_id}{critical}"), room)
    pdf.text(x + TAG_WIDTH + 2, y + LINE * BASELINE, label)
    pdf.set_xy(x, y + LINE)
    if rest:  # a long label wraps under itself, clear of the points
        pdf.set_x(x + TAG_WIDTH + 2 - pdf.c_margin)
        pdf.multi_cell(room + 2 * pdf.c_margin, LINE, rest, new_x="LMARGIN", new_y="NEXT")
    for line in _item_notes(call, item):
        text_line(pdf, "      " + line, 8.5, height=4.2)


def _split(pdf: Any, text: str, width: float) -> tuple[str, str]:
    """The words of `text` that fit `width` in the current font, and the rest."""
    words = text.split(" ")
    for cut in range(len(words), 0, -1):
        head = " ".join(words[:cut])
        if pdf.get_string_width(head) <= width:
            return head, " ".join(words[cut:])
    return words[0], " ".join(words[1:])


def _item_notes(call: ScoredCall, item: ItemRecord) -> list[str]:
    notes = [item.reason] if item.reason else []
    if item.reason and item.overridden:  # the reason was the machine's, for its own verdict
        said = VERDICT_WORDS.get(item.auto_verdict.value, item.auto_verdict.value)
        notes = [f"Automatic scoring ({said}): {item.reason}"]
    for change in changes(call, item.item_id):
        words = change_words(change.before, change.after, change.reviewer, change.reason)
        notes.append(words[0].upper() + words[1:])
    notes += [f'{clock(e.start)} {e.speaker}: "{e.text}"' for e in item.evidence]
    if item.verdict in (Verdict.FAIL, Verdict.UNCERTAIN) and item.hint:
        notes.append(f"Coaching: {item.hint}")
    return notes


def _items(pdf: Any, call: ScoredCall) -> None:
    for section, items in by_section(call.items, lambda i: i.section or "Items"):
        text_line(pdf, section, 11, "B", 7)
        for item in items:
            _item(pdf, call, item)


def _remarks(pdf: Any, call: ScoredCall) -> None:
    if call.comments:
        text_line(pdf, "Comments", 11, "B", 7)
    for c in call.comments:
        where = " ".join(x for x in (c.item_id, clock(c.at_seconds)) if x)
        text_line(pdf, f"{c.author}{f' ({where})' if where else ''}: {c.text}", 9)
    text_line(pdf, "Agent response", 11, "B", 7)
    if not call.disputes:
        text_line(pdf, "Not yet acknowledged or disputed.", 9, "I")
    for d in call.disputes:
        text_line(pdf, _response(d.status, d.raised_by, d.item_id, d.reason, d.resolution), 9)


def _response(status: str, who: str, item_id: str, reason: str, resolution: str) -> str:
    if status == "acknowledged":
        return f"Acknowledged by {who}." + (f" {reason}" if reason else "")
    about = f" item {item_id}" if item_id else " the scorecard"
    outcome = f" Resolution: {resolution}" if resolution else ""
    return f"{who} disputed{about} ({status}): {reason}{outcome}"


# A scorecard starts below the agent summary when at least this share of the page is left.
ROOM_FOR_A_SCORECARD = 0.45


def scorecard_page(pdf: Any, call: ScoredCall, fresh_page: bool = True) -> None:
    """One scorecard, ready to talk through with the agent; on a page of its own unless it may
    continue the page above (the agent summary) and there is room."""
    room = pdf.h - pdf.b_margin - pdf.get_y()
    if fresh_page or room < pdf.h * ROOM_FOR_A_SCORECARD or not _fits(pdf, call):
        pdf.add_page()
    else:
        pdf.ln(3)
        pdf.set_draw_color(160, 160, 160)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(4)
    _scorecard(pdf, call)


def _scorecard(pdf: Any, call: ScoredCall) -> None:
    _heading(pdf, call)
    _score(pdf, call)
    _items(pdf, call)
    _remarks(pdf, call)


def _fits(pdf: Any, call: ScoredCall) -> bool:
    """Whether the whole scorecard fits below the summary: a card that would spill its last
    lines onto a page of their own (an "Agent response" alone) starts a page instead."""
    with pdf.offset_rendering() as trial:
        trial.ln(7)
        _scorecard(trial, call)
    return not trial.page_break_triggered


def write_pdf(
    calls: Sequence[ScoredCall], path: Path, offer_goal: float, include_provisional: bool = False
) -> None:
    """Per agent (by name): a summary with the score trend, then each scorecard by date (the
    first one below the summary when it fits)."""
    pdf = new_document()
    by_agent: dict[str, list[ScoredCall]] = defaultdict(list)
    for call in calls:
        by_agent[call.agent_id].append(call)
    for agent_calls in sorted(by_agent.values(), key=lambda c: c[0].agent_label.casefold()):
        summary_page(pdf, agent_calls, offer_goal, include_provisional)
        for n, call in enumerate(agent_calls):
            scorecard_page(pdf, call, fresh_page=n > 0)
    if not calls:
        pdf.add_page()
        text_line(pdf, "No scorecards matched the export filter.", 12)
    pdf.output(str(path))
