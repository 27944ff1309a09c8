"""Long calls are transcribed a few minutes at a time (issue 15): the recording is decoded in
blocks, cut into chunks in pauses, and a call in small chunks is heard as when it is whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.domain.transcript import Transcript
from qa.engines.audio import SAMPLE_RATE, decode, decode_blocks
from qa.engines.base import EngineSpec
from qa.engines.build import build_engine
from qa.engines.call import DEFAULT_CHANNELS, transcribe_call
from qa.engines.call_chunks import ALIGN, SETTLE_SECONDS, call_chunks, pause_cut
from qa.engines.call_survey import survey_call
from qa.engines.vad import window_spans
from qa.engines.word_errors import heard_by, word_error_rate
from qa.errors import BadInputError
from tests.engines.conftest import DEMO_CALLS, said_on

STEREO_CALL = DEMO_CALLS / "C-1001_perfect.flac"
MONO_CALL = DEMO_CALLS / "C-1010_mono.flac"
SMALL_CHUNK_SECONDS = 20.0  # a 62 s demo call in four chunks or so


def _blocks(channels: np.ndarray, seconds: float) -> list[np.ndarray]:
    size = int(seconds * SAMPLE_RATE)
    return [channels[:, i : i + size] for i in range(0, channels.shape[1], size)]


class TestDecodingInBlocks:
    """A recording read a block at a time is the same audio as read whole."""

    def test_blocks_joined_are_the_whole_recording(self) -> None:
        whole, _ = decode(STEREO_CALL)
        blocks = list(decode_blocks(STEREO_CALL, 7 * SAMPLE_RATE))
        assert all(b.shape == (2, 7 * SAMPLE_RATE) for b in blocks[:-1])
        assert 0 < blocks[-1].shape[1] <= 7 * SAMPLE_RATE
        assert np.array_equal(np.concatenate(blocks, axis=1), whole)

    def test_file_bytes_give_the_same_blocks(self) -> None:
        from_path = decode_blocks(STEREO_CALL, 10 * SAMPLE_RATE)
        from_bytes = decode_blocks(STEREO_CALL.read_bytes(), 10 * SAMPLE_RATE)
        assert all(np.array_equal(a, b) for a, b in zip(from_path, from_bytes, strict=True))

    def test_a_file_that_is_not_audio_is_one_clear_error(self, tmp_path: Path) -> None:
        broken = tmp_path / "call.wav"
        broken.write_bytes(b"not a recording at all" * 100)
        with pytest.raises(BadInputError, match="Cannot decode"):
            list(decode_blocks(broken, SAMPLE_RATE))


class TestSurvey:
    """The channel checks made block by block decide as they did on the whole recording."""

    def test_equal_channels_are_a_mono_call(self) -> None:
        agent = decode(STEREO_CALL)[0][0]
        plan = survey_call(_blocks(np.stack([agent, agent]), 30), DEFAULT_CHANNELS)
        assert [(t.channels, t.speaker) for t in plan.tracks] == [((0,), "unknown")]

    def test_a_silent_channel_leaves_the_speaking_one_under_its_name(self) -> None:
        stereo = decode(STEREO_CALL)[0]
        mono = stereo.mean(axis=0)
        plan = survey_call(_blocks(np.stack([np.zeros_like(mono), mono]), 30), DEFAULT_CHANNELS)
        assert [t.channels for t in plan.tracks] == [(1,)]
        assert plan.loud_speaker == "customer" and "silent" in plan.mixed.note

    def test_both_voices_on_both_channels_are_separated_by_voice(self) -> None:
        mono = decode(STEREO_CALL)[0].mean(axis=0)
        plan = survey_call(_blocks(np.stack([mono, 0.7 * mono]), 30), DEFAULT_CHANNELS)
        assert [t.channels for t in plan.tracks] == [(0, 1)]
        assert "both voices on both channels" in plan.mixed.note

    def test_a_true_stereo_call_keeps_its_channel_map(self) -> None:
        plan = survey_call(_blocks(decode(STEREO_CALL)[0], 30), DEFAULT_CHANNELS)
        assert [t.speaker for t in plan.tracks] == ["agent", "customer"]
        assert plan.samples == decode(STEREO_CALL)[0].shape[1]

    def test_no_samples_is_bad_input(self) -> None:
        with pytest.raises(BadInputError, match="no audio samples"):
            survey_call([], DEFAULT_CHANNELS)


spans_strategy = st.lists(
    st.tuples(st.integers(0, 60 * SAMPLE_RATE), st.integers(1, 30 * SAMPLE_RATE)).map(
        lambda pair: (pair[0], pair[0] + pair[1])
    ),
    max_size=12,
)


@given(st.lists(spans_strategy, min_size=1, max_size=3), st.integers(0, 70 * SAMPLE_RATE))
def test_a_chunk_ends_in_a_pause_of_every_track(
    tracks: list[list[tuple[int, int]]], length: int
) -> None:
    cut = pause_cut(tracks, length)
    assert 0 <= cut <= max(length - SETTLE_SECONDS * SAMPLE_RATE, 0)
    assert cut % ALIGN == 0
    for start, end in (span for track in tracks for span in track):
        assert not start + ALIGN < cut < end, (start, end, cut)  # never inside speech
        assert end <= cut or start >= cut or end - cut <= ALIGN


def test_chunks_tile_the_call_and_are_cut_outside_speech() -> None:
    channels = decode(STEREO_CALL)[0]
    chunks = list(
        call_chunks(
            _blocks(channels, SMALL_CHUNK_SECONDS),
            channels.shape[1],
            chunk_seconds=SMALL_CHUNK_SECONDS,
        )
    )
    assert len(chunks) >= 3
    assert [c.offset for c in chunks] == list(
        np.cumsum([0] + [c.audio.shape[1] for c in chunks[:-1]])
    )
    assert sum(c.audio.shape[1] for c in chunks) == channels.shape[1]
    assert all(c.audio.shape[1] <= 2 * SMALL_CHUNK_SECONDS * SAMPLE_RATE for c in chunks)
    whole_speech = [span for channel in channels for span in window_spans(channel)]
    for chunk in chunks[1:]:
        assert not any(s < chunk.offset < e for s, e in whole_speech), chunk.seconds


def _words_between(a: Transcript, b: Transcript) -> float:
    return word_error_rate([(heard_by(a, who), heard_by(b, who)) for who in ("agent", "customer")])


def _wer(stem: str, transcript: Transcript) -> float:
    said = [(said_on(stem, who), heard_by(transcript, who)) for who in ("agent", "customer")]
    return word_error_rate(said)


@pytest.mark.slow
@pytest.mark.parametrize("call", [STEREO_CALL, MONO_CALL], ids=["stereo", "mono"])
def test_a_call_in_small_chunks_is_heard_as_when_whole(call: Path) -> None:
    """pocketsphinx, with a fresh decoder per run, gives the same words for the same audio every
    time (faster-whisper's int8 decode does not: two runs of a whole call can differ), so any
    difference here is the chunking's."""
    whole = transcribe_call(call, build_engine(EngineSpec("pocketsphinx")))
    chunked = transcribe_call(
        call, build_engine(EngineSpec("pocketsphinx")), chunk_seconds=SMALL_CHUNK_SECONDS
    )
    assert chunked.duration == whole.duration and chunked.extra == whole.extra
    assert chunked.speakers == whole.speakers  # the same voices told apart, as sure
    assert {s.speaker for s in chunked.segments} == {"agent", "customer"}
    assert _words_between(whole, chunked) <= 0.1
    assert _wer(call.stem, chunked) <= _wer(call.stem, whole) + 0.05
