"""Transcription cost on the demo calls (recordings/*.flac), each figure against a baseline run now.

1. Audio sent to the model / call length: VAD as configured, VAD as it was (0.2 s padding both
   sides, 300 ms minimum silence), the speech alone (no padding), and no VAD (whole channels).
2. pocketsphinx throughput and word error rate (against the scripts in
   scripts/make_demo_calls.py), one process: as configured versus as it was (VAD on all torch
   threads over digital silence too, pocketsphinx's default maxhmmpf of 30000).
3. Whisper compute per call-second: a random-weight model with the real base.en dimensions and a
   fixed decode length (end-of-text suppressed, greedy, no fallback), decoding VAD windows one at
   a time versus all together as one batch (`qa.engines.whisper_batch.decode_mels`).

    python bench/transcribe.py [--calls 4] [--tokens 96] [--windows 8] [--repeats 3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pocketsphinx
import torch
import whisper
from rapidfuzz.distance import Levenshtein
from whisper.model import ModelDimensions, Whisper

from qa.engines import vad
from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.base import EngineSpec, build_engine, usable_cores
from qa.engines.call import transcribe_audio
from qa.engines.whisper_batch import decode_mels, mel_batch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_demo_calls import CALLS  # noqa: E402  (the scripts the demo calls were spoken from)

BASE_EN = ModelDimensions(
    n_mels=80, n_audio_ctx=1500, n_audio_state=512, n_audio_head=8, n_audio_layer=6,
    n_vocab=51864, n_text_ctx=448, n_text_state=512, n_text_head=8, n_text_layer=6,
)  # fmt: skip


@contextlib.contextmanager
def vad_settings(**values: object) -> Iterator[None]:
    """The VAD module's constants set to `values` for a while (a past or other configuration)."""
    saved = {name: getattr(vad, name) for name in values}
    for name, value in values.items():
        setattr(vad, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(vad, name, value)


BEFORE_VAD = {
    "PAD_SECONDS": 0.2,
    "LEAD_SECONDS": 0.0,
    "MIN_SILENCE_MS": 300,
    "DIGITAL_SILENCE": -1.0,
}
SPEECH_ONLY = {"PAD_SECONDS": 0.0, "LEAD_SECONDS": 0.0}


def sent_ratio(channels: np.ndarray) -> float:
    """Seconds of audio sent to the model per second of call."""
    sent = sum(w.samples for ch in channels for w in vad.speech_windows(ch))
    return sent / channels.shape[1]


def sent_ratios(calls: dict[str, np.ndarray]) -> dict[str, list[float]]:
    ratios = {"VAD now": [sent_ratio(c) for c in calls.values()]}
    with vad_settings(**BEFORE_VAD):
        ratios["VAD before"] = [sent_ratio(c) for c in calls.values()]
    with vad_settings(**SPEECH_ONLY):
        ratios["speech alone"] = [sent_ratio(c) for c in calls.values()]
    ratios["no VAD"] = [float(c.shape[0]) for c in calls.values()]
    return ratios


def words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.casefold())


def script_of(stem: str, speaker: str) -> list[str]:
    call = next(c for c in CALLS if c.stem == stem)
    return words(" ".join(t.text for t in call.turns if speaker in (t.speaker, "unknown")))


def sphinx_run(calls: dict[str, np.ndarray], before: bool) -> tuple[float, float, float]:
    """Calls per hour, times real time and word error rate of pocketsphinx (wall clock)."""
    engine = build_engine(EngineSpec("pocketsphinx"))
    if before:
        engine.decoder = pocketsphinx.Decoder(samprate=16000, loglevel="FATAL")  # type: ignore[attr-defined]
    # As it was: silero on every torch thread and over digital silence, 0.2 s padding.
    past = {"_one_thread": contextlib.nullcontext, **BEFORE_VAD}
    settings = past if before else {}
    errors = said = 0
    started = time.perf_counter()
    with vad_settings(**settings):
        transcripts = {stem: transcribe_audio(c, engine) for stem, c in calls.items()}
    elapsed = time.perf_counter() - started
    for stem, transcript in transcripts.items():
        for speaker in ("agent", "customer") if calls[stem].shape[0] == 2 else ("unknown",):
            heard = words(" ".join(s.text for s in transcript.segments if s.speaker == speaker))
            script = script_of(stem, speaker)
            errors += Levenshtein.distance(script, heard)
            said += len(script)
    audio = sum(c.shape[1] for c in calls.values()) / SAMPLE_RATE
    return 3600 * len(calls) / elapsed, audio / elapsed, errors / said


def random_base_en() -> Whisper:
    torch.manual_seed(0)
    model = Whisper(BASE_EN)
    torch.nn.init.normal_(model.decoder.positional_embedding, std=0.02)
    return model.eval()


def fixed_length_options(tokens: int) -> whisper.DecodingOptions:
    tokenizer = whisper.tokenizer.get_tokenizer(False)
    return whisper.DecodingOptions(
        language="en", without_timestamps=True, sample_len=tokens, fp16=False, temperature=0.0,
        suppress_tokens=[-1, tokenizer.eot],  # never stop early: every window decodes `tokens`
    )  # fmt: skip


def windows_of(calls: list[np.ndarray], count: int) -> tuple[list[np.ndarray], float]:
    """The first `count` VAD windows of the calls in order, and the call seconds they cover."""
    audios: list[np.ndarray] = []
    seconds = 0.0
    for channels in calls:
        if len(audios) >= count:
            break
        audios += [w.audio(ch) for ch in channels for w in vad.speech_windows(ch)]
        seconds += channels.shape[1] / SAMPLE_RATE
    return audios, seconds


def whisper_timings(audios: list[np.ndarray], tokens: int, repeats: int) -> tuple[list, list]:
    """Seconds to decode the windows one at a time, and all as one batch, per repeat."""
    model = random_base_en()
    mels = mel_batch(model, audios)
    options = fixed_length_options(tokens)
    decode_mels(model, mels[:1], fixed_length_options(2))  # warm-up: first-call allocations
    sequential, batched, encoder = [], [], []
    for _ in range(repeats):
        started = time.perf_counter()
        with torch.inference_mode():
            model.encoder(mels)
        encoder.append(time.perf_counter() - started)
        started = time.perf_counter()
        for mel in mels:
            decode_mels(model, mel[None], options)
        sequential.append(time.perf_counter() - started)
        started = time.perf_counter()
        decode_mels(model, mels, options)
        batched.append(time.perf_counter() - started)
    print(f"  encoder alone, all windows: median {statistics.median(encoder):.1f} s")
    return sequential, batched


def print_ratios(calls: dict[str, np.ndarray]) -> None:
    for name, values in sent_ratios(calls).items():
        print(f"  {name:13s} median {statistics.median(values):.3f}  max {max(values):.3f}")


def print_sphinx(calls: dict[str, np.ndarray], count: int, repeats: int) -> None:
    chosen = dict(list(calls.items())[:count])
    runs: dict[str, list[tuple[float, float, float]]] = {"before": [], "now": []}
    for _ in range(repeats):  # alternated, so a change in machine load hits both alike
        for label in runs:
            runs[label].append(sphinx_run(chosen, label == "before"))
    for label, figures in runs.items():
        per_hour, speed, wer = (statistics.median(f[i] for f in figures) for i in range(3))
        print(f"  {label:6s} {per_hour:5.0f} calls/hour, {speed:.2f}x real time, WER {wer:.3f}"
              f" (runs: {', '.join(f'{f[0]:.0f}' for f in figures)} calls/hour)")  # fmt: skip
    ratio = statistics.median(runs["now"][i][0] / runs["before"][i][0] for i in range(repeats))
    print(f"  speed-up {ratio:.2f}x")


def print_whisper(calls: dict[str, np.ndarray], args: argparse.Namespace) -> None:
    audios, seconds = windows_of(list(calls.values()), args.windows)
    audios = audios[: args.windows]
    seq, bat = whisper_timings(audios, args.tokens, args.repeats)
    print(f"whisper base.en dims, random weights, {args.tokens} tokens/window, {len(audios)} "
          f"windows covering {seconds:.0f} s of calls, {args.repeats} runs:")  # fmt: skip
    for label, runs in (("sequential", seq), ("batched", bat)):
        median = statistics.median(runs)
        print(f"  {label:10s} {median / seconds * 1000:4.0f} ms per call-second "
              f"(median {median:.1f} s; runs {', '.join(f'{r:.1f}' for r in runs)})")  # fmt: skip
    ratios = [s / b for s, b in zip(seq, bat, strict=True)]
    print(f"  batching speed-up: median {statistics.median(seq) / statistics.median(bat):.2f}x "
          f"(per run {', '.join(f'{r:.2f}' for r in ratios)})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4, help="calls for pocketsphinx throughput")
    parser.add_argument("--tokens", type=int, default=96, help="tokens per window (~30 s talk)")
    parser.add_argument("--windows", type=int, default=8, help="VAD windows decoded as a batch")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=[], choices=["ratio", "sphinx", "whisper"])
    args = parser.parse_args()
    torch.set_num_threads(usable_cores())
    calls = {p.stem: decode(p)[0] for p in sorted((ROOT / "recordings").glob("*.flac"))}
    total = sum(c.shape[1] for c in calls.values()) / SAMPLE_RATE
    print(f"{len(calls)} demo calls, {total / 60:.1f} min; torch threads {torch.get_num_threads()}"
          f"; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    if "ratio" not in args.skip:
        print("audio sent to the model / call seconds:")
        print_ratios(calls)
    if "sphinx" not in args.skip:
        print(f"pocketsphinx, {args.calls} calls, one process, VAD on:")
        print_sphinx(calls, args.calls, args.repeats)
    if "whisper" not in args.skip:
        print_whisper(calls, args)
    print(f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
