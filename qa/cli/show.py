"""`qa show`: one call with its metadata, transcript and scorecard."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.cli.call_view import call_details
from qa.cli.scorecard_view import scorecard_view
from qa.domain.speaker_trust import describe_separation
from qa.domain.transcript import Transcript, transcript_to_dict
from qa.domain.wording import change_words

if TYPE_CHECKING:
    from qa.pipeline.review.call_record import CallRecord


def _clock(seconds: float) -> str:
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"


def _meta_table(details: dict[str, object]) -> Table:
    table = Table(show_header=False, box=None)
    for key, value in details.items():
        if value not in (None, "", [], {}):
            table.add_row(f"[bold]{escape(key)}[/]", escape(str(value)))
    return table


def _transcript_table(transcript: Transcript) -> Table:
    table = Table("time", "speaker", "text", box=None)
    for segment in transcript.segments:
        table.add_row(_clock(segment.start), segment.speaker, escape(segment.text))
    return table


def record_lines(record: CallRecord) -> list[str]:
    """The review, comments, self-assessment and disputes as lines a person reads."""
    lines: list[str] = []
    card = record.card
    if card is not None:
        by = f" by {escape(card.reviewed_by)}" if card.reviewed_by else ""
        lines.append(f"[bold]Review:[/] {card.state.value.replace('_', ' ')}{by}")
        for item in (i for i in card.items if i.overridden):
            words = change_words(item.auto_verdict.value, item.result.verdict.value,
                                 item.reviewer, item.override_reason)  # fmt: skip
            lines.append(f"  {escape(item.result.item_id)}: {escape(words)}")
    for comment in record.comments:
        about = f" on {comment.item_id}" if comment.item_id else ""
        lines.append(f"[bold]Comment[/] {escape(comment.author)}{about}: {escape(comment.text)}")
    for login, verdicts in record.self_assessment.items():
        given = ", ".join(f"{item} {verdict}" for item, verdict in verdicts.items())
        lines.append(f"[bold]Self-assessment[/] by {escape(login)}: {escape(given)}")
    for dispute in record.disputes:
        about = f" item {dispute.item_id}" if dispute.item_id else " the scorecard"
        text = f"{dispute.raised_by} {dispute.status}{about}"
        text += f": {dispute.reason}" if dispute.reason else ""
        if dispute.resolution:
            text += f" — {dispute.resolved_by}: {dispute.resolution}"
        lines.append(f"[bold]Agent response[/] {escape(text)}")
    return lines


@app.command("show")
def show_command(
    call: Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Show one call: metadata, transcript, current scorecard, the verdicts people changed,
    comments, the agent's self-assessment, and disputes or acknowledgements.

    Example: qa show C-1001
    """
    from qa.pipeline.access.identity import visible_call
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.review.call_record import call_record

    ws = workspace()
    with authorized_store(ws, "show") as (store, who):
        found = visible_call(store, who, call)
        transcript = store.transcript(found.id)
        card = store.scorecard(found.id)
        record = call_record(store, found.id)
    details = call_details(found)
    if as_json:
        out = {
            "call": details,
            "transcript": transcript_to_dict(transcript) if transcript else None,
            "scorecard": card.to_dict() if card else None,
            **record.to_json(),
        }
        typer.echo(json.dumps(out, indent=2, ensure_ascii=False))
        return
    console.print(_meta_table(details))
    if transcript is not None:
        if transcript.speakers is not None:
            console.print(f"[dim]{escape(describe_separation(transcript.speakers))}[/]")
        console.print(_transcript_table(transcript))
    else:
        console.print("[dim]No transcript yet (qa transcribe).[/]")
    if card is not None:
        console.print(scorecard_view(card, title=f"call {found.id}"))
    else:
        console.print("[dim]Not scored yet (qa score).[/]")
    for line in record_lines(record):
        console.print(line, highlight=False)
