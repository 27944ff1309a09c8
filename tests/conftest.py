"""Shared fixtures: a store on every database we support, and a fresh workspace."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from qa.storage.store import Store
from qa.workspace import Workspace, init_workspace, open_workspace

POSTGRES_ENV = "QA_TEST_POSTGRES_URL"


def postgres_url() -> str:
    """The PostgreSQL test server, or "" when none is configured."""
    return os.environ.get(POSTGRES_ENV, "")


def _admin_connection(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://", 1)
    return psycopg.connect(plain, autocommit=True)


@contextmanager
def fresh_postgres_schema(prefix: str = "qa_test") -> Iterator[str]:
    """A URL whose search_path is a new, empty schema, dropped on exit; skips without a server."""
    url = postgres_url()
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set")
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with _admin_connection(url) as admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with _admin_connection(url) as admin:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(autouse=True)
def _default_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run as `root` (an admin of the demo qa.toml) unless a test says who, whoever runs pytest."""
    if not os.environ.get("QA_LOGIN"):
        monkeypatch.setenv("QA_LOGIN", "root")


@pytest.fixture
def postgres_schema_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped after the test."""
    with fresh_postgres_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: a SQLite file, or a PostgreSQL schema when configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'qa.db'}"
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An open, migrated store on a fresh database (SQLite always, PostgreSQL when set)."""
    opened = Store.open(database_url)
    yield opened
    opened.close()


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """A workspace made as `qa init` makes it, in tmp_path/ws (the current directory)."""
    for key in ("QA_DATABASE_URL", "QA_RECORDINGS", "QA_FILENAME_PATTERN", "QA_RUBRIC"):
        monkeypatch.delenv(key, raising=False)
    root = tmp_path / "ws"
    monkeypatch.setenv("QA_LOGIN", "tester")
    init_workspace(root, "tester")
    monkeypatch.chdir(root)
    return open_workspace(root)


def _tone(seconds: float, rate: int, channels: int, pitch: float) -> bytes:
    import math
    import struct

    frames = int(seconds * rate)
    values = (int(8000 * math.sin(2 * math.pi * pitch * i / rate)) for i in range(frames))
    return b"".join(struct.pack("<h", v) * channels for v in values)


def write_wav(
    path: Path, seconds: float = 0.5, rate: int = 8000, channels: int = 1, pitch: float = 440.0
) -> Path:
    """A PCM WAV written with the stdlib; `pitch` varies the content (and so the hash)."""
    import wave

    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(_tone(seconds, rate, channels, pitch))
    return path


SOX_ENCODINGS = {"ulaw": ["-e", "mu-law"], "alaw": ["-e", "a-law"], "gsm": ["-e", "gsm-full-rate"]}
AV_CODECS = {".opus": ("libopus", 48000), ".m4a": ("aac", 16000)}


def _write_with_av(path: Path, seconds: float, pitch: float) -> Path:
    import av
    import numpy as np

    codec, rate = AV_CODECS[path.suffix]
    with av.open(str(path), "w") as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        t = np.arange(int(seconds * rate)) / rate
        samples = (np.sin(2 * np.pi * pitch * t) * 8000).astype(np.int16).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = rate
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    return path


def write_recording(
    path: Path, encoding: str = "", seconds: float = 0.5, pitch: float = 440.0, channels: int = 1
) -> Path:
    """A real recording in the format its suffix names (sox or PyAV; `encoding` for WAV codecs)."""
    import subprocess

    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix in AV_CODECS:
        return _write_with_av(path, seconds, pitch)
    if path.suffix == ".wav" and not encoding:
        return write_wav(path, seconds, channels=channels, pitch=pitch)
    options = SOX_ENCODINGS.get(encoding, [])
    command = ["sox", "-n", "-r", "8000", "-c", str(channels), *options, str(path)]
    subprocess.run([*command, "synth", str(seconds), "sine", str(pitch)], check=True)
    return path
