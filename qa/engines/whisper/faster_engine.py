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
        for part in speech:
            for window in part.windows:
                segments.extend(self.transcribe_window(part.channel, window, part.speaker, prompt))
        return keep_heard_calls(segments) if self.spec.drop_hallucinations else segments

    def transcribe_window(
        self, channel: np.ndarray, window: Window, speaker: Speaker, prompt: str | None
    ) -> list[Segment]:
        """Segments of one window of a channel in call time, skipped speech decoded again."""
        heard = self._heard(channel, window, speaker, prompt)
        again = recover_unheard(
            lambda alone, cue: self._heard(channel, alone, speaker, cue),
            window,
            heard,
            prompt,
            recovers_skipped_speech(self.spec),
        )
        return heard + again

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
