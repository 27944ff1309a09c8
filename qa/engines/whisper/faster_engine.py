"""The Whisper engine on faster-whisper (CTranslate2): int8 on CPU, float16 on CUDA."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from qa.domain.transcript import Segment, Speaker
from qa.engines.base import (
    ChannelSpeech,
    EngineSpec,
    WindowsAsSpeech,
    recovers_skipped_speech,
    usable_cores,
)
from qa.engines.hallucination import keep_heard_calls
from qa.engines.vad import Window
from qa.engines.whisper.faster_convert import segments_from_faster
from qa.engines.whisper.models import find_weights
from qa.engines.whisper.prompt import vocabulary_prompt
from qa.engines.whisper.recover import recover_unheard
from qa.errors import EngineUnavailableError

SEED = 1234  # for the sampled retries of the temperature fallback


def pick_device(requested: str) -> str:
    """`cuda` when asked or when `auto` finds a CUDA device CTranslate2 can use, else `cpu`."""
    if requested != "auto":
        return requested
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def compute_type(device: str) -> str:
    """int8 on CPU (4x less memory traffic than float32 at the same words), float16 on a GPU."""
    return "float16" if device == "cuda" else "int8"


def load(spec: EngineSpec, device: str) -> Any:
    """The faster-whisper model of the spec, from a local folder only (never the network)."""
    from faster_whisper import WhisperModel

    weights = find_weights(spec.model, "faster-whisper")
    try:
        return WhisperModel(
            str(weights.path),
            device=device,
            compute_type=compute_type(device),
            cpu_threads=spec.threads or usable_cores(),
            local_files_only=True,
        )
    except (RuntimeError, OSError, ValueError) as exc:
        raise EngineUnavailableError(
            f"faster-whisper could not load {weights.path}: {exc}.",
            hint="Replace it with a complete faster-whisper model folder, or use "
            "--engine pocketsphinx.",
        ) from exc


class FasterWhisperEngine(WindowsAsSpeech):
    """Speech-to-text with faster-whisper, one speech window at a time."""

    uses_vocabulary = True
    backend = "faster-whisper"

    def __init__(self, spec: EngineSpec) -> None:
        self.spec = spec
        self.device = pick_device(spec.device)
        self.model = load(spec, self.device)
        self.language = spec.language if self.model.model.is_multilingual else "en"
        self.name = f"whisper:{find_weights(spec.model, 'faster-whisper').label}"

    def transcribe_speech(
        self, speech: Sequence[ChannelSpeech], vocabulary: Sequence[str]
    ) -> list[Segment]:
        """Segments of every channel of a call, window by window."""
        prompt = vocabulary_prompt(vocabulary)
        segments: list[Segment] = []
        if self.spec.batch_size > 1:
            segments = self._batched(speech, prompt)
        else:
            for part in speech:
                for window in part.windows:
                    segments += self.transcribe_window(part.channel, window, part.speaker, prompt)
        return keep_heard_calls(segments) if self.spec.drop_hallucinations else segments

    def _batched(self, speech: Sequence[ChannelSpeech], prompt: str | None) -> list[Segment]:
        """Every window of every channel decoded in batches of `batch_size`, then each window's
        skipped speech decoded again on its own."""
        from qa.engines.whisper.faster_batch import SLOT_SECONDS, by_slot

        jobs = [(part, window) for part in speech for window in part.windows]
        if not jobs:
            return []
        found = by_slot(self.decode_batch([w.audio(p.channel) for p, w in jobs], prompt), len(jobs))
        segments: list[Segment] = []
        for k, ((part, window), raw) in enumerate(zip(jobs, found, strict=True)):
            drop = self.spec.drop_hallucinations
            heard = segments_from_faster(raw, part.speaker, window, drop, k * SLOT_SECONDS)
            segments += heard + self._recovered(part, window, heard, prompt)
        return segments

    def _recovered(
        self, part: ChannelSpeech, window: Window, heard: list[Segment], prompt: str | None
    ) -> list[Segment]:
        return recover_unheard(
            lambda alone, cue: self._heard(part.channel, alone, part.speaker, cue),
            window,
            heard,
            prompt,
            recovers_skipped_speech(self.spec),
        )

    def transcribe_window(
        self, channel: np.ndarray, window: Window, speaker: Speaker, prompt: str | None
    ) -> list[Segment]:
        """Segments of one window of a channel in call time, skipped speech decoded again."""
        heard = self._heard(channel, window, speaker, prompt)
        return heard + self._recovered(
            ChannelSpeech(channel, (window,), speaker), window, heard, prompt
        )

    def _heard(
        self, channel: np.ndarray, window: Window, speaker: Speaker, prompt: str | None
    ) -> list[Segment]:
        found = self.decode(window.audio(channel), prompt)
        return segments_from_faster(found, speaker, window, self.spec.drop_hallucinations)

    def decode(self, audio: np.ndarray, prompt: str | None, condition: bool = False) -> list[Any]:
        """faster-whisper's segments for up to 30 s of joined speech."""
        import ctranslate2

        # The fallback ladder samples at temperatures above 0: seed it so that the same
        # recording gives the same transcript on every run (and on every worker).
        ctranslate2.set_random_seed(SEED)
        found, _ = self.model.transcribe(
            audio,
            language=self.language,
            beam_size=self.spec.beam_size,
            temperature=list(self.spec.temperature),
            word_timestamps=True,
            initial_prompt=prompt,
            condition_on_previous_text=condition,  # windows are apart in time; do not chain
            vad_filter=False,  # our silero windows already hold only speech
            max_new_tokens=self.spec.sample_len,
        )
        return list(found)

    def decode_batch(self, audios: Sequence[np.ndarray], prompt: str | None) -> list[Any]:
        """faster-whisper's segments for many windows at once, times in their 30 s slots."""
        from faster_whisper import BatchedInferencePipeline

        from qa.engines.whisper.faster_batch import slotted

        joined, clips = slotted(audios)
        found, _ = BatchedInferencePipeline(self.model).transcribe(
            joined,
            language=self.language,
            beam_size=self.spec.beam_size,
            temperature=self.spec.temperature[0],
            word_timestamps=True,
            initial_prompt=prompt,
            vad_filter=False,  # the clips are our silero windows already
            clip_timestamps=clips,
            batch_size=self.spec.batch_size,
            max_new_tokens=self.spec.sample_len,
        )
        return list(found)
