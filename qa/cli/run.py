"""`qa run`: the main job in one command, with one progress display across its stages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn
from rich.table import Table

from qa.cli.app import app, console, err_console, workspace
from qa.cli.call_view import shown_path
from qa.cli.score import print_kept
from qa.cli.waiting import WaitOption, run_lock
from qa.domain.wording import plural, score_text

if TYPE_CHECKING:
    from qa.pipeline.runs.failures import CallFailure
    from qa.pipeline.runs.run import RunEvent, RunSummary, StageAdvanced
    from qa.pipeline.runs.summary import CallLine
    from qa.pipeline.transcription.transcribe import BatchPlanned, CallTranscribed


class _StagesView:
    """One progress bar per stage, and notes printed above them."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, event: RunEvent) -> None:
        from qa.pipeline.runs.run import StageAdvanced, StageNote, StageStarted
        from qa.pipeline.transcription.transcribe import BatchPlanned, CallTranscribed

        if isinstance(event, StageStarted):
            self._start(event.stage, event.total)
        elif isinstance(event, StageNote):
            self.progress.console.print(f"[dim]{event.stage}:[/] {escape(event.text)}")
        elif isinstance(event, BatchPlanned):
            self._planned(event)
        elif isinstance(event, StageAdvanced | CallTranscribed):
            self._advance(event)

    def _start(self, stage: str, total: int) -> None:
        if stage in self.tasks:
            self.progress.update(self.tasks[stage], total=total or None, completed=0)
        else:
            self.tasks[stage] = self.progress.add_task(stage, total=total or None)

    def _planned(self, event: BatchPlanned) -> None:
        lead = "[yellow]warning:[/] engine" if event.warnings else "[dim]transcribe:[/] engine"
        self.progress.console.print(f"{lead} {escape(event.engine)}")
        for warning in (w for w in event.warnings if w != event.engine):
            self.progress.console.print(f"[yellow]warning:[/] {escape(warning)}")
        self._start("transcribe", event.calls)

    def _advance(self, event: StageAdvanced | CallTranscribed) -> None:
        from qa.pipeline.runs.run import StageAdvanced

        stage = event.stage if isinstance(event, StageAdvanced) else "transcribe"
        completed = event.completed if isinstance(event, StageAdvanced) else None
        if stage in self.tasks and completed is not None:
            self.progress.update(self.tasks[stage], completed=completed)
        elif stage in self.tasks:
            self.progress.advance(self.tasks[stage])
        if event.error:
            self.progress.console.print(f"[red]{stage} failed:[/] {escape(event.error)}")


def _score_cell(line: CallLine) -> str:
    """The score, and below it (dim) the range a provisional score can still move in."""
    shown = score_text(line.score, line.score_range, short=True)
    score, _, rest = shown.partition(" (")
    return f"{score}\n[dim]{rest.rstrip(')')}[/]" if rest else score


def _print_calls(store_lines: list[CallLine]) -> None:
    # no outer rules: a provisional score with its range below it still fits 80 columns
    table = Table(title="Scored calls", title_justify="left", show_edge=False)
    for column in ("call", "agent", "score", "pass", "fail", "uncertain", "pending", "auto-fail"):
        text = column in ("call", "agent")
        table.add_column(column, justify="left" if text else "right", no_wrap=True)
    for line in store_lines:
        table.add_row(
            escape(line.call_ref), escape(line.agent), _score_cell(line),
            str(line.passed), str(line.failed), str(line.uncertain), str(line.pending),
            "[red]AUTO-FAIL[/]" if line.auto_fail else "",
        )  # fmt: skip
    console.print(table)
    if any(line.score_range for line in store_lines):
        console.print(
            "[dim]A provisional score counts the items decided so far; the range "
            "below it is what it becomes once a supervisor decides the rest.[/]"
        )


def _print_agents(lines: list[CallLine]) -> None:
    from qa.pipeline.runs.summary import agent_lines

    table = Table(title="Per agent", title_justify="left")
    for column in ("agent", "calls", "mean score", "of them provisional", "auto-fails"):
        table.add_column(column, justify="left" if column == "agent" else "right")
    for line in agent_lines(lines):
        table.add_row(escape(line.agent), str(line.calls), f"{line.mean_score:.1f}",
                      str(line.provisional), str(line.auto_fails))  # fmt: skip
    console.print(table)


def _print_summary(summary: RunSummary, lines: list[CallLine]) -> None:
    report = summary.ingest
    if report is not None:
        unknown = f"{plural(report.unknown_agent, 'call')} with an unknown agent"
        counts = f"{report.unreadable} unreadable, {unknown}"
        console.print(f"Ingest: {report.new} new, {report.known} known, {counts}.")
    done = summary.transcribed
    by = f" by {escape(done.engine)}" if done.engine and done.done else ""
    console.print(f"Transcribe: {done.done} transcribed{by}, {done.failed} failed.")
    _print_calls(lines)
    _print_agents(lines)
    provisional = sum(1 for line in lines if line.provisional)
    waiting = plural(provisional, "scorecard waits", "scorecards wait")
    console.print(f"{waiting} for a supervisor. Next: [bold]qa review[/]")


def _print_failures(failures: list[CallFailure], unchanged: int) -> None:
    """On stderr, so a cron job that drops the summary still mails what went wrong."""
    if failures:
        failed = plural(len(failures), "call")
        err_console.print(f"[red]{failed} failed[/] (the others are done):", highlight=False)
    for failure in failures:
        where, why = escape(shown_path(failure.path)), escape(failure.reason.rstrip("."))
        err_console.print(
            f"  {failure.stage}: {where}: {why} — {failure.next_step}",
            highlight=False, soft_wrap=True,
        )  # fmt: skip
    if unchanged:
        skipped = plural(unchanged, "call that failed before was", "calls that failed before were")
        err_console.print(f"{skipped} skipped: their input has not changed.", highlight=False)
    if failures or unchanged:
        err_console.print("List them any time with `qa calls --unreadable`.", highlight=False)


@app.command()
def run(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Recordings (default: the workspace's recordings/).")
    ] = None,
    every_call: Annotated[
        bool, typer.Option("--all", help="Transcribe and score every call, then sample.")
    ] = False,
    rubric: Annotated[Path | None, typer.Option("--rubric", help="Rubric file.")] = None,
    engine: Annotated[
        str | None, typer.Option("--engine", help="auto, whisper, pocketsphinx or file.")
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="Whisper model or .pt.")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    wait: WaitOption = None,
) -> None:
    """The main job: ingest → sample → transcribe → score, then a summary.

    Safe to run again: finished work is skipped, an interrupted run resumes.

    A call that fails never stops the others: each is named on stderr with
    its reason and what to do.

    Exit codes: 0 every call done; 1 some call failed in this run (the others
    are done); 2 bad usage, refused, or another run holds the database.

    Example: qa run recordings/ --engine pocketsphinx
    From cron: qa run --wait 30m (waits for a run still going, up to 30 minutes)
    """
    from qa.pipeline.access.permissions import authorized_store
    from qa.pipeline.runs.run import RunRequest, run_job
    from qa.pipeline.runs.summary import call_lines
    from qa.pipeline.transcription.transcribe import TranscribeRequest

    ws = workspace()
    transcribe = TranscribeRequest(engine or "", model or "", None, workers, scheduler or "")
    with authorized_store(ws, "run") as (store, who), run_lock(store, "run", wait):
        request = RunRequest(
            tuple(str(p) for p in paths or ()), every_call, rubric, transcribe, who.login
        )
        progress = Progress(
            "{task.description:>10}", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=err_console,
        )  # fmt: skip
        with progress:
            summary = run_job(store, ws, request, _StagesView(progress))
        lines = call_lines(store, summary.call_ids)
    _print_summary(summary, lines)
    print_kept(summary.kept)
    _print_failures(summary.failures, summary.transcribed.unchanged)
    if summary.failed:  # the job went on, but cron and CI must not read this as all done
        raise typer.Exit(1)
