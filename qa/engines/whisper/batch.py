"""Speech windows decoded as one batch: one encoder pass, one decoding task, words timed from it."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import whisper
from whisper.audio import N_SAMPLES, log_mel_spectrogram, pad_or_trim
from whisper.tokenizer import get_tokenizer

from qa.engines.audio import SAMPLE_RATE
from qa.engines.whisper.align import add_words
from qa.engines.whisper.convert import decoding_to_segment_dict


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


def decode_mels(
    model: Any, mels: torch.Tensor, options: whisper.DecodingOptions
) -> tuple[list[whisper.DecodingResult], torch.Tensor]:
    """One batch through Whisper: a single encoder pass over the stacked mels, then one decoding
    task on that encoder output whose every step advances all windows at once (the step, not the
    encoder, is what a batch makes cheaper). Returns the results and the encoder output."""
    with torch.inference_mode():
        features = model.encoder(mels.half() if options.fp16 else mels)
        return whisper.decode(model, features, options), features


@torch.inference_mode()
def transcribe_mels(
    model: Any,
    tokenizer: Any,
    mels: torch.Tensor,
    seconds: list[float],
    options: whisper.DecodingOptions,
    with_words: bool = True,
) -> list[dict[str, Any]]:
    """Whisper-style result dicts ({"segments": [...]}) for windows of `seconds` decoded in one
    batch; word times come from the batch's encoder output, not from encoding each window again."""
    results, features = decode_mels(model, mels, options)
    out: list[dict[str, Any]] = []
    for result, window_features, length in zip(results, features, seconds, strict=True):
        tokens = [t for t in result.tokens if t < tokenizer.eot]  # text only, no special tokens
        raw = decoding_to_segment_dict(result, length, tokens, tokenizer.decode(tokens))
        if with_words and tokens:
            add_words(model, tokenizer, raw, window_features, length)
        out.append({"segments": [raw]})
    return out


def decode_windows(
    engine: Any, audios: list[np.ndarray], prompt: str | None, with_words: bool = True
) -> list[dict[str, Any]]:
    """Whisper-style result dicts ({"segments": [...]}) for windows decoded in one batch."""
    return transcribe_mels(
        engine.model,
        tokenizer_of(engine),
        mel_batch(engine.model, audios),
        [len(audio) / SAMPLE_RATE for audio in audios],
        decoding_options(engine, prompt),
        with_words,
    )
