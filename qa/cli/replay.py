"""`qa replay`: agents replay their own calls; `qa db grant-agent`: an agent's database role."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from qa.cli.app import app, console, workspace
from qa.cli.db import db_app
from qa.errors import NotFoundError


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


@db_app.command("grant-agent")
def grant_agent_command(
    login: Annotated[str, typer.Argument(help="The agent's login, as in agents.toml.")],
    password: Annotated[
        str | None, typer.Option("--password", help="Password for the role (default: none).")
    ] = None,
) -> None:
    """Create a PostgreSQL role for an agent that can read only their own calls.

    The agent then connects with database_url = postgresql+psycopg://qa_agent_LOGIN@host/db.

    Example: qa db grant-agent sarah
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.storage.postgres.rls import grant_agent

    ws = workspace()
    with authorized_store(ws, "db grant-agent") as (store, _who):
        agent = next((a for a in store.agents() if a.login.casefold() == login.casefold()), None)
        if agent is None:
            raise NotFoundError(f"No agent with login {login!r} in agents.toml.")
        role = grant_agent(store.engine, agent.login, agent.id, password)
    console.print(
        f"Role {escape(role)} may now read {escape(agent.id)}'s calls (and nobody else's)."
    )
