"""One call from audio to transcript: decode, split channels into speakers, detect speech, merge.

A recording is read twice, never held whole: a first pass decides which channels are whom
(`call_survey`), then the call is transcribed a few minutes at a time (`call_chunks`), keeping
only segments, speech windows and, for one-voice-track calls, voice embeddings (issue 15).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa.domain.speakers.roles import ScriptPhrases
from qa.domain.transcript import Segment, Transcript
from qa.engines.audio import SAMPLE_RATE, decode_blocks
from qa.engines.base import ChannelSpeech, Engine
from qa.engines.call_chunks import CHUNK_SECONDS, Chunk, call_chunks, chunk_samples
from qa.engines.call_survey import CallPlan, survey_call
from qa.engines.speakers.separate import name_speakers
from qa.engines.speakers.voice_prints import VoicePrints
from qa.engines.unheard import speech_gaps
from qa.engines.vad import Window, group_windows, whole_channel_windows

DEFAULT_CHANNELS = {"left": "agent", "right": "customer"}
SURVEY_BLOCK = 30 * SAMPLE_RATE  # samples per block of the first pass (a multiple of 20 ms)


def _later(segment: Segment, seconds: float) -> Segment:
    words = tuple(replace(w, start=w.start + seconds, end=w.end + seconds) for w in segment.words)
    return replace(segment, start=segment.start + seconds, end=segment.end + seconds, words=words)


def _moved(window: Window, samples: int) -> Window:
    return Window(tuple((start + samples, end + samples) for start, end in window.spans))


def _windows(chunk: Chunk, track: int, vad: bool) -> list[Window]:
    if vad:
        return group_windows(list(chunk.spans[track]))
    return whole_channel_windows(chunk.audio.shape[1])


class _Heard:
    """What the chunks of a call have given so far, in call time."""

    def __init__(self, plan: CallPlan) -> None:
        self.plan = plan
        self.segments: list[Segment] = []
        self.windows: list[list[Window]] = [[] for _ in plan.tracks]
        self.voices = VoicePrints()

    def add(self, chunk: Chunk, engine: Engine, vocabulary: Sequence[str], vad: bool) -> None:
        tracks = self.plan.tracks
        windows = [_windows(chunk, i, vad) for i in range(len(tracks))]
        speech = [
            ChannelSpeech(audio, tuple(found), track.speaker)
            for audio, found, track in zip(chunk.audio, windows, tracks, strict=True)
        ]
        found = engine.transcribe_speech(speech, vocabulary)
        self.segments += [_later(s, chunk.seconds) for s in found]
        for mine, new in zip(self.windows, windows, strict=True):
            mine += [_moved(w, chunk.offset) for w in new]
        if len(tracks) == 1:  # voices are told apart on speech only, VAD or not
            self.voices.add(chunk.audio[0], chunk.spans[0], chunk.offset)


def _tracks(blocks: Iterable[np.ndarray], plan: CallPlan) -> Iterator[np.ndarray]:
    for block in blocks:
        yield np.stack([track.audio(block) for track in plan.tracks])


def transcribe_blocks(
    blocks: Iterable[np.ndarray],
    plan: CallPlan,
    engine: Engine,
    channel_map: Mapping[str, str],
    vocabulary: Sequence[str] = (),
    vad: bool = True,
    chunk_seconds: float = CHUNK_SECONDS,
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """A transcript of a recording's decoded blocks (n_channels, n) at 16 kHz, as `plan` says."""
    heard = _Heard(plan)
    one_track = len(plan.tracks) == 1
    chunks = call_chunks(_tracks(blocks, plan), plan.samples, vad, vad or one_track, chunk_seconds)
    for chunk in chunks:
        heard.add(chunk, engine, vocabulary, vad)
    used = list(vocabulary) if engine.uses_vocabulary else []
    pairs = zip(heard.windows, plan.tracks, strict=True)
    gaps = [g for windows, t in pairs for g in speech_gaps(windows, heard.segments, t.speaker)]
    transcript = Transcript(
        segments=(),
        duration=plan.duration,
        engine=engine.name,
        extra={"vocabulary": used, "channels": len(plan.tracks), "vad": vad}
        | ({"channels_note": plan.channels_note} if plan.channels_note else {}),
        gaps=tuple(sorted(gaps, key=lambda g: (g.start, g.end))) if vad else (),
    ).with_segments(tuple(heard.segments))
    if not one_track:
        return transcript
    found = heard.voices.diarization(plan.samples)  # who said what, from the voices (issue 17)
    mixed = plan.mixed
    return name_speakers(
        found, transcript, vocabulary, channel_map, mixed.note, plan.loud_speaker, script
    )


def _blocks(channels: np.ndarray, size: int) -> Iterator[np.ndarray]:
    for first in range(0, channels.shape[1], size):
        yield channels[:, first : first + size]


def transcribe_audio(
    channels: np.ndarray,
    engine: Engine,
    channel_map: Mapping[str, str] | None = None,
    vocabulary: Sequence[str] = (),
    vad: bool = True,
    chunk_seconds: float = CHUNK_SECONDS,
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """A transcript of decoded audio (n_channels, n_samples) at 16 kHz; on one channel, the
    voices are named by what `script` (the rubric's phrases) has each side say."""
    channel_map = channel_map or DEFAULT_CHANNELS
    plan = survey_call(_blocks(channels, SURVEY_BLOCK), channel_map)
    blocks = _blocks(channels, chunk_samples(chunk_seconds))
    return transcribe_blocks(
        blocks, plan, engine, channel_map, vocabulary, vad, chunk_seconds, script
    )


def transcribe_call(
    source: Path | str | bytes,
    engine: Engine,
    channel_map: Mapping[str, str] | None = None,
    vocabulary: Sequence[str] = (),
    vad: bool = True,
    chunk_seconds: float = CHUNK_SECONDS,
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """A transcript of a recording (path or file bytes); BadInputError if it does not decode.

    The file is decoded twice, a block at a time: memory does not grow with the call's length.
    """
    channel_map = channel_map or DEFAULT_CHANNELS
    where = "audio bytes" if isinstance(source, bytes) else str(source)
    plan = survey_call(decode_blocks(source, SURVEY_BLOCK), channel_map, where)
    blocks = decode_blocks(source, chunk_samples(chunk_seconds))
    return transcribe_blocks(
        blocks, plan, engine, channel_map, vocabulary, vad, chunk_seconds, script
    )
