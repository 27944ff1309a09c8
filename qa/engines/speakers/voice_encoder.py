"""The GE2E voice encoder of resemblyzer: its weights from the wheel, its mel frames in numpy.

resemblyzer's own `VoiceEncoder` import pulls in librosa (4 s of first-call JIT compiling per
process) and webrtcvad (whose 2.0.10 release needs pkg_resources); the network is three LSTM
layers and a projection, so it is rebuilt here around the same `pretrained.pt`, and the mel
spectrogram (librosa's, Slaney filters, checked equal to 1e-7) is a few lines of numpy.
"""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from qa.errors import EngineUnavailableError

SAMPLE_RATE = 16_000  # Hz, what the encoder was trained on
N_FFT = 400  # 25 ms analysis window
HOP = 160  # 10 ms between frames
N_MELS = 40
EMBEDDING_SIZE = 256


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    """Slaney's mel scale: linear below 1 kHz, logarithmic above (librosa's default)."""
    linear = hz / (200.0 / 3)
    log = 15.0 + np.log(np.maximum(hz, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
    return np.where(hz >= 1000.0, log, linear)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    linear = mel * (200.0 / 3)
    log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (mel - 15.0))
    return np.where(mel >= 15.0, log, linear)


@cache
def mel_filters() -> np.ndarray:
    """Triangular Slaney-normalised mel filters, shape (N_MELS, N_FFT // 2 + 1)."""
    fft_hz = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    edges = np.array([0.0, SAMPLE_RATE / 2])
    low, high = _hz_to_mel(edges)
    mel_hz = _mel_to_hz(np.linspace(low, high, N_MELS + 2))
    widths = np.diff(mel_hz)
    ramps = mel_hz[:, None] - fft_hz[None, :]
    rising, falling = -ramps[:-2] / widths[:-1, None], ramps[2:] / widths[1:, None]
    weights = np.maximum(0, np.minimum(rising, falling))
    return np.asarray(weights * (2.0 / (mel_hz[2:] - mel_hz[:-2]))[:, None], dtype=np.float32)


def mel_frames(audio: np.ndarray) -> np.ndarray:
    """Mel power frames (n_frames, 40) of 16 kHz audio, as resemblyzer computes them."""
    padded = np.pad(audio.astype(np.float32), N_FFT // 2)  # centred frames, zero padding
    count = 1 + (len(padded) - N_FFT) // HOP
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(count)[:, None]
    window = np.hanning(N_FFT + 1)[:-1].astype(np.float32)  # periodic Hann
    power = np.abs(np.fft.rfft(padded[index] * window, axis=1)) ** 2
    return np.asarray(power @ mel_filters().T, dtype=np.float32)


def _weights() -> Path:
    spec = find_spec("resemblyzer")
    if spec is None or not spec.submodule_search_locations:
        raise EngineUnavailableError(
            "The voice encoder for mono recordings is not installed.",
            hint="Install it with `pip install resemblyzer`.",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pretrained.pt"


@cache
def encoder() -> Any:
    """The encoder network with its trained weights, on the CPU (built once per process)."""
    import torch
    from torch import nn

    class GE2E(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lstm = nn.LSTM(N_MELS, 256, 3, batch_first=True)
            self.linear = nn.Linear(256, EMBEDDING_SIZE)

        def forward(self, mels: torch.Tensor) -> torch.Tensor:
            _, (hidden, _) = self.lstm(mels)
            raw: torch.Tensor = torch.relu(self.linear(hidden[-1]))
            length: torch.Tensor = torch.norm(raw, dim=1, keepdim=True).clamp_min(1e-9)
            return raw / length

    model = GE2E()
    state = torch.load(_weights(), map_location="cpu")["model_state"]
    model.load_state_dict(state, strict=False)  # the file also holds the training loss's scale
    return model.eval()


def embed(mels: np.ndarray) -> np.ndarray:
    """L2-normalised voice embeddings (n, 256) of a batch of equal-length mel windows."""
    import torch

    threads = torch.get_num_threads()
    # One thread: on this shared 2-core machine the LSTM ran 5x slower with two (they wait on
    # each other), as silero-vad does in qa/engines/vad.py.
    torch.set_num_threads(1)
    try:
        with torch.inference_mode():
            return np.asarray(encoder()(torch.from_numpy(mels)).numpy())
    finally:
        torch.set_num_threads(threads)
