"""Several speech windows decoded as one batch of mel segments through whisper.decoding.decode."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import whisper
from whisper.audio import N_FRAMES, N_SAMPLES, log_mel_spectrogram, pad_or_trim
from whisper.timing import add_word_timestamps
from whisper.tokenizer import get_tokenizer

from qa.engines.audio import SAMPLE_RATE
from qa.engines.whisper_convert import decoding_to_segment_dict


def mel_batch(model: Any, audios: list[np.ndarray]) -> torch.Tensor:
    """Log-mel spectrograms of windows (each padded to 30 s) stacked as (batch, n_mels, 3000)."""
    mels = [
        log_mel_spectrogram(pad_or_trim(torch.from_numpy(a), N_SAMPLES), model.dims.n_mels)
        for a in audios
    ]
    return torch.stack(mels).to(model.device)


def text_only(tokenizer: Any, n_vocab: int) -> list[int]:
    """Tokens to suppress so only text is sampled: Whisper's usual list, plus timestamp tokens."""
    return [-1, tokenizer.no_timestamps, *range(tokenizer.timestamp_begin, n_vocab)]


def decoding_options(engine: Any, prompt: str | None) -> whisper.DecodingOptions:
    """Greedy decoding without timestamp tokens: one segment per window, words timed after."""
    return whisper.DecodingOptions(
        language=engine.language,
        prompt=prompt,
        without_timestamps=True,
        suppress_tokens=text_only(tokenizer_of(engine), engine.model.dims.n_vocab),
        sample_len=engine.spec.sample_len,
        fp16=engine.fp16,
        temperature=0.0,
    )


def tokenizer_of(engine: Any) -> Any:
    """The tokenizer matching the engine's model and language."""
    return get_tokenizer(
        engine.model.is_multilingual,
        num_languages=engine.model.num_languages,
        language=engine.language,
        task="transcribe",
    )


def _add_words(
    engine: Any, tokenizer: Any, raw: dict[str, Any], mel: torch.Tensor, seconds: float
) -> None:
    frames = min(N_FRAMES, round(seconds * SAMPLE_RATE / whisper.audio.HOP_LENGTH))
    add_word_timestamps(
        segments=[raw],
        model=engine.model,
        tokenizer=tokenizer,
        mel=mel,
        num_frames=frames,
        last_speech_timestamp=0.0,
    )


def decode_mels(
    model: Any, mels: torch.Tensor, options: whisper.DecodingOptions
) -> list[whisper.DecodingResult]:
    """One batch through Whisper: a single encoder pass over the stacked mels, then one decoding
    task whose every step advances all windows at once (the step, not the encoder, is what a
    batch makes cheaper)."""
    with torch.inference_mode():
        return whisper.decode(model, mels, options)  # type: ignore[no-any-return]


@torch.inference_mode()
def decode_windows(
    engine: Any, audios: list[np.ndarray], prompt: str | None, with_words: bool = True
) -> list[dict[str, Any]]:
    """Whisper-style result dicts ({"segments": [...]}) for windows decoded in one batch."""
    mels = mel_batch(engine.model, audios)
    results = decode_mels(engine.model, mels, decoding_options(engine, prompt))
    tokenizer = tokenizer_of(engine)
    out: list[dict[str, Any]] = []
    for audio, mel, result in zip(audios, mels, results, strict=True):
        seconds = len(audio) / SAMPLE_RATE
        tokens = [t for t in result.tokens if t < tokenizer.eot]  # text only, no special tokens
        raw = decoding_to_segment_dict(result, seconds, tokens, tokenizer.decode(tokens))
        if with_words and tokens:
            _add_words(engine, tokenizer, raw, mel, seconds)
        out.append({"segments": [raw]})
    return out
