"""One call from audio to transcript: decode, split channels into speakers, detect speech, merge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from qa.domain.speakers.roles import ScriptPhrases
from qa.domain.transcript import Speaker, Transcript
from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.base import Engine, channel_speech
from qa.engines.channel_check import ChannelCheck, check_channels
from qa.engines.channels import choose_channels
from qa.engines.speakers.separate import separate_speakers
from qa.engines.unheard import speech_gaps

DEFAULT_CHANNELS = {"left": "agent", "right": "customer"}
_SAME_CHANNEL_TOLERANCE = 1e-3  # a "stereo" file whose channels are equal is a mono call


_BLOCK = 30 * SAMPLE_RATE  # compared a block at a time: np.allclose over a whole 2-hour
# channel makes several float temporaries of its size (over 1 GB at the peak)


def _is_mono(channels: np.ndarray) -> bool:
    first = channels[0]
    return all(
        np.allclose(first[i : i + _BLOCK], other[i : i + _BLOCK], atol=_SAME_CHANNEL_TOLERANCE)
        for other in channels[1:]
        for i in range(0, len(first), _BLOCK)
    )


def transcribe_audio(
    channels: np.ndarray,
    engine: Engine,
    channel_map: Mapping[str, str] | None = None,
    vocabulary: Sequence[str] = (),
    vad: bool = True,
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """A transcript of decoded audio (n_channels, n_samples) at 16 kHz; on one channel, the
    voices are named by what `script` (the rubric's phrases) has each side say."""
    channel_map = channel_map or DEFAULT_CHANNELS
    if _is_mono(channels):
        channels = channels[:1]
    choice = choose_channels(channels, channel_map)
    channels = channels[list(choice.kept)]
    mixed = ChannelCheck(True) if len(channels) == 1 else check_channels(channels)
    if mixed.mixed and len(channels) > 1:
        channels = channels[:1] if mixed.channel is None else mixed.channel[None, :]
    unknown: list[Speaker] = ["unknown"]
    speakers = unknown if len(channels) == 1 else list(choice.speakers)
    pairs = zip(channels, speakers, strict=True)
    speech = [channel_speech(channel, speaker, vad) for channel, speaker in pairs]
    segments = engine.transcribe_speech(speech, vocabulary)
    used = list(vocabulary) if engine.uses_vocabulary else []
    gaps = [g for part in speech for g in speech_gaps(part.windows, segments, part.speaker)]
    transcript = Transcript(
        segments=(),
        duration=channels.shape[1] / SAMPLE_RATE,
        engine=engine.name,
        extra={"vocabulary": used, "channels": len(channels), "vad": vad}
        | ({"channels_note": choice.note} if choice.note else {}),
        gaps=tuple(sorted(gaps, key=lambda g: (g.start, g.end))) if vad else (),
    )
    transcript = transcript.with_segments(tuple(segments))
    if len(channels) == 1:  # who said what, from the voices (issue 17)
        loud: Speaker = "unknown"  # who the channel map puts on the only speaking channel
        if mixed.loud_index >= 0:
            loud = choice.speakers[mixed.loud_index]
        # Voices are told apart on speech only: without the VAD the engine's window is the
        # whole channel, and line noise clustered as a second "voice" splits one speaker's words.
        voiced = speech[0].windows if vad else channel_speech(channels[0], "unknown").windows
        return separate_speakers(
            channels[0], voiced, transcript, vocabulary, channel_map, mixed.note, loud, script
        )
    return transcript


def transcribe_call(
    source: Path | str | bytes,
    engine: Engine,
    channel_map: Mapping[str, str] | None = None,
    vocabulary: Sequence[str] = (),
    vad: bool = True,
    script: ScriptPhrases = ScriptPhrases(),
) -> Transcript:
    """A transcript of a recording (path or file bytes); BadInputError if it does not decode."""
    channels, _ = decode(source)
    return transcribe_audio(channels, engine, channel_map, vocabulary, vad, script)
