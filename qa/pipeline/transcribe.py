"""The transcribe stage: every pending call to a stored transcript, saved the moment it is done."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.domain.call import Call
from qa.domain.rubric_parse import load_rubric
from qa.domain.transcript import Transcript
from qa.engines.base import EngineSpec
from qa.engines.choose import EnginePlan, plan_engine
from qa.engines.importers import find_transcript_file, read_transcript_file
from qa.engines.job import CallJob, JobOutcome
from qa.engines.runners import run_jobs
from qa.errors import QaError
from qa.pipeline.redact import redact_for_storage
from qa.storage.store import Store
from qa.workspace import Workspace


@dataclass(frozen=True, slots=True)
class TranscribeRequest:
    """What the user asked for: which calls, which engine, where to run."""

    engine: str = ""  # "" takes qa.toml's engine
    model: str = ""  # "" takes qa.toml's model
    sample_id: int | None = None
    workers: int = 1
    scheduler: str = ""


@dataclass(frozen=True, slots=True)
class BatchPlanned:
    """The batch is about to start."""

    calls: int
    audio_seconds: float
    engine: str  # which engine runs and why
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CallTranscribed:
    """One call is finished: transcribed and saved, or marked failed with the reason."""

    call_id: int
    path: str
    audio_seconds: float
    error: str = ""


@dataclass
class TranscribeSummary:
    """What a batch did."""

    done: int = 0
    failed: int = 0
    engine: str = ""  # what transcribed the calls: `Whisper tiny.en (faster-whisper)`
    problems: list[str] = field(default_factory=list)


Listener = Callable[[BatchPlanned | CallTranscribed], None]


def engine_spec(ws: Workspace, request: TranscribeRequest) -> EngineSpec:
    """Engine settings from the request, then qa.toml (model; [whisper] device, batch_size...)."""
    whisper = ws.section("whisper")
    spec = EngineSpec(
        kind="pocketsphinx",  # the plan decides the kind
        model=request.model or str(ws.settings.get("model") or "base.en"),
        backend=str(whisper.get("backend", "auto")),
        device=str(whisper.get("device", "auto")),
        batch_size=int(whisper.get("batch_size", 1)),
        vad=bool(whisper.get("vad", True)),
    )
    if "sample_len" in whisper:  # max tokens per 30 s window
        spec = replace(spec, sample_len=int(whisper["sample_len"]))
    if "beam_size" in whisper:  # faster-whisper's beam; 1 (the default) decodes greedily
        spec = replace(spec, beam_size=int(whisper["beam_size"]))
    if "temperature" in whisper:  # the fallback ladder; [0.0] decodes greedily once
        spec = replace(spec, temperature=tuple(float(t) for t in whisper["temperature"]))
    return spec


def business_names(ws: Workspace) -> tuple[tuple[str, ...], str]:
    """The default rubric's business names, and a warning when there is no usable rubric."""
    try:
        return load_rubric(ws.default_rubric()).business, ""
    except QaError as error:  # names only help the model; their absence must not stop the batch
        return (), f"no business names for the model to listen for: {error.message}"


def vocabulary(call: Call, store: Store, business: Sequence[str]) -> tuple[str, ...]:
    """Names the model should expect on this call: the business's and the agent's."""
    agent = store.agent(call.meta.agent) if call.meta.agent else None
    names = (*business, *(agent.spoken_names if agent else ()))
    return tuple(dict.fromkeys(names))


def _seconds(call: Call) -> float:
    return call.audio.duration if call.audio else 0.0


class _Batch:
    """One run over the pending calls: the parent process is the only one writing to the store."""

    def __init__(self, store: Store, ws: Workspace, plan: EnginePlan, listen: Listener) -> None:
        self.store, self.ws, self.plan, self.listen = store, ws, plan, listen
        self.summary = TranscribeSummary()
        self.calls: dict[int, Call] = {}

    def finish(self, call: Call, transcript: Transcript | None, error: str = "") -> None:
        if transcript is not None:
            # Personal data never reaches the database: redact right before storing.
            self.store.save_transcript(call.id, redact_for_storage(self.ws, transcript))
            self.summary.done += 1
        else:
            self.store.mark_transcript_failed(call.id, error)
            self.summary.failed += 1
            self.summary.problems.append(f"{call.path}: {error}")
        self.listen(CallTranscribed(call.id, call.path, _seconds(call), error))

    def from_file(self, call: Call) -> bool:
        """Use the transcript beside the recording, if the plan allows and one is there."""
        found = find_transcript_file(Path(call.path)) if self.plan.use_files else None
        if found is None:
            return False
        try:
            self.finish(call, read_transcript_file(found, self.ws.section("speakers")))
        except QaError as error:
            self.finish(call, None, error.message)
        return True

    def jobs(self, calls: Sequence[Call], business: Sequence[str]) -> Iterator[CallJob]:
        channel_map = {k: str(v) for k, v in self.ws.section("channels").items()}
        for call in calls:
            if self.from_file(call):
                continue
            if self.plan.spec is None:
                self.finish(call, None, "no transcript file beside the recording")
                continue
            self.calls[call.id] = call
            yield CallJob(call.id, call.path, channel_map, vocabulary(call, self.store, business))

    def outcome(self, outcome: JobOutcome) -> None:
        self.finish(self.calls.pop(outcome.call_id), outcome.transcript, outcome.error)


def transcribe_calls(
    store: Store, ws: Workspace, request: TranscribeRequest, listen: Listener = lambda _: None
) -> TranscribeSummary:
    """Transcribe the calls still pending (of one sample, or all); resumable at any point."""
    plan = plan_engine(
        request.engine or str(ws.settings.get("engine") or "auto"), engine_spec(ws, request)
    )
    calls = store.calls_to_transcribe(request.sample_id)
    business, warning = business_names(ws)
    warnings = tuple(w for w in (plan.reason if plan.fallback else "", warning) if w)
    listen(BatchPlanned(len(calls), sum(map(_seconds, calls)), plan.reason, warnings))
    batch = _Batch(store, ws, plan, listen)
    batch.summary.engine = plan.label
    jobs = batch.jobs(calls, business)
    if plan.spec is None:
        for _ in jobs:  # files only: draining the jobs imports every transcript file
            pass
        return batch.summary
    for outcome in run_jobs(jobs, plan.spec, request.workers, request.scheduler):
        batch.outcome(outcome)
    return batch.summary
