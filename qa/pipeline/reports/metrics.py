"""The metrics stage: talk, silence, overtalk, pace and pitch of each transcribed call, stored."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import cast

from qa.domain.call import Call
from qa.domain.metrics.metrics import (
    CallMetrics,
    agent_word_count,
    metrics_from_speech,
    metrics_from_transcript,
    separated_intervals,
    voice_separated,
)
from qa.domain.transcript import Transcript
from qa.engines.acoustics import CallAcoustics, Detector
from qa.engines.acoustics_file import analyse_file
from qa.errors import BadInputError, QaError, WorkspaceError
from qa.pipeline.redaction.redact import original_audio
from qa.storage.store import Store
from qa.workspace import Workspace

DETECTORS = ("energy", "silero")


@dataclass(frozen=True, slots=True)
class CallMeasured:
    """One call is measured and its metrics saved, or it failed for the reason given."""

    call_id: int
    metrics: CallMetrics | None
    error: str = ""


@dataclass
class MeasureSummary:
    """What a batch did."""

    done: int = 0
    failed: int = 0
    problems: list[str] = field(default_factory=list)


def detector(ws: Workspace) -> Detector:
    """The speech detector of qa.toml `[metrics] detector` ("energy" unless set)."""
    chosen = str(ws.section("metrics").get("detector", "energy"))
    if chosen not in DETECTORS:
        raise WorkspaceError(
            f"qa.toml [metrics] detector is {chosen!r}, not one of {', '.join(DETECTORS)}.",
            hint='Use "energy" (fast) or "silero" (tells speech from hold music).',
        )
    return cast(Detector, chosen)


def combine(acoustics: CallAcoustics, transcript: Transcript | None) -> CallMetrics:
    """Metrics from the audio's speech spans and pitch, with the transcript's agent words.

    A mono recording tells no speakers apart; a transcript that does (diarised, or labelled by
    hand) then supplies the spans, while the audio still gives the duration.
    """
    words = agent_word_count(transcript) if transcript else None
    labelled = transcript is not None and not transcript.is_mono
    # a stereo file found mixed (issue 17) was separated by voice: its channel map is wrong
    mixed = "unknown" in acoustics.intervals or voice_separated(transcript)
    if mixed and labelled and transcript is not None:
        spans = separated_intervals(transcript)
        return metrics_from_speech(spans, acoustics.duration, words, None, source="transcript")
    if "agent" not in acoustics.intervals:
        words = None  # no agent channel: a rate over everyone's talk would mislead
    return metrics_from_speech(
        acoustics.intervals, acoustics.duration, words, acoustics.agent_pitch
    )


def measure_call(
    ws: Workspace, call: Call, transcript: Transcript | None, chosen: Detector = "energy"
) -> CallMetrics:
    """Metrics of one call: from its audio when it decodes, else from its transcript alone."""
    try:
        channels = {k: str(v) for k, v in ws.section("channels").items()}
        acoustics = analyse_file(original_audio(ws, call), channels, chosen)
    except BadInputError:
        if transcript is None:
            raise
        return metrics_from_transcript(transcript)
    return combine(acoustics, transcript)


def measure_calls(
    ws: Workspace,
    store: Store,
    call_ids: Iterable[int] | None = None,
    listener: Callable[[CallMeasured], None] | None = None,
) -> MeasureSummary:
    """Measure and store the given calls (default: transcribed calls not measured since).

    A call that cannot be measured is reported and skipped; the batch goes on.
    """
    chosen = detector(ws)  # a settings mistake stops the batch before it starts
    summary = MeasureSummary()
    for call_id in store.calls_to_measure() if call_ids is None else call_ids:
        event = _measure_one(ws, store, call_id, chosen)
        summary.done += not event.error
        summary.failed += bool(event.error)
        summary.problems += [f"call {call_id}: {event.error}"] if event.error else []
        if listener:
            listener(event)
    return summary


def _measure_one(ws: Workspace, store: Store, call_id: int, chosen: Detector) -> CallMeasured:
    try:
        call = store.call(call_id)
        metrics = measure_call(ws, call, store.transcript(call_id), chosen)
        store.save_metrics(call_id, metrics)
    except QaError as error:
        return CallMeasured(call_id, None, error.message)
    return CallMeasured(call_id, metrics)


def stored_metrics(store: Store, call_id: int) -> CallMetrics | None:
    """A call's stored metrics (for `qa show`, the call screen and reports)."""
    return store.metrics(call_id)
