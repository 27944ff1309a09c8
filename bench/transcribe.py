"""Transcription cost on the demo calls (recordings/*.flac).

1. Audio sent to the model / call length: with silero-vad versus without (whole channels).
2. pocketsphinx throughput: calls per hour on this machine, one process.
3. Whisper compute per call-second: a random-weight model with the real base.en dimensions and a
   fixed decode length (end-of-text suppressed), decoding a call's VAD windows one at a time
   versus all together as one batch of mel segments through whisper.decoding.decode.

    python bench/transcribe.py [--calls 4] [--tokens 32] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
import torch
import whisper
from whisper.model import ModelDimensions, Whisper

from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.base import EngineSpec, build_engine
from qa.engines.call import transcribe_audio
from qa.engines.vad import speech_windows
from qa.engines.whisper_batch import mel_batch

RECORDINGS = Path(__file__).resolve().parents[1] / "recordings"
BASE_EN = ModelDimensions(
    n_mels=80, n_audio_ctx=1500, n_audio_state=512, n_audio_head=8, n_audio_layer=6,
    n_vocab=51864, n_text_ctx=448, n_text_state=512, n_text_head=8, n_text_layer=6,
)  # fmt: skip


def sent_ratios(calls: dict[Path, np.ndarray]) -> tuple[list[float], list[float]]:
    """Seconds sent to the model per call second, with VAD and without."""
    with_vad, without = [], []
    for channels in calls.values():
        seconds = channels.shape[1] / SAMPLE_RATE
        sent = sum(w.samples for ch in channels for w in speech_windows(ch)) / SAMPLE_RATE
        with_vad.append(sent / seconds)
        without.append(channels.shape[0] * 1.0)
    return with_vad, without


def sphinx_calls_per_hour(calls: dict[Path, np.ndarray], count: int) -> tuple[float, float]:
    """Calls per hour and audio-seconds per second with pocketsphinx (wall clock, one process)."""
    engine = build_engine(EngineSpec("pocketsphinx"))
    chosen = list(calls.values())[:count]
    started = time.perf_counter()
    for channels in chosen:
        transcribe_audio(channels, engine)
    elapsed = time.perf_counter() - started
    audio = sum(c.shape[1] for c in chosen) / SAMPLE_RATE
    return 3600 * len(chosen) / elapsed, audio / elapsed


def random_base_en() -> Whisper:
    torch.manual_seed(0)
    model = Whisper(BASE_EN)
    torch.nn.init.normal_(model.decoder.positional_embedding, std=0.02)
    return model.eval()


def fixed_length_options(model: Whisper, tokens: int) -> whisper.DecodingOptions:
    tokenizer = whisper.tokenizer.get_tokenizer(False)
    return whisper.DecodingOptions(
        language="en", without_timestamps=True, sample_len=tokens, fp16=False,
        suppress_tokens=[-1, tokenizer.eot],  # never stop early: every window decodes `tokens`
    )  # fmt: skip


def windows_of(calls: list[np.ndarray], count: int) -> tuple[list[np.ndarray], float]:
    """The first `count` VAD windows of the calls in order, and the call seconds they cover."""
    audios: list[np.ndarray] = []
    seconds = 0.0
    for channels in calls:
        if len(audios) >= count:
            break
        audios += [w.audio(ch) for ch in channels for w in speech_windows(ch)]
        seconds += channels.shape[1] / SAMPLE_RATE
    return audios, seconds


def whisper_timings(audios: list[np.ndarray], tokens: int, repeats: int) -> tuple[float, float]:
    """Median seconds to decode the windows one at a time, and all as one batch."""
    model = random_base_en()
    mels = mel_batch(model, audios)
    options = fixed_length_options(model, tokens)
    sequential, batched = [], []
    with torch.inference_mode():
        for _ in range(repeats):
            started = time.perf_counter()
            for mel in mels:
                whisper.decode(model, mel, options)
            sequential.append(time.perf_counter() - started)
            started = time.perf_counter()
            whisper.decode(model, mels, options)
            batched.append(time.perf_counter() - started)
    return statistics.median(sequential), statistics.median(batched)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4, help="calls for pocketsphinx throughput")
    parser.add_argument("--tokens", type=int, default=96, help="tokens per window (~30 s talk)")
    parser.add_argument("--windows", type=int, default=6, help="VAD windows decoded as a batch")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    calls = {p: decode(p)[0] for p in sorted(RECORDINGS.glob("*.flac"))}
    total = sum(c.shape[1] for c in calls.values()) / SAMPLE_RATE
    threads = torch.get_num_threads()
    print(f"{len(calls)} demo calls, {total / 60:.1f} min of audio, torch threads {threads}")
    with_vad, without = sent_ratios(calls)
    print(f"sent/call seconds: VAD median {statistics.median(with_vad):.2f} "
          f"(max {max(with_vad):.2f}); without VAD {statistics.median(without):.1f}")  # fmt: skip
    per_hour, speed = sphinx_calls_per_hour(calls, args.calls)
    print(f"pocketsphinx: {per_hour:.0f} calls/hour, {speed:.1f}x real time (VAD on)")
    audios, seconds = windows_of(list(calls.values()), args.windows)
    seq, bat = whisper_timings(audios, args.tokens, args.repeats)
    print(f"whisper base.en dims, random weights, {args.tokens} tokens/window, {len(audios)} "
          f"windows covering {seconds:.0f} s of calls:")  # fmt: skip
    print(f"  sequential {seq / seconds * 1000:.0f} ms per call-second (median {seq:.2f} s)")
    print(f"  batched    {bat / seconds * 1000:.0f} ms per call-second (median {bat:.2f} s)")
    print(f"  batching speed-up {seq / bat:.2f}x")


if __name__ == "__main__":
    main()
