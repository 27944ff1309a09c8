"""`qa redact`: redact stored transcripts and make the redacted audio copies."""

from __future__ import annotations

from typing import Annotated

import typer

from qa.cli.app import app, console, err_console, workspace
from qa.domain.wording import plural


@app.command()
def redact(
    calls: Annotated[
        list[str] | None,
        typer.Argument(help="Calls by db id or call_id (default: every call)."),
    ] = None,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify", help="Re-transcribe the silenced spans; confirm no digits remain."
        ),
    ] = False,
) -> None:
    """Redact card numbers and other personal data from transcripts and the audio people play.

    Exits 1 when a call's redaction is incomplete (no word times), failed, or did not verify.

    Example: qa redact --verify C-1001
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.redaction.run import redact_calls

    ws = workspace()
    with authorized_store(ws, "redact") as (store, who):
        run = redact_calls(store, ws, calls or [], who.login, verify=verify)
    for outcome in run.calls:
        name = outcome.call.meta.call_id or str(outcome.call.id)
        target = console if outcome.ok else err_console
        lines = outcome.lines()
        if not outcome.complete:
            lines.append("redaction incomplete: agents cannot play this call")
        target.print(f"[bold]{name}[/]: " + "; ".join(lines), highlight=False)
    total = len(run.calls)
    checked = f"{plural(total, 'call')} checked"
    console.print(f"{checked}, {run.problems} need attention.", highlight=False)
    raise typer.Exit(1 if run.problems else 0)
