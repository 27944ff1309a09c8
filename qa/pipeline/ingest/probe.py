"""Probing audio files with PyAV (no system ffmpeg): format, duration, channels, sample rate."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

import av

from qa.domain.call import AudioInfo

AUDIO_EXTENSIONS = frozenset(
    {".wav", ".wave", ".flac", ".mp3", ".ogg", ".oga", ".opus", ".m4a", ".mp4", ".aac", ".webm"}
)
AV_TIME_BASE = 1_000_000  # container.duration is in microseconds
TAIL_SECONDS = 3.0  # decoded at the end of every file: where truncation and damage show
END_TOLERANCE = 0.5  # seconds the decoded audio may fall short of the stated duration
# Naming the container format skips FFmpeg's format sniffing (about a third of a small WAV's
# probe time); a file whose name lies about its format is probed again without the hint.
FORMAT_HINTS = {".wav": "wav", ".wave": "wav", ".flac": "flac", ".mp3": "mp3", ".ogg": "ogg"}


@dataclass(frozen=True, slots=True)
class Examined:
    """What reading one audio file found: its hash and audio facts, or why it is unreadable."""

    sha256: str
    audio: AudioInfo | None
    problem: str = ""


def is_audio_name(name: str) -> bool:
    """True for a file name with an audio extension."""
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in AUDIO_EXTENSIONS


def content_sha256(path: str) -> str:
    """SHA-256 of the file's bytes (raises OSError when it cannot be read)."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _duration(container: av.container.InputContainer, stream: av.audio.AudioStream) -> float:
    if container.duration:
        return container.duration / AV_TIME_BASE
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def probe(path: str) -> tuple[AudioInfo | None, str]:
    """What the audio is, or (None, why it cannot be decoded). Decodes one frame only."""
    hint = FORMAT_HINTS.get(os.path.splitext(path)[1].lower())
    if hint is not None:
        audio, problem = _probe(path, hint)
        if audio is not None:
            return audio, problem
    return _probe(path, None)


def examine(path: str, size: int, known_sha256: str = "") -> Examined:
    """Hash (unless the hash is known) and probe one file; never raises for a bad file."""
    try:
        sha256 = known_sha256 or content_sha256(path)
    except OSError as exc:
        return Examined("", None, f"cannot read ({exc.strerror or exc})")
    if size == 0:
        return Examined(sha256, None, "empty file (0 bytes)")
    audio, problem = probe(path)
    return Examined(sha256, audio, problem)


def _frame_end(frame: av.AudioFrame) -> float:
    start = frame.time if frame.time is not None else 0.0
    return start + frame.samples / (frame.sample_rate or 1)


def _tail_problem(
    container: av.container.InputContainer, stream: av.audio.AudioStream, duration: float
) -> str:
    """Why the end of the recording cannot be played ("" when it decodes to its stated end).

    A truncated or damaged file probes fine from its first frame and only fails when the
    decoder reaches the damage, which is why the last seconds are decoded here.
    """
    if duration > TAIL_SECONDS and stream.time_base:
        target = int((duration - TAIL_SECONDS) / stream.time_base)
        container.seek(target, stream=stream, backward=True, any_frame=False)
    end = 0.0
    try:
        for frame in container.decode(stream):
            end = max(end, _frame_end(frame))
    except av.FFmpegError as exc:
        if end < duration - END_TOLERANCE:  # a broken last block alone loses nothing
            return (
                f"truncated or corrupt: the audio breaks off at {end:.1f} s of {duration:.1f} s "
                f"({exc.strerror or exc})"
            )
    if duration and end < duration - END_TOLERANCE:
        stops = f"stops at {end:.1f} s" if end else f"stops before its last {TAIL_SECONDS:g} s"
        return f"truncated: the audio {stops} but the file says it lasts {duration:.1f} s"
    return ""


def _probe(path: str, hint: str | None) -> tuple[AudioInfo | None, str]:
    try:
        with av.open(path, format=hint, metadata_errors="ignore") as container:
            if not container.streams.audio:
                return None, "no audio stream in the file"
            stream = container.streams.audio[0]
            frame = next(container.decode(stream), None)
            if frame is None:
                return None, "no audio data in the file"
            audio = AudioInfo(
                duration=round(_duration(container, stream), 3),
                channels=frame.layout.nb_channels or stream.channels,
                sample_rate=frame.sample_rate or stream.sample_rate,
                codec=stream.codec_context.name,
            )
            if _frame_end(frame) >= audio.duration - END_TOLERANCE:
                return audio, ""  # one frame holds the whole recording
            problem = _tail_problem(container, stream, audio.duration)
            return (None, problem) if problem else (audio, "")
    except av.FFmpegError as exc:
        return None, f"cannot decode audio ({exc.strerror or exc})"
    except OSError as exc:
        return None, f"cannot read ({exc.strerror or exc})"
    except (ValueError, RuntimeError) as exc:  # PyAV raises these for some broken headers
        return None, f"cannot decode audio ({exc})"
