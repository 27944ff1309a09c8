"""The one audio decoder: any format and rate in, float32 channels at 16 kHz out."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from qa.engines.audio import SAMPLE_RATE, decode
from qa.errors import BadInputError
from tests.engines.conftest import sox


def test_mono_wav_decodes_to_one_channel(audio_dir: Path) -> None:
    channels, rate = decode(audio_dir / "speech.wav")
    assert rate == SAMPLE_RATE
    assert channels.dtype == np.float32
    assert channels.shape[0] == 1
    assert 0.1 < np.abs(channels).max() <= 1.0


def test_stereo_flac_keeps_its_channels_apart(audio_dir: Path) -> None:
    channels, _ = decode(audio_dir / "agent_only.flac")
    assert channels.shape[0] == 2
    assert np.abs(channels[0]).max() > 0.1
    assert np.abs(channels[1]).max() == 0.0


def test_other_rates_are_resampled_to_16k(audio_dir: Path, tmp_path: Path) -> None:
    sox(audio_dir / "speech.wav", "-r", 8000, tmp_path / "narrowband.wav")
    wide, _ = decode(audio_dir / "speech.wav")
    narrow, _ = decode(tmp_path / "narrowband.wav")
    assert abs(narrow.shape[1] - wide.shape[1]) <= SAMPLE_RATE // 100


def test_file_bytes_decode_like_the_file(audio_dir: Path) -> None:
    from_path, _ = decode(audio_dir / "agent_only.flac")
    from_bytes, _ = decode((audio_dir / "agent_only.flac").read_bytes())
    assert np.array_equal(from_path, from_bytes)


@pytest.mark.parametrize("content", [b"", b"RIFF\x00\x00not audio at all", b"\x00" * 4096])
def test_corrupt_audio_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(content)
    with pytest.raises(BadInputError, match="broken.wav"):
        decode(broken)


def test_decoding_holds_the_recording_once(tmp_path: Path) -> None:
    """Peak memory of decoding is the samples themselves, not twice them (a 2-hour call)."""
    import subprocess
    import sys

    recording = tmp_path / "long.flac"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "2", str(recording), "synth", "600", "sine", "300",
         "sine", "500", "vol", "0.1"],
        check=True,
    )  # fmt: skip
    code = (
        "import resource, sys\n"
        "from qa.engines.audio import decode\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "channels, _ = decode(sys.argv[1])\n"
        "grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) * 1024\n"
        "print(grew / channels.nbytes)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(recording)], capture_output=True, text=True, check=True
    )
    assert float(done.stdout) < 1.3  # was 2.0: every frame kept, then joined into a copy
