"""Word times of decoded windows from the encoder output at hand, not a second encoder pass."""

from __future__ import annotations

from typing import Any

import torch
from whisper.audio import HOP_LENGTH, N_FRAMES
from whisper.timing import add_word_timestamps

from qa.engines.audio import SAMPLE_RATE


class DecoderOnly:
    """A Whisper model whose call runs the text decoder on audio features the encoder made before.

    `whisper.timing.find_alignment` reads the alignment heads' cross-attention from
    `model(mel, tokens)`, which encodes the 30 s window a second time (the costliest part of the
    word timing). Handed this wrapper and the window's features in place of its mel, Whisper's
    own alignment and word-time rules run unchanged on the decoder alone.
    """

    def __init__(self, model: Any) -> None:
        self.model = model
        self.dims = model.dims
        self.decoder = model.decoder  # find_alignment hooks the cross-attention of its blocks
        self.device = model.device
        self.alignment_heads = model.alignment_heads

    def __call__(self, features: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        logits: torch.Tensor = self.model.decoder(tokens, features)
        return logits


def window_frames(seconds: float) -> int:
    """Mel frames holding a window's audio (the rest of its 30 s is padding)."""
    return int(min(N_FRAMES, round(seconds * SAMPLE_RATE / HOP_LENGTH)))


def add_words(
    model: Any, tokenizer: Any, segment: dict[str, Any], features: torch.Tensor, seconds: float
) -> None:
    """Whisper's word timestamps into `segment` (one window's), from that window's features."""
    add_word_timestamps(
        segments=[segment],
        model=DecoderOnly(model),
        tokenizer=tokenizer,
        mel=features,
        num_frames=window_frames(seconds),
        last_speech_timestamp=0.0,
    )
