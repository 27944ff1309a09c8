"""`qa ingest`: register recordings (idempotent by content hash) and say what was found."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

from qa.cli.app import app, console, err_console, workspace
from qa.cli.call_view import shown_path
from qa.cli.waiting import WaitOption, run_lock
from qa.domain.wording import plural

if TYPE_CHECKING:
    from qa.pipeline.ingest.ingest import IngestReport

PROGRESS_FROM_FILES = 200  # a bar for runs long enough to watch


class _Bar:
    """A rich progress bar, shown only once a run turns out to be long."""

    def __init__(self) -> None:
        self.progress: Progress | None = None
        self.task = TaskID(0)

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None and total >= PROGRESS_FROM_FILES:
            self.progress = Progress(
                "ingest", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=err_console, transient=True,
            )  # fmt: skip
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=total)
        if self.progress is not None:
            self.progress.update(self.task, completed=done)

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def _print_report(report: IngestReport) -> None:
    for path, reason in report.problems:
        console.print(f"[yellow]problem[/] {escape(shown_path(path))}: {escape(reason)}")
    for path, other in report.duplicates:
        same = escape(shown_path(other))
        console.print(f"[dim]duplicate[/] {escape(shown_path(path))}: same audio as {same}")
    counts = [
        f"{report.new} new",
        f"{report.known} already known",
        f"{report.moved} moved",
        f"{report.updated} updated",
        f"{report.unreadable} unreadable",
        f"{plural(report.unknown_agent, 'call')} with an unknown agent",
    ]
    if report.duplicate:
        counts.append(plural(report.duplicate, "duplicate"))
    console.print(f"Ingested {plural(report.seen, 'audio file')}: " + ", ".join(counts) + ".")
    if report.problems:
        console.print("List calls with problems any time with `qa calls --unreadable`.")


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Folders or audio files (default: the workspace's recordings/)."),
    ] = None,
    wait: WaitOption = None,
) -> None:
    """Register recordings with their metadata; running it again adds only what is new.

    Example: qa ingest recordings/2026-11
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.ingest.ingest import ingest

    ws = workspace()
    roots = [str(p) for p in paths] if paths else [str(ws.recordings_dir)]
    bar = _Bar()
    with authorized_store(ws, "ingest") as (store, _who), run_lock(store, "ingest", wait):
        try:
            report = ingest(
                store, roots, filename_pattern=str(ws.settings.get("filename_pattern") or ""),
                progress=bar,
            )  # fmt: skip
        finally:
            bar.stop()
    _print_report(report)
