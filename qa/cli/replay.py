"""`qa replay`: agents replay their own calls with the transcript and scorecard beside them."""

from __future__ import annotations

from typing import Annotated

import typer

from qa.cli.app import app, workspace


@app.command("replay")
def replay(
    call: Annotated[
        str | None, typer.Argument(help="Open this call at once (db id or call_id).")
    ] = None,
) -> None:
    """Replay your own reviewed calls: listen with the transcript and scorecard beside it.

    You replay as the login running the tool (QA_LOGIN overrides it); it must be an agent's
    login in agents.toml. Score yourself first, then acknowledge or dispute.

    Example: qa replay C-1001
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.disputes.replay import AgentReplayService

    ws = workspace()
    with authorized_store(ws, "replay") as (store, who):
        service = AgentReplayService(store, who, ws)
        call_id = service.find(call).id if call else None
        from qa.tui.agent_app import create_agent_app

        create_agent_app(service, call_id=call_id).run()
