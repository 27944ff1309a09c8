"""`qa review`: the terminal UI, supervisor review or (for an agent's login) agent replay."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.cli.app import app, workspace
from qa.workspace import Workspace

if TYPE_CHECKING:
    from textual.app import App

    from qa.pipeline.playback import Player
    from qa.pipeline.review.records import Store


def review_app(ws: Workspace, store: Store, player: Player | None = None) -> App[None]:
    """The app `qa review` runs for the current login: agent mode for an agent, else review."""
    from qa.pipeline.access.identity import resolve_identity
    from qa.pipeline.disputes.replay import AgentReplayService
    from qa.pipeline.review.review import ReviewService
    from qa.tui.agent_app import create_agent_app
    from qa.tui.app import create_app

    who = resolve_identity(ws, store)
    if who.is_agent:
        return create_agent_app(AgentReplayService(store, who, ws), player)
    return create_app(ReviewService.for_login(store, ws, who.login), player)


@app.command()
def review() -> None:
    """Review calls in a terminal UI: confirm or override verdicts, comment, finalize.

    You review as the login running the tool (QA_LOGIN overrides it). Supervisors and admins
    (\\[access] in qa.toml) get the review queue; an agent's login (agents.toml) gets agent
    mode, the same as `qa replay`: their own calls only.

    Example: qa review
    """
    from qa.pipeline.access.permissions import authorized_store

    ws = workspace()
    with authorized_store(ws, "review") as (store, _who):
        review_app(ws, store).run()
