"""Transcription cost on the demo calls (recordings/*.flac), each figure against a baseline run now.

1. Audio sent to the model / call length: VAD as configured, VAD as it was (0.2 s padding both
   sides, 300 ms minimum silence), the speech alone (no padding), and no VAD (whole channels).
2. pocketsphinx throughput and word error rate (against the scripts in
   scripts/make_demo_calls.py), one process: as configured versus as it was (VAD on all torch
   threads over digital silence too, pocketsphinx's default maxhmmpf of 30000).
3. Whisper compute per call-second: a random-weight model with the real base.en dimensions and a
   fixed decode length (end-of-text suppressed, greedy, no fallback), transcribing VAD windows
   with word times one at a time through Whisper's own functions (batch_size 1) versus as one
   batch: as the batched path was (word timing encodes each window again) and as it is
   (`qa.engines.whisper.batch.transcribe_mels`). Only this part: --skip ratio sphinx.

    python bench/transcribe.py [--calls 4] [--tokens 96] [--windows 8] [--repeats 3]

Real weights, both Whisper backends against pocketsphinx (speed, CPU, memory, WER, untranscribed
speech): bench/transcribe_backends.py.
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
from typing import Any

import numpy as np
import pocketsphinx
import torch
import whisper
from rapidfuzz.distance import Levenshtein
from whisper.model import ModelDimensions, Whisper
from whisper.timing import add_word_timestamps

from qa.engines import vad
from qa.engines.audio import SAMPLE_RATE, decode
from qa.engines.base import EngineSpec, usable_cores
from qa.engines.build import build_engine
from qa.engines.call import transcribe_audio
from qa.engines.whisper.align import window_frames
from qa.engines.whisper.batch import decode_mels, mel_batch, text_only, transcribe_mels
from qa.engines.whisper.convert import decoding_to_segment_dict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from make_demo_calls import CALLS  # noqa: E402  (the scripts the demo calls were spoken from)

BASE_EN = ModelDimensions(
    n_mels=80, n_audio_ctx=1500, n_audio_state=512, n_audio_head=8, n_audio_layer=6,
    n_vocab=51864, n_text_ctx=448, n_text_state=512, n_text_head=8, n_text_layer=6,
)  # fmt: skip
WindowResult = dict[str, Any]  # one window's segment dict, as whisper.transcribe makes them
TOKENIZER = whisper.tokenizer.get_tokenizer(False, language="en", task="transcribe")


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
    """Greedy text tokens only (timestamps and end-of-text suppressed): every window decodes
    `tokens` tokens and every token is timed as a word."""
    suppress = [*text_only(TOKENIZER, BASE_EN.n_vocab), TOKENIZER.eot]
    return whisper.DecodingOptions(
        language="en", without_timestamps=True, sample_len=tokens, fp16=False, temperature=0.0,
        suppress_tokens=suppress,
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


def whisper_words(model: Whisper, segment: WindowResult, mel: torch.Tensor, seconds: float) -> None:
    """Whisper's own word timing of one window: `find_alignment` encodes the window again."""
    add_word_timestamps(
        segments=[segment], model=model, tokenizer=TOKENIZER, mel=mel,
        num_frames=window_frames(seconds), last_speech_timestamp=0.0,
    )  # fmt: skip


@torch.inference_mode()
def one_by_one(model: Whisper, audios: list[np.ndarray], options: Any) -> list[WindowResult]:
    """The windows as batch_size 1 did them: each its own mel, decode and word timing, all
    through Whisper's own functions."""
    segments = []
    for audio in audios:
        seconds = len(audio) / SAMPLE_RATE
        mel = mel_batch(model, [audio])[0]
        result = whisper.decode(model, mel, options)
        tokens = [t for t in result.tokens if t < TOKENIZER.eot]
        segment = decoding_to_segment_dict(result, seconds, tokens, TOKENIZER.decode(tokens))
        whisper_words(model, segment, mel, seconds)
        segments.append(segment)
    return segments


@torch.inference_mode()
def batched_before(model: Whisper, audios: list[np.ndarray], options: Any) -> list[WindowResult]:
    """The batched path as it was: one encoder pass and decoding task for all windows, then
    Whisper's word timing window by window, which encodes every window a second time."""
    mels = mel_batch(model, audios)
    results, _ = decode_mels(model, mels, options)
    segments = []
    for audio, mel, result in zip(audios, mels, results, strict=True):
        seconds = len(audio) / SAMPLE_RATE
        tokens = [t for t in result.tokens if t < TOKENIZER.eot]
        segment = decoding_to_segment_dict(result, seconds, tokens, TOKENIZER.decode(tokens))
        whisper_words(model, segment, mel, seconds)
        segments.append(segment)
    return segments


def batched_now(model: Whisper, audios: list[np.ndarray], options: Any) -> list[WindowResult]:
    """The engine's batched path (`whisper_batch.transcribe_mels`): words timed from the batch's
    encoder output."""
    seconds = [len(audio) / SAMPLE_RATE for audio in audios]
    results = transcribe_mels(model, TOKENIZER, mel_batch(model, audios), seconds, options)
    return [result["segments"][0] for result in results]


WHISPER_PATHS = {"one by one": one_by_one, "batched before": batched_before, "batched": batched_now}


def same_output(expected: list[WindowResult], got: list[WindowResult]) -> bool:
    """Same tokens and words, word times within one 20 ms alignment frame."""
    for want, have in zip(expected, got, strict=True):
        times = [t for w in want["words"] for t in (w["start"], w["end"])]
        others = [t for w in have["words"] for t in (w["start"], w["end"])]
        if want["tokens"] != have["tokens"] or len(times) != len(others):
            return False
        if any(abs(a - b) > 0.02 for a, b in zip(times, others, strict=True)):
            return False
    return True


Timing = tuple[float, float]  # wall-clock and CPU seconds of this process


def timed(path: Any, *args: Any) -> tuple[Any, Timing]:
    """`path(*args)` and how long it took, on the wall clock and in CPU time (which other jobs'
    load inflates far less: it counts only the cycles this process got)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = path(*args)
    return result, (time.perf_counter() - wall, time.process_time() - cpu)


def whisper_timings(audios: list[np.ndarray], tokens: int, repeats: int) -> dict[str, list[Timing]]:
    """Seconds to transcribe the windows (mel, decode, word times) along each path, per repeat;
    the paths take turns within a repeat, so a change in machine load hits them alike."""
    model = random_base_en()
    options = fixed_length_options(tokens)
    for path in WHISPER_PATHS.values():  # warm-up: first-call allocations, numba's DTW compile
        path(model, audios[:1], fixed_length_options(2))
    runs: dict[str, list[Timing]] = {label: [] for label in WHISPER_PATHS}
    outputs: dict[str, list[WindowResult]] = {}
    for _ in range(repeats):
        for label, path in WHISPER_PATHS.items():
            outputs[label], timing = timed(path, model, audios, options)
            runs[label].append(timing)
    with torch.inference_mode():
        _, (encoder, _) = timed(model.encoder, mel_batch(model, audios))
    print(f"  encoder alone, all windows at once: {encoder:.1f} s")
    for label in ("batched before", "batched"):
        verdict = "same" if same_output(outputs["one by one"], outputs[label]) else "DIFFERENT"
        print(f"  {label} vs one by one: {verdict} tokens and word times")
    return runs


def print_ratios(calls: dict[str, np.ndarray]) -> None:
    lengths = [c.shape[1] for c in calls.values()]
    for name, values in sent_ratios(calls).items():
        overall = sum(r * n for r, n in zip(values, lengths, strict=True)) / sum(lengths)
        print(
            f"  {name:13s} median {statistics.median(values):.3f}  max {max(values):.3f}"
            f"  all calls {overall:.3f}"
        )


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
    print(f"whisper base.en dims, random weights, {args.tokens} tokens/window with word times, "
          f"{len(audios)} windows of {seconds:.0f} s of calls, {args.repeats} runs:")  # fmt: skip
    runs = whisper_timings(audios, args.tokens, args.repeats)
    for clock, index in (("wall", 0), ("CPU", 1)):
        print(f"  {clock} clock:")
        times = {label: [run[index] for run in timings] for label, timings in runs.items()}
        print_speeds(times, seconds)


def print_speeds(times: dict[str, list[float]], seconds: float) -> None:
    for label, runs in times.items():
        median = statistics.median(runs)
        print(f"    {label:14s} {median / seconds * 1000:4.0f} ms per call-second "
              f"(median {median:.1f} s; runs {', '.join(f'{r:.1f}' for r in runs)})")  # fmt: skip
    baseline = times["one by one"]
    for label in ("batched before", "batched"):
        ratios = [s / b for s, b in zip(baseline, times[label], strict=True)]
        overall = statistics.median(baseline) / statistics.median(times[label])
        each = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"    {label} speed-up: {overall:.2f}x of medians, per run {each} "
              f"(median {statistics.median(ratios):.2f}x)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=4, help="calls for pocketsphinx throughput")
    parser.add_argument("--tokens", type=int, default=96, help="tokens per window (~30 s talk)")
    parser.add_argument("--windows", type=int, default=8, help="VAD windows decoded as a batch")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip", nargs="*", default=[], choices=["ratio", "sphinx", "whisper"])
    parser.add_argument("--threads", type=int, default=usable_cores(), help="torch threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
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
