"""The main job, `qa run`: ingest → sample → transcribe → metrics → score, resumable."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qa.domain.scorecard import Scorecard
from qa.domain.wording import plural
from qa.errors import NotFoundError
from qa.pipeline.ingest.ingest import IngestReport, ingest
from qa.pipeline.reports.metrics import CallMeasured, measure_calls
from qa.pipeline.runs.failures import CallFailure
from qa.pipeline.sampling.sample import (
    CallFilter,
    DrawnSample,
    draw_and_store,
    policy_from_settings,
)
from qa.pipeline.scoring.score import KeptReview, ScoreRun, load_rubric_file, score_stored
from qa.pipeline.transcription.transcribe import (
    BatchPlanned,
    CallTranscribed,
    TranscribeRequest,
    TranscribeSummary,
    transcribe_calls,
)
from qa.storage.store import Store
from qa.workspace import Workspace


@dataclass(frozen=True, slots=True)
class RunRequest:
    """What `qa run` was asked to do."""

    paths: tuple[str, ...] = ()  # default: the workspace's recordings/
    every_call: bool = False  # transcribe and score all calls, then sample from the result
    rubric: Path | None = None
    transcribe: TranscribeRequest = field(default_factory=TranscribeRequest)
    actor: str = "qa run"  # who ran it, for the audit log of reviewed calls re-scoring kept


@dataclass(frozen=True, slots=True)
class StageStarted:
    """A stage begins; `total` units of work (0 when unknown)."""

    stage: str
    total: int = 0


@dataclass(frozen=True, slots=True)
class StageNote:
    """Something the person running the job should read (a warning, which engine runs)."""

    stage: str
    text: str


@dataclass(frozen=True, slots=True)
class StageAdvanced:
    """Work of a stage is done: one unit, or up to `completed` units when given."""

    stage: str
    error: str = ""
    completed: int | None = None


RunEvent = StageStarted | StageNote | StageAdvanced | BatchPlanned | CallTranscribed
Listener = Callable[[RunEvent], None]


@dataclass
class RunSummary:
    """What the job did, stage by stage, and the calls it worked on."""

    ingest: IngestReport | None = None
    samples: list[int] = field(default_factory=list)
    new_sample: DrawnSample | None = None
    transcribed: TranscribeSummary = field(default_factory=TranscribeSummary)
    scored: list[ScoreRun] = field(default_factory=list)
    call_ids: list[int] = field(default_factory=list)
    failures: list[CallFailure] = field(default_factory=list)  # in the order they happened

    @property
    def failed(self) -> bool:
        """Some call failed in some stage: the job is not all done (`qa run` exits 1)."""
        return bool(self.failures)

    @property
    def kept(self) -> list[KeptReview]:
        """Reviewed calls scoring left as they were (a new automatic version waits beside)."""
        return [kept for run in self.scored for kept in run.kept]


def _ingest(store: Store, ws: Workspace, request: RunRequest, listen: Listener) -> IngestReport:
    roots = list(request.paths) or [str(ws.recordings_dir)]
    listen(StageStarted("ingest"))
    started = False

    def progress(done: int, total: int) -> None:
        nonlocal started
        if not started:
            listen(StageStarted("ingest", total))
            started = True
        listen(StageAdvanced("ingest", completed=done))

    return ingest(
        store, roots, filename_pattern=str(ws.settings.get("filename_pattern") or ""),
        progress=progress,
    )  # fmt: skip


def _unreadable(report: IngestReport) -> list[CallFailure]:
    return [CallFailure("ingest", path, why) for path, why in report.unreadable_files]


def _open_sample_ids(store: Store) -> list[int]:
    return [s.id for s in store.samples() if s.open]


def _draw(store: Store, ws: Workspace, listen: Listener) -> DrawnSample | None:
    """A new sample from the calls no open sample holds yet; None when nothing is left."""
    try:
        drawn = draw_and_store(store, policy_from_settings(ws.section("sample")), CallFilter())
    except NotFoundError as nothing:
        listen(StageNote("sample", nothing.message))
        return None
    picked = plural(len(drawn.draw.picked), "call")
    listen(StageNote("sample", f"drew sample {drawn.sample_id}: {picked}"))
    return drawn


def _should_draw(report: IngestReport, open_samples: Sequence[int]) -> bool:
    # Re-running must not keep drawing: only new recordings (or no sample at all) call for one.
    return report.new > 0 or not open_samples


def _sample(store: Store, ws: Workspace, report: IngestReport, summary: RunSummary,
            listen: Listener) -> None:  # fmt: skip
    listen(StageStarted("sample", 1))
    if _should_draw(report, _open_sample_ids(store)):
        summary.new_sample = _draw(store, ws, listen)
    else:
        listen(StageNote("sample", "no new recordings: working on the open samples"))
    summary.samples = _open_sample_ids(store)
    listen(StageAdvanced("sample"))


def _transcribe(store: Store, ws: Workspace, request: RunRequest, summary: RunSummary,
                listen: Listener) -> None:  # fmt: skip
    scopes: list[int | None] = [None] if request.every_call else list(summary.samples)

    def heard(event: BatchPlanned | CallTranscribed) -> None:
        if isinstance(event, CallTranscribed) and event.error:
            summary.failures.append(CallFailure("transcribe", event.path, event.error))
        listen(event)

    for sample_id in scopes:
        ask = TranscribeRequest(
            request.transcribe.engine, request.transcribe.model, sample_id,
            request.transcribe.workers, request.transcribe.scheduler,
        )  # fmt: skip
        done = transcribe_calls(store, ws, ask, heard)
        summary.transcribed.done += done.done
        summary.transcribed.failed += done.failed
        summary.transcribed.problems += done.problems
        summary.transcribed.unchanged += done.unchanged
        summary.transcribed.engine = done.engine or summary.transcribed.engine


def _score(store: Store, ws: Workspace, request: RunRequest, summary: RunSummary,
           listen: Listener) -> None:  # fmt: skip
    rubric, text = load_rubric_file(request.rubric or ws.default_rubric())
    scopes: list[int | None] = [None] if request.every_call else list(summary.samples)
    listen(StageStarted("score", len(_calls_in(store, scopes))))

    def scored(_call: object, _card: Scorecard | None) -> None:
        listen(StageAdvanced("score"))

    for sample_id in scopes:
        summary.scored.append(
            score_stored(store, rubric, text, sample_id, listen=scored, actor=request.actor)
        )


def _calls_in(store: Store, scopes: Sequence[int | None]) -> list[int]:
    ids: dict[int, None] = {}
    for sample_id in scopes:
        ids.update(dict.fromkeys(c.id for c in store.calls(sample_id=sample_id)))
    return list(ids)


def _measure(store: Store, ws: Workspace, summary: RunSummary, listen: Listener) -> None:
    """Call metrics for every transcribed call not measured since its transcript was saved."""
    listen(StageStarted("metrics", len(store.calls_to_measure())))

    def measured(event: CallMeasured) -> None:
        if event.error:
            path = store.call(event.call_id).path
            summary.failures.append(CallFailure("metrics", path, event.error))
        listen(StageAdvanced("metrics", event.error))

    measure_calls(ws, store, None, measured)


def run_job(
    store: Store, ws: Workspace, request: RunRequest, listen: Listener = lambda _: None
) -> RunSummary:
    """Ingest, sample, transcribe and score; finished work is skipped, so re-running is safe.

    A call that fails in a stage is noted in `failures` and the job goes on with the others."""
    summary = RunSummary()
    summary.ingest = _ingest(store, ws, request, listen)
    summary.failures += _unreadable(summary.ingest)
    if not request.every_call:
        _sample(store, ws, summary.ingest, summary, listen)
    _transcribe(store, ws, request, summary, listen)
    _measure(store, ws, summary, listen)  # before scoring: `metric` rubric items read the metrics
    _score(store, ws, request, summary, listen)
    if request.every_call:
        _sample(store, ws, summary.ingest, summary, listen)
    scopes: list[int | None] = [None] if request.every_call else list(summary.samples)
    summary.call_ids = _calls_in(store, scopes)
    return summary
