"""The Whisper engine: one model per process, and the rubric's names in every window's prompt."""

from __future__ import annotations

import pickle
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import whisper

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
from qa.engines.whisper.batch import decode_windows
from qa.engines.whisper.convert import segments_from_whisper
from qa.engines.whisper.models import find_weights
from qa.engines.whisper.prompt import vocabulary_prompt
from qa.engines.whisper.recover import recover_unheard
from qa.engines.whisper.weights import is_model_path
from qa.errors import EngineUnavailableError

Piece = tuple[ChannelSpeech, Window]  # one window and the channel it comes from


def pick_device(requested: str) -> str:
    """`cuda` when asked or when `auto` finds a GPU, else `cpu`."""
    if requested != "auto":
        return requested
    return "cuda" if torch.cuda.is_available() else "cpu"


def _from_file(path: str, device: str) -> Any:
    """A checkpoint file as `whisper.load_model` reads it, plus the word-alignment heads a
    converted checkpoint carries (whisper only knows them for the models it downloads)."""
    from whisper.model import ModelDimensions, Whisper

    checkpoint = torch.load(path, map_location=device, weights_only=False)
    model = Whisper(ModelDimensions(**checkpoint["dims"]))
    model.load_state_dict(checkpoint["model_state_dict"])
    if checkpoint.get("alignment_heads"):
        mask = torch.zeros(model.dims.n_text_layer, model.dims.n_text_head, dtype=torch.bool)
        for layer, head in checkpoint["alignment_heads"]:
            mask[layer, head] = True
        model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)
    return model.to(device)


def load(spec: EngineSpec, device: str) -> Any:
    """The Whisper model of the spec on `device`, from the cache or a local file, never the net."""
    path = find_weights(spec.model, "openai-whisper").path
    try:  # a cached name loads through whisper so it keeps its word-alignment heads
        if is_model_path(spec.model):
            return _from_file(str(path), device)
        return whisper.load_model(spec.model, device=device, download_root=str(path.parent))
    except (RuntimeError, OSError, KeyError, EOFError, pickle.UnpicklingError) as exc:
        raise EngineUnavailableError(
            f"Whisper could not load {path}: {exc}.",
            hint="Replace it with a complete Whisper checkpoint, or use --engine pocketsphinx.",
        ) from exc


class WhisperEngine(WindowsAsSpeech):
    """Speech-to-text with openai-whisper, window by window or in batches of windows."""

    uses_vocabulary = True
    backend = "openai-whisper"

    def __init__(self, spec: EngineSpec) -> None:
        self.spec = spec
        torch.set_num_threads(spec.threads or usable_cores())
        self.device = pick_device(spec.device)
        self.model = load(spec, self.device)
        self.fp16 = self.device == "cuda"  # half precision only where it is fast and supported
        self.language = "en" if not self.model.is_multilingual else spec.language
        label = spec.model.rsplit("/", 1)[-1].removesuffix(".pt")
        self.name = f"whisper:{label}"

    def transcribe_speech(
        self, speech: Sequence[ChannelSpeech], vocabulary: Sequence[str]
    ) -> list[Segment]:
        """Segments of every channel; with batch_size > 1 the windows of all channels of the call
        decode together, so a stereo call fills a batch that one channel alone would not."""
        prompt = vocabulary_prompt(vocabulary)
        pieces: list[Piece] = [(part, window) for part in speech for window in part.windows]
        if self.spec.batch_size > 1:
            segments = self._batched(pieces, prompt)
        else:
            segments = [s for part, w in pieces for s in self._window(part, w, prompt)]
        return keep_heard_calls(segments) if self.spec.drop_hallucinations else segments

    def _window(self, part: ChannelSpeech, window: Window, prompt: str | None) -> list[Segment]:
        heard = self._heard(part, window, prompt)
        again = recover_unheard(
            lambda w, cue: self._heard(part, w, cue),
            window,
            heard,
            prompt,
            recovers_skipped_speech(self.spec),
        )
        return heard + again

    def _heard(self, part: ChannelSpeech, window: Window, prompt: str | None) -> list[Segment]:
        result = self._transcribe(window.audio(part.channel), prompt)
        return self._segments(result, part.speaker, window)

    def _segments(self, result: dict[str, Any], speaker: Speaker, window: Window) -> list[Segment]:
        drop = self.spec.drop_hallucinations
        return segments_from_whisper(result, speaker, window, drop)

    @torch.inference_mode()
    def _transcribe(self, audio: np.ndarray, prompt: str | None) -> dict[str, Any]:
        options: dict[str, Any] = {"fp16": self.fp16, "language": self.language}
        if self.spec.sample_len:
            options["sample_len"] = self.spec.sample_len
        result: dict[str, Any] = whisper.transcribe(
            self.model,
            audio,
            verbose=None,  # nothing on the terminal: progress belongs to our own bar
            temperature=self.spec.temperature,
            word_timestamps=True,
            initial_prompt=prompt,
            carry_initial_prompt=True,  # the names stay in the prompt past the first 30 s
            condition_on_previous_text=False,  # windows are apart in time; do not chain them
            **options,
        )
        return result

    def _batched(self, pieces: list[Piece], prompt: str | None) -> list[Segment]:
        segments: list[Segment] = []
        size = self.spec.batch_size
        for first in range(0, len(pieces), size):
            group = pieces[first : first + size]
            results = decode_windows(self, [w.audio(part.channel) for part, w in group], prompt)
            for (part, window), result in zip(group, results, strict=True):
                heard = self._segments(result, part.speaker, window)
                recover = lambda w, cue, part=part: self._heard(part, w, cue)  # noqa: E731
                segments += heard + recover_unheard(
                    recover, window, heard, prompt, recovers_skipped_speech(self.spec)
                )
        return segments
