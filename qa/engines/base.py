"""The protocol every speech engine follows, and the settings that build one in any process."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

from qa.domain.transcript import Segment, Speaker

if TYPE_CHECKING:  # numpy and the VAD load only where audio is handled, not for `qa --help`
    import numpy as np

    from qa.engines.vad import Window

EngineKind = Literal["whisper", "pocketsphinx"]


@dataclass(frozen=True, slots=True)
class EngineSpec:
    """Everything needed to build an engine; small and picklable, so workers build their own."""

    kind: EngineKind
    model: str = "base.en"  # Whisper model name, faster-whisper folder or openai-whisper .pt
    backend: str = "auto"  # auto | faster-whisper | openai-whisper (auto: from what model is)
    device: str = "auto"  # auto | cpu | cuda
    batch_size: int = 1  # Whisper windows decoded together; 1 runs whisper.transcribe per window
    sample_len: int | None = None  # cap on tokens per window (tests and benchmarks)
    temperature: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
    language: str = "en"
    vad: bool = True
    # Off only to inspect raw output (random-weight models): no invented lines dropped and no
    # skipped speech decoded again.
    drop_hallucinations: bool = True
    recover: bool = True  # decode again the speech a window's decode skipped (benchmarks: off)
    threads: int = 0  # model threads (torch or CTranslate2); 0 = every core this process may use
    beam_size: int = 1  # faster-whisper beam; 1 decodes greedily, as openai-whisper does


@dataclass(frozen=True, slots=True)
class ChannelSpeech:
    """The speech windows of one channel of a call, and who speaks on that channel."""

    channel: np.ndarray  # 16 kHz float32 samples: the channel, or the chunk of it being heard
    windows: tuple[Window, ...]
    speaker: Speaker


class Engine(Protocol):
    """Speech-to-text: speech windows in, segments in call time out."""

    name: str
    uses_vocabulary: bool

    def transcribe_windows(
        self,
        channel: np.ndarray,
        windows: Sequence[Window],
        speaker: Speaker,
        vocabulary: Sequence[str],
    ) -> list[Segment]:
        """Segments heard in the windows of a 16 kHz float32 channel, times from call start."""
        ...

    def transcribe_speech(
        self, speech: Sequence[ChannelSpeech], vocabulary: Sequence[str]
    ) -> list[Segment]:
        """Segments of every channel of a call; an engine may decode their windows together."""
        ...


class WindowsAsSpeech:
    """`transcribe_windows` for an engine whose work is `transcribe_speech`: one channel's
    windows are decoded as the speech of a call with that channel alone."""

    def transcribe_windows(
        self,
        channel: np.ndarray,
        windows: Sequence[Window],
        speaker: Speaker,
        vocabulary: Sequence[str],
    ) -> list[Segment]:
        """Segments of one channel's windows, in call time."""
        return self.transcribe_speech([ChannelSpeech(channel, tuple(windows), speaker)], vocabulary)

    def transcribe_speech(
        self, speech: Sequence[ChannelSpeech], vocabulary: Sequence[str]
    ) -> list[Segment]:
        """Segments of every channel of a call (each engine decodes them its own way)."""
        raise NotImplementedError


def recovers_skipped_speech(spec: EngineSpec) -> bool:
    """Whether windows are checked for speech the model skipped: only where the VAD says what
    is speech, and not when raw output is asked for."""
    return spec.vad and spec.drop_hallucinations and spec.recover


def usable_cores() -> int:
    """CPU cores this process may run on (its affinity mask, not the machine's total)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def channel_speech(channel: np.ndarray, speaker: Speaker, vad: bool = True) -> ChannelSpeech:
    """A channel with the windows to send: its speech regions with `vad`, else all of it."""
    from qa.engines.vad import speech_windows

    return ChannelSpeech(channel, tuple(speech_windows(channel, vad)), speaker)
