"""Batched windows give what Whisper's own one-window decode and word timing give, on real audio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import whisper
from whisper.timing import add_word_timestamps

from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.whisper.align import window_frames
from qa.engines.whisper.batch import mel_batch, text_only, transcribe_mels
from qa.engines.whisper.convert import decoding_to_segment_dict

FRAME = 0.02  # seconds per alignment step (whisper.audio.TOKENS_PER_SECOND = 50)


@pytest.fixture(scope="module")
def model(tiny_whisper: Path) -> Any:
    """The tiny checkpoint with larger random weights: greedy decoding then varies its tokens
    from step to step (at the default scale it repeats one token), so a mix-up would show."""
    model = whisper.load_model(str(tiny_whisper), device="cpu")
    torch.manual_seed(3)
    with torch.no_grad():
        for name, weights in model.named_parameters():
            if weights.dim() == 2 and "embedding" not in name:
                weights.normal_(0.0, 0.3)
        model.decoder.positional_embedding.normal_(0.0, 1.0)
    return model


@pytest.fixture(scope="module")
def tokenizer(model: Any) -> Any:
    return whisper.tokenizer.get_tokenizer(False, language="en", task="transcribe")


@pytest.fixture(scope="module")
def windows(audio_dir: Path) -> list[np.ndarray]:
    """Windows of different lengths: the greeting, the greeting between silences, a tone."""
    return [decode(audio_dir / f"{n}.wav")[0][0] for n in ("greeting", "speech", "tone")]


def text_options(tokenizer: Any, model: Any) -> whisper.DecodingOptions:
    """Greedy text tokens to a fixed length (end-of-text suppressed), so every window has words."""
    suppress = [*text_only(tokenizer, model.dims.n_vocab), tokenizer.eot]
    return whisper.DecodingOptions(
        language="en", without_timestamps=True, suppress_tokens=suppress, sample_len=12, fp16=False
    )


@torch.inference_mode()
def one_window(model: Any, tokenizer: Any, audio: np.ndarray, options: Any) -> dict[str, Any]:
    """A window the way Whisper does it alone: decode its mel, then time words (a new encoding)."""
    mel = mel_batch(model, [audio])[0]
    result = whisper.decode(model, mel, options)
    tokens = [t for t in result.tokens if t < tokenizer.eot]
    seconds = len(audio) / SAMPLE_RATE
    segment = decoding_to_segment_dict(result, seconds, tokens, tokenizer.decode(tokens))
    frames = window_frames(seconds)
    add_word_timestamps(
        segments=[segment], model=model, tokenizer=tokenizer, mel=mel, num_frames=frames,
        last_speech_timestamp=0.0,
    )  # fmt: skip
    return segment


def test_a_batch_matches_whisper_window_by_window(
    model: Any, tokenizer: Any, windows: list[np.ndarray]
) -> None:
    options = text_options(tokenizer, model)
    seconds = [len(a) / SAMPLE_RATE for a in windows]
    batched = transcribe_mels(model, tokenizer, mel_batch(model, windows), seconds, options)
    for audio, result in zip(windows, batched, strict=True):
        alone = one_window(model, tokenizer, audio, options)
        (segment,) = result["segments"]
        assert segment["tokens"] == alone["tokens"]
        assert len(set(segment["tokens"])) > 3
        assert [w["word"] for w in segment["words"]] == [w["word"] for w in alone["words"]]
        assert segment["words"], "every window is timed word by word"
        for word, expected in zip(segment["words"], alone["words"], strict=True):
            assert word["start"] == pytest.approx(expected["start"], abs=FRAME)
            assert word["end"] == pytest.approx(expected["end"], abs=FRAME)
            assert word["probability"] == pytest.approx(expected["probability"], abs=1e-3)
        assert (segment["start"], segment["end"]) == pytest.approx(
            (alone["start"], alone["end"]), abs=FRAME
        )


def test_words_lie_inside_their_window(
    model: Any, tokenizer: Any, windows: list[np.ndarray]
) -> None:
    seconds = [len(a) / SAMPLE_RATE for a in windows]
    mels = mel_batch(model, windows)
    results = transcribe_mels(model, tokenizer, mels, seconds, text_options(tokenizer, model))
    for length, result in zip(seconds, results, strict=True):
        assert result["segments"][0]["words"]
        for word in result["segments"][0]["words"]:
            assert 0.0 <= word["start"] <= word["end"] <= length + FRAME
