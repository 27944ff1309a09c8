"""Call-metrics speed: energy vs silero speech detection and YIN pitch, on a 5-minute stereo call.

Run: python bench/metrics_speed.py   (prints medians of 3 runs and the real-time factors)
"""

from __future__ import annotations

import statistics
import subprocess
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from qa.engines.acoustics import pitch_stats, speech_intervals

RATE = 16_000
CALL_SECONDS = 300.0
RUNS = 3


def spoken(text: str, folder: Path) -> np.ndarray:
    """flite speech at 16 kHz (real speech, so silero has something to hear)."""
    path = folder / "line.wav"
    subprocess.run(["flite", "-voice", "rms", "-t", text, str(path)], check=True)
    with wave.open(str(path)) as f:
        pcm = np.frombuffer(f.readframes(f.getnframes()), "<i2") / 32768.0
        rate = f.getframerate()
    return np.interp(np.arange(0, pcm.size, rate / RATE), np.arange(pcm.size), pcm)


def channel(line: np.ndarray, offset: float) -> np.ndarray:
    """The line repeated with 1.5 s pauses, shifted so two channels take turns."""
    gap = np.zeros(int(1.5 * RATE))
    turn = np.concatenate([np.zeros(int(offset * RATE)), line, gap])
    reps = int(CALL_SECONDS * RATE / turn.size) + 1
    return np.tile(turn, reps)[: int(CALL_SECONDS * RATE)].astype(np.float32)


def median_seconds(task) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        line = spoken(
            "thank you for calling acme wireless, how can I help you today?", Path(folder)
        )
    agent = channel(line, 0.0)
    spans = speech_intervals(agent, RATE)
    speech_intervals(agent[: 5 * RATE], RATE, "silero")  # load the model outside the timing
    energy = median_seconds(lambda: speech_intervals(agent, RATE))
    silero = median_seconds(lambda: speech_intervals(agent, RATE, "silero"))
    pitch = median_seconds(lambda: pitch_stats(agent, RATE, spans))
    print(f"one {CALL_SECONDS:.0f} s channel, median of {RUNS} runs")
    print(f"energy detector (baseline): {energy:.3f} s  ({CALL_SECONDS / energy:.0f}x real time)")
    print(f"silero detector:            {silero:.3f} s  ({silero / energy:.1f}x the baseline)")
    print(f"YIN pitch on speech spans:  {pitch:.3f} s  ({pitch / energy:.1f}x the baseline)")


if __name__ == "__main__":
    main()
