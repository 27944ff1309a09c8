"""`qa speakers swap`: a supervisor corrects which voice of a mono call is the agent."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace

speakers_app = typer.Typer(
    help="Who is the agent on calls separated by voice (mono recordings).", no_args_is_help=True
)
app.add_typer(speakers_app, name="speakers")


@speakers_app.command("swap")
def swap_command(
    call: Annotated[str, typer.Argument(help="The call: its db id, or its metadata call_id.")],
) -> None:
    """Swap agent and customer on a call whose speakers were separated by voice; the change is
    audited and the call is scored again (unless a supervisor is already reviewing it).

    Example: qa speakers swap C-1010
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.transcription.speakers import swap_speakers

    ws = workspace()
    with authorized_store(ws, "speakers swap") as (store, who):
        done = swap_speakers(store, who, call)
    first = done.transcript.segments[0].speaker if done.transcript.segments else "nobody"
    console.print(f"Speakers swapped on call {escape(call)}: the first voice is now the {first}.")
    if done.scorecard is not None:
        console.print(f"Scored again: {done.scorecard.score:.1f}.")
    elif done.kept:
        console.print(escape(done.kept.capitalize() + "."))
