"""The openai-whisper backend, its batching and its word alignment on real tiny.en weights."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.domain.transcript import Transcript
from qa.engines.audio import decode
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import transcribe_call
from qa.engines.vad import group_windows, speech_regions
from qa.engines.whisper.batch import decode_windows
from qa.engines.whisper.ct2_checkpoint import read_model_bin
from qa.engines.whisper.openai_engine import WhisperEngine
from tests.engines.conftest import NAMES


@pytest.fixture(scope="module")
def engine(tiny_en_pt: Path) -> WhisperEngine:
    built = build_engine(EngineSpec("whisper", model=str(tiny_en_pt), device="cpu"))
    assert isinstance(built, WhisperEngine)
    return built


def agent_text(transcript: Transcript) -> str:
    return " ".join(s.text for s in transcript.segments if s.speaker == "agent").casefold()


def test_the_converted_checkpoint_keeps_every_weight(packaged_tiny: Path, tiny_en_pt: Path) -> None:
    import torch

    checkpoint = torch.load(tiny_en_pt, weights_only=False)
    variables = read_model_bin(packaged_tiny / "model.bin")
    assert checkpoint["dims"]["n_text_layer"] == 4 and checkpoint["dims"]["n_vocab"] == 51864
    assert "decoder.blocks.0.attn.key.bias" not in checkpoint["model_state_dict"]
    fused = variables["encoder/layer_0/self_attention/linear_0/weight"].astype(np.float32)
    query = checkpoint["model_state_dict"]["encoder.blocks.0.attn.query.weight"].numpy()
    assert np.array_equal(query, fused[: query.shape[0]])
    assert [1, 0] in checkpoint["alignment_heads"]


@pytest.mark.slow
def test_the_greeting_is_heard_on_the_agent_channel(
    engine: WhisperEngine, greeting_call: Path
) -> None:
    transcript = transcribe_call(greeting_call, engine, vocabulary=NAMES)
    heard = agent_text(transcript)
    assert "thank you for calling acme wireless" in heard and "sarah" in heard
    assert "may be recorded" in heard


def test_word_times_are_where_the_words_are(engine: WhisperEngine, audio_dir: Path) -> None:
    transcript = transcribe_call(audio_dir / "speech.wav", engine)  # 1.5 s silence each side
    words = [w for s in transcript.segments for w in s.words]
    assert words[0].text.casefold().startswith("thank")
    assert abs(words[0].start - 1.5) <= 0.3
    assert abs(words[-1].end - (transcript.duration - 1.5)) <= 0.3


@pytest.mark.slow
def test_batched_windows_hear_what_one_by_one_hears(
    engine: WhisperEngine, greeting_call: Path
) -> None:
    agent = decode(greeting_call)[0][0]
    audios = [w.audio(agent) for w in group_windows(speech_regions(agent), limit_seconds=5.0)]
    audios = audios[:2]
    assert len(audios) == 2  # windows of different lengths: padding must not change the words
    together = decode_windows(engine, audios, "Acme Wireless, Sarah.")
    alone = [decode_windows(engine, [audio], "Acme Wireless, Sarah.")[0] for audio in audios]
    for batched, single in zip(together, alone, strict=True):
        (b,), (s,) = batched["segments"], single["segments"]
        assert b["text"] == s["text"]
        for bw, sw in zip(b["words"], s["words"], strict=True):
            assert abs(bw["start"] - sw["start"]) <= 0.05 and bw["word"] == sw["word"]
    assert "acme wireless" in together[0]["segments"][0]["text"].casefold()


@pytest.mark.slow
def test_the_batched_engine_gives_the_same_call(engine: WhisperEngine, greeting_call: Path) -> None:
    batched = WhisperEngine(replace(engine.spec, batch_size=4))
    transcript = transcribe_call(greeting_call, batched, vocabulary=NAMES)
    assert "thank you for calling acme wireless" in agent_text(transcript)
