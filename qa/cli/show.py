"""`qa show`: one call with its metadata, transcript and scorecard."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from qa.cli.app import app, console, workspace
from qa.cli.call_view import call_details
from qa.cli.scorecard_view import scorecard_view
from qa.domain.speaker_trust import describe_separation
from qa.domain.transcript import Transcript, transcript_to_dict


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


@app.command("show")
def show_command(
    call: Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Show one call: metadata, transcript and current scorecard.

    Example: qa show C-1001
    """
    # deferred: keeps qa --help fast (no SQLAlchemy/numpy at start-up)
    from qa.pipeline.identity import resolve_identity, visible_call
    from qa.pipeline.open_store import open_store

    ws = workspace()
    with open_store(ws) as store:
        found = visible_call(store, resolve_identity(ws, store), call)
        transcript = store.transcript(found.id)
        card = store.scorecard(found.id)
    details = call_details(found)
    if as_json:
        out = {
            "call": details,
            "transcript": transcript_to_dict(transcript) if transcript else None,
            "scorecard": card.to_dict() if card else None,
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
