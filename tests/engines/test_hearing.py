"""Word error rate on real speech against the words that were said, for every engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.domain.transcript import Transcript
from qa.engines.base import Engine, EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.word_errors import heard_by, word_error_rate
from tests.engines.conftest import DEMO_CALLS, PIPER_GREETING, said_on

VOCABULARY = {"sarah.k": ("Sarah Kim", "Sarah"), "tom.b": ("Tom Becker", "Tom")}
# Short stereo calls with both agent voices (slt: Sarah, kal16: Tom); ~2.5 min of audio.
CALLS = {"C-1001_perfect": "sarah.k", "C-1008_prohibited-phrase": "tom.b"}
# Ceilings over these calls, with room for a different CPU's rounding; measured on this machine:
# faster-whisper tiny.en int8 4.4 %, pocketsphinx 13 % (docs/benchmarks.md).
CEILING = {"faster-whisper": 0.08, "openai-whisper": 0.08, "pocketsphinx": 0.25}


def pairs(stem: str, transcript: Transcript) -> list[tuple[str, str]]:
    return [(said_on(stem, who), heard_by(transcript, who)) for who in ("agent", "customer")]


def wer_on_calls(engine: Engine) -> float:
    found: list[tuple[str, str]] = []
    for stem, agent in CALLS.items():
        names = ("Acme Wireless", "Acme", *VOCABULARY[agent])
        found += pairs(stem, transcribe_call(DEMO_CALLS / f"{stem}.flac", engine, vocabulary=names))
    return word_error_rate(found)


@pytest.mark.slow
def test_faster_whisper_hears_the_demo_calls() -> None:
    engine = build_engine(EngineSpec("whisper", model="tiny.en", device="cpu"))
    assert wer_on_calls(engine) <= CEILING["faster-whisper"]


@pytest.mark.slow
def test_openai_whisper_hears_the_demo_calls_on_the_same_weights(tiny_en_pt: Path) -> None:
    engine = build_engine(EngineSpec("whisper", model=str(tiny_en_pt), device="cpu"))
    assert wer_on_calls(engine) <= CEILING["openai-whisper"]


@pytest.mark.slow
def test_pocketsphinx_hears_the_demo_calls() -> None:
    assert wer_on_calls(build_engine(EngineSpec("pocketsphinx"))) <= CEILING["pocketsphinx"]


def test_a_natural_voice_on_a_telephone_line_is_heard(phone_greeting: Path) -> None:
    whisper = build_engine(EngineSpec("whisper", model="tiny.en", device="cpu"))
    heard = transcribe_call(phone_greeting, whisper, vocabulary=("Acme Wireless", "Sarah"))
    text = heard_by(heard, "unknown")
    assert word_error_rate([(PIPER_GREETING, text)]) <= 0.1, text
    assert "acme wireless" in text.casefold() and "sarah" in text.casefold()
    sphinx = transcribe_call(phone_greeting, build_engine(EngineSpec("pocketsphinx")))
    assert word_error_rate([(PIPER_GREETING, heard_by(sphinx, "unknown"))]) > word_error_rate(
        [(PIPER_GREETING, text)]
    )
