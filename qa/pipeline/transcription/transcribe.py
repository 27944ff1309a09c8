"""The transcribe stage: every pending call to a stored transcript, saved the moment it is done."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from qa.domain.call import Call
from qa.domain.rubric.parse import load_rubric
from qa.domain.speakers.roles import ScriptPhrases, script_phrases
from qa.domain.transcript import Transcript
from qa.engines.base import EngineSpec
from qa.engines.choose import EnginePlan, plan_engine
from qa.engines.importers import find_transcript_file, read_transcript_file
from qa.engines.workers.job import CallJob, JobOutcome
from qa.engines.workers.runners import run_jobs
from qa.errors import QaError
from qa.pipeline.redaction.redact import redact_for_storage
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
    """What a batch did; `unchanged` failed calls were skipped (their input is as it was)."""

    done: int = 0
    failed: int = 0
    engine: str = ""  # what transcribed the calls: `Whisper tiny.en (faster-whisper)`
    problems: list[str] = field(default_factory=list)
    unchanged: int = 0


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


@dataclass(frozen=True, slots=True)
class RubricHints:
    """What the default rubric tells transcription: the business names the model should expect,
    and what the script has agent and customer say (to tell their voices apart on mono calls)."""

    business: tuple[str, ...] = ()
    script: ScriptPhrases = ScriptPhrases()
    warning: str = ""


def rubric_hints(ws: Workspace) -> RubricHints:
    """The default rubric's names and script, or a warning when there is no usable rubric."""
    try:
        rubric = load_rubric(ws.default_rubric())
    except QaError as error:  # hints only help; their absence must not stop the batch
        return RubricHints(warning=f"no rubric names or script to listen for: {error.message}")
    return RubricHints(rubric.business, script_phrases(rubric))


def vocabulary(call: Call, store: Store, business: Sequence[str]) -> tuple[str, ...]:
    """Names the model should expect on this call: the business's and the agent's."""
    agent = store.agent(call.meta.agent) if call.meta.agent else None
    names = (*business, *(agent.spoken_names if agent else ()))
    return tuple(dict.fromkeys(names))


def _seconds(call: Call) -> float:
    return call.audio.duration if call.audio else 0.0


def input_seen(call: Call, transcript_file: Path | None, plan: EnginePlan) -> str:
    """A fingerprint of what transcribing `call` reads: the transcript file beside it, or the
    audio and the engine. A call that failed is retried once this changes."""
    if transcript_file is not None:
        try:
            stat = transcript_file.stat()
        except OSError:
            return ""
        return f"file:{transcript_file.name}:{stat.st_size}:{stat.st_mtime_ns}"
    engine = f"{plan.spec.kind}:{plan.spec.model}" if plan.spec else "files only"
    return f"audio:{call.sha256}:{call.size}:{engine}"


def _reason(problem: Exception) -> str:
    if isinstance(problem, QaError):
        return problem.message
    return str(getattr(problem, "orig", None) or problem).splitlines()[0]


class _Batch:
    """One run over the pending calls: the parent process is the only one writing to the store."""

    def __init__(self, store: Store, ws: Workspace, plan: EnginePlan, listen: Listener) -> None:
        self.store, self.ws, self.plan, self.listen = store, ws, plan, listen
        self.summary = TranscribeSummary()
        self.calls: dict[int, Call] = {}
        self.inputs: dict[int, str] = {}  # what each call's transcription reads, fingerprinted

    def finish(self, call: Call, transcript: Transcript | None, error: str = "") -> None:
        if transcript is not None:
            try:
                self._save(call, transcript)
            except (QaError, ValueError, SQLAlchemyError) as problem:
                # One call's bad data must not stop the batch: it fails alone, with the reason.
                transcript, error = None, f"cannot store its transcript: {_reason(problem)}"
        if transcript is None:
            self.store.mark_transcript_failed(call.id, error, self.inputs.get(call.id, ""))
            self.summary.failed += 1
            self.summary.problems.append(f"{call.path}: {error}")
        self.listen(CallTranscribed(call.id, call.path, _seconds(call), error))

    def _save(self, call: Call, transcript: Transcript) -> None:
        # Personal data never reaches the database: redact right before storing. (Times of
        # transcript files were checked on import; an engine's are its own, up to rounding.)
        self.store.save_transcript(call.id, redact_for_storage(self.ws, transcript))
        self.summary.done += 1

    def from_file(self, call: Call, found: Path | None) -> bool:
        """Use the transcript beside the recording, if the plan allows and one is there."""
        if found is None:
            return False
        try:
            duration = call.audio.duration if call.audio else None
            self.finish(call, read_transcript_file(found, self.ws.section("speakers"), duration))
        except QaError as error:
            self.finish(call, None, error.message)
        return True

    def unchanged(self, call: Call, found: Path | None, failed: dict[int, str]) -> bool:
        """True for a call that failed before on exactly this input: retrying cannot help."""
        self.inputs[call.id] = input_seen(call, found, self.plan)
        if failed.get(call.id) == self.inputs[call.id]:
            self.summary.unchanged += 1
            return True
        return False

    def jobs(self, calls: Sequence[Call], hints: RubricHints) -> Iterator[CallJob]:
        channel_map = {k: str(v) for k, v in self.ws.section("channels").items()}
        failed = self.store.failed_inputs()
        for call in calls:
            found = find_transcript_file(Path(call.path)) if self.plan.use_files else None
            if self.unchanged(call, found, failed) or self.from_file(call, found):
                continue
            if self.plan.spec is None:
                self.finish(call, None, "no transcript file beside the recording")
                continue
            self.calls[call.id] = call
            names = vocabulary(call, self.store, hints.business)
            yield CallJob(call.id, call.path, channel_map, names, hints.script)

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
    hints = rubric_hints(ws)
    warnings = tuple(w for w in (plan.reason if plan.fallback else "", hints.warning) if w)
    listen(BatchPlanned(len(calls), sum(map(_seconds, calls)), plan.reason, warnings))
    batch = _Batch(store, ws, plan, listen)
    batch.summary.engine = plan.label
    jobs = batch.jobs(calls, hints)
    if plan.spec is None:
        for _ in jobs:  # files only: draining the jobs imports every transcript file
            pass
        return batch.summary
    for outcome in run_jobs(jobs, plan.spec, request.workers, request.scheduler):
        batch.outcome(outcome)
    return batch.summary
