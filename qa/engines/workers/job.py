"""The work one process does for one call, with the engine built once per process and reused."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from qa.domain.speakers.roles import ScriptPhrases
from qa.domain.transcript import Transcript
from qa.engines.base import Engine, EngineSpec
from qa.engines.build import build_engine
from qa.errors import EngineUnavailableError, QaError

_engines: dict[EngineSpec, Engine] = {}
_lock = threading.Lock()  # one engine per process; threads of a Dask worker take turns


@dataclass(frozen=True, slots=True)
class CallJob:
    """What a worker needs for one call: the recording (path or bytes), who speaks on it, the
    names to listen for and, for a one-channel call, what the rubric has each side say."""

    call_id: int
    source: str | bytes
    channel_map: dict[str, str] = field(default_factory=dict)
    vocabulary: tuple[str, ...] = ()
    script: ScriptPhrases = ScriptPhrases()


@dataclass(frozen=True, slots=True)
class JobOutcome:
    """A transcript, or why there is none."""

    call_id: int
    transcript: Transcript | None
    error: str = ""


def engine_for(spec: EngineSpec) -> Engine:
    """The process's engine for `spec`, built (and its model loaded) on first use."""
    if spec not in _engines:
        _engines[spec] = build_engine(spec)
    return _engines[spec]


def init_worker(spec: EngineSpec) -> None:
    """Process-pool initializer: load the model before the first call arrives."""
    engine_for(spec)


def run_job(job: CallJob, spec: EngineSpec) -> JobOutcome:
    """Transcribe one call; a call that fails is reported, never raised, so the batch goes on."""
    from qa.engines.call import transcribe_call  # decoding needs av and numpy: workers only

    try:
        with _lock:
            engine = engine_for(spec)
            transcript = transcribe_call(
                job.source, engine, job.channel_map, job.vocabulary, spec.vad, script=job.script
            )
    except EngineUnavailableError:
        raise  # no call can succeed without the engine: stop the batch
    except QaError as error:
        return JobOutcome(job.call_id, None, error.message)
    except (MemoryError, RuntimeError, ValueError) as error:  # torch reports OOM as RuntimeError
        return JobOutcome(job.call_id, None, f"{type(error).__name__}: {error}")
    return JobOutcome(job.call_id, transcript)
