"""Call playback through miniaudio: play, pause, seek and speed, with a position the UI can poll."""

from __future__ import annotations

import os
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from qa.engines.audio import decode

SPEEDS = (1.0, 1.25, 1.5, 2.0)
SKIP_SECONDS = 5.0
INT16_PEAK = 32767

NO_DEVICE = "No sound device found, so playback is off; the transcript and scorecard still work."


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    # ALSA prints pages of warnings straight to fd 2 when there is no card; they would
    # scribble over the terminal UI, so they are dropped while the device opens.
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def pcm16(samples: np.ndarray) -> np.ndarray:
    """Float channels (n_channels, n_samples) as 16-bit frames (n_samples, up to 2 channels)."""
    clipped = np.clip(samples[:2], -1.0, 1.0)
    return np.ascontiguousarray((clipped * INT16_PEAK).astype(np.int16).T)


def pick_frames(
    frames: np.ndarray, position: float, wanted: int, speed: float
) -> tuple[np.ndarray, float]:
    """`wanted` frames from `position` at `speed` (silence past the end), and the new position.

    Faster speeds skip frames, so the pitch rises; plain and cheap, and good enough to review by.
    """
    index = (position + np.arange(wanted) * speed).astype(np.int64)
    out = np.zeros((wanted, frames.shape[1]), dtype=frames.dtype)
    inside = index < len(frames)
    out[inside] = frames[index[inside]]
    return out, position + wanted * speed


class Player:
    """One call's audio on the sound device; every method is safe to call from any thread."""

    def __init__(self, backends: list[Any] | None = None) -> None:
        self.backends = backends  # e.g. [miniaudio.Backend.NULL] in tests
        self.problem = ""  # why nothing can be heard, shown by the UI
        self.speed = 1.0
        self._frames = np.zeros((0, 1), dtype=np.int16)
        self._rate = 16_000
        self._position = 0.0  # in frames of the decoded audio
        self._playing = False
        self._lock = threading.Lock()
        self._device: Any = None

    def load(self, path: Path) -> None:
        """Decode a recording (blocking: call it from a worker thread) and rewind."""
        samples, rate = decode(path)
        with self._lock:
            self._frames, self._rate = pcm16(samples), rate
            self._position, self._playing = 0.0, False
        self._close_device()

    @property
    def duration(self) -> float:
        """Length of the loaded audio in seconds."""
        return len(self._frames) / self._rate

    @property
    def position(self) -> float:
        """Where playback is, in seconds from the start."""
        return self._position / self._rate

    @property
    def playing(self) -> bool:
        """True while audio is being sent to the device."""
        return self._playing

    def play(self) -> bool:
        """Start or resume playing; False (with `problem` set) when there is no sound device."""
        if not len(self._frames) or not self._open_device():
            return False
        with self._lock:
            if self._position >= len(self._frames):
                self._position = 0.0
            self._playing = True
        return True

    def pause(self) -> None:
        """Stop sending audio; the position stays."""
        self._playing = False

    def toggle(self) -> bool:
        """Play when paused, pause when playing; True when now playing."""
        if self._playing:
            self.pause()
            return False
        return self.play()

    def seek(self, seconds: float) -> None:
        """Jump to a time (clamped to the recording)."""
        with self._lock:
            self._position = min(max(seconds, 0.0) * self._rate, float(len(self._frames)))

    def skip(self, seconds: float) -> None:
        """Jump forward (or back, when negative) by some seconds."""
        self.seek(self.position + seconds)

    def next_speed(self) -> float:
        """Cycle 1× → 1.25× → 1.5× → 2× → 1×; returns the new speed."""
        at = SPEEDS.index(self.speed) if self.speed in SPEEDS else -1
        self.speed = SPEEDS[(at + 1) % len(SPEEDS)]
        return self.speed

    def _open_device(self) -> bool:
        if self._device is not None:
            return True
        import miniaudio  # deferred: the CLI and tests without audio never load it

        try:
            with _quiet_stderr():
                device = miniaudio.PlaybackDevice(
                    nchannels=self._frames.shape[1],
                    sample_rate=self._rate,
                    backends=self.backends,
                    app_name="callqa",
                )
        except miniaudio.MiniaudioError:
            # miniaudio's own words ("('failed to init device', -401)") mean nothing to a
            # supervisor; the sentence says what it means for them.
            self.problem = NO_DEVICE
            return False
        stream = self._stream()
        next(stream)
        device.start(stream)
        self._device, self.problem = device, ""
        return True

    def _stream(self) -> Generator[np.ndarray, int, None]:
        wanted = yield np.zeros((0, self._frames.shape[1]), dtype=np.int16)
        while True:
            wanted = yield self._next_frames(wanted)

    def _next_frames(self, wanted: int) -> np.ndarray:
        with self._lock:
            if not self._playing or self._position >= len(self._frames):
                self._playing = False
                return np.zeros((wanted, self._frames.shape[1]), dtype=np.int16)
            out, self._position = pick_frames(self._frames, self._position, wanted, self.speed)
            return out

    def _close_device(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            device.close()

    def close(self) -> None:
        """Stop playing and release the sound device."""
        self._playing = False
        self._close_device()
