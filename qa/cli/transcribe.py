"""`qa transcribe`: speech to text for pending calls, with progress, resumable at any point."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

from qa.cli.app import app, console, err_console, workspace
from qa.cli.waiting import WaitOption, run_lock
from qa.errors import BadInputError

if TYPE_CHECKING:
    from qa.pipeline.transcription.transcribe import (
        BatchPlanned,
        CallTranscribed,
        TranscribeSummary,
    )


class _ProgressView:
    """A rich progress display: calls done, audio done and left, and the rate in x real time."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.calls: TaskID | None = None
        self.audio: TaskID | None = None
        self.started = time.monotonic()
        self.audio_total = self.audio_done = 0.0
        self.calls_total = self.calls_done = 0

    def __call__(self, event: BatchPlanned | CallTranscribed) -> None:
        from qa.pipeline.transcription.transcribe import BatchPlanned

        if isinstance(event, BatchPlanned):
            self._start(event)
            return
        if self.calls is not None and self.audio is not None:
            self.audio_done += event.audio_seconds
            self.calls_done += 1
            self.progress.update(
                self.calls,
                completed=self.calls_done,
                detail=f"{self.calls_done}/{self.calls_total}",
            )
            self.progress.update(self.audio, completed=self.audio_done, detail=self.audio_detail())
        if event.error:
            self.progress.console.print(
                f"[red]failed[/] {escape(event.path)}: {escape(event.error)}", highlight=False
            )

    def audio_detail(self) -> str:
        """`12.3 of 45.0 min done, 32.7 left, 14.2x real time`."""
        left = max(self.audio_total - self.audio_done, 0.0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = f", {self.audio_done / elapsed:.1f}x real time" if self.audio_done else ""
        done, total = _minutes(self.audio_done), _minutes(self.audio_total)
        return f"{done} of {total} done, {_minutes(left)} left{rate}"

    def _start(self, event: BatchPlanned) -> None:
        err_console.print(f"engine: {escape(event.engine)}", highlight=False)
        for warning in event.warnings:
            err_console.print(f"[yellow]warning:[/] {escape(warning)}", highlight=False)
        self.started = time.monotonic()  # the rate counts from the first call, not model loading
        self.audio_total = event.audio_seconds
        self.calls_total = event.calls
        self.calls = self.progress.add_task("calls", total=event.calls, detail=f"0/{event.calls}")
        self.audio = self.progress.add_task(
            "audio", total=max(event.audio_seconds, 1e-9), detail=self.audio_detail()
        )


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min" if seconds < 3600 else f"{seconds / 3600:.2f} h"


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description:>6}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeRemainingColumn(),
        console=console,
        transient=False,
    )


def _report(summary: TranscribeSummary) -> None:
    by = f" by {summary.engine}" if summary.engine and summary.done else ""
    console.print(f"{summary.done} transcribed{by}, {summary.failed} failed.", highlight=False)
    if summary.unchanged:
        console.print(
            f"{summary.unchanged} calls that failed before were skipped: their recording or "
            "transcript file has not changed since.",
            highlight=False,
        )
    if summary.failed or summary.unchanged:
        console.print(
            "See why with `qa calls --unreadable`; a call is retried once its input changes.",
            highlight=False,
        )


@app.command()
def transcribe(
    sample: Annotated[
        int | None, typer.Option("--sample", help="Only the calls of this sample.")
    ] = None,
    pending: Annotated[
        bool, typer.Option("--pending", help="Every call not yet transcribed (default).")
    ] = False,
    engine: Annotated[
        str | None, typer.Option("--engine", help="auto, whisper, pocketsphinx or file.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model", help="Whisper model name, faster-whisper folder or openai-whisper .pt file."
        ),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Local worker processes.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler, tcp://HOST:PORT.")
    ] = None,
    wait: WaitOption = None,
) -> None:
    """Transcribe calls without a transcript; each is saved as soon as it is done.

    Stop it at any time: the next run resumes where this one stopped.

    Example: qa transcribe --sample 3 --engine whisper --model base.en --workers 2
    """
    from qa.pipeline.access.open_store import open_store
    from qa.pipeline.access.permissions import authorize
    from qa.pipeline.transcription.transcribe import TranscribeRequest, transcribe_calls

    if sample is not None and pending:
        raise BadInputError("--sample and --pending cannot be combined.", hint="Give one of them.")
    ws = workspace()
    request = TranscribeRequest(engine or "", model or "", sample, workers, scheduler or "")
    store = open_store(ws)
    try:
        authorize(ws, store, "transcribe")
        with run_lock(store, "transcribe", wait), _progress() as progress:
            summary = transcribe_calls(store, ws, request, _ProgressView(progress))
    finally:
        store.close()
    _report(summary)
    if summary.failed:  # the batch went on, but the user must not read this as all done
        raise typer.Exit(1)
