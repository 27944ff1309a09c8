"""`qa review`: the supervisor's terminal UI over the review queue."""

from __future__ import annotations

from qa.cli.app import app, workspace
from qa.pipeline.open_store import open_store
from qa.pipeline.review import ReviewService
from qa.workspace import current_login


@app.command()
def review() -> None:
    """Review calls in a terminal UI: confirm or override verdicts, comment, finalize.

    You review as the login running the tool (QA_LOGIN overrides it); it must be listed
    under \\[access] supervisors or admins in qa.toml. Agents use `qa replay`.

    Example: qa review
    """
    ws = workspace()
    with open_store(ws) as store:
        service = ReviewService.for_login(store, ws, current_login())
        from qa.tui.app import create_app  # deferred: Textual loads only when the UI runs

        create_app(service).run()
