"""Speech spans and pitch from generated audio whose talk, silence and pitch are known exactly."""

from __future__ import annotations

import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from qa.domain.metrics.metrics import metrics_from_speech
from qa.engines.acoustics import analyse, pitch_stats, speech_intervals
from qa.engines.acoustics_file import analyse_file
from qa.engines.audio import decode
from qa.errors import BadInputError

RATE = 16_000
TOLERANCE = 0.05  # seconds: two 20 ms energy frames
AGENT = [(1.0, 4.0), (10.0, 15.0)]
CUSTOMER = [(3.5, 8.0)]


def voice(pitch_hz: np.ndarray) -> np.ndarray:
    """A buzzy voice-like tone (four harmonics) following the given pitch track."""
    phase = 2 * np.pi * np.cumsum(pitch_hz) / RATE
    return sum(0.3 / k * np.sin(k * phase) for k in range(1, 5))  # type: ignore[return-value]


def channel(spans: list[tuple[float, float]], seconds: float, pitch_hz: float) -> np.ndarray:
    """Line noise at -60 dBFS with the voice switched on inside the spans."""
    t = np.arange(int(seconds * RATE)) / RATE
    on = np.zeros_like(t, dtype=bool)
    for start, end in spans:
        on |= (t >= start) & (t < end)
    noise = 0.001 * np.random.default_rng(7).standard_normal(t.size)
    return (noise + on * voice(np.full(t.size, pitch_hz))).astype(np.float32)


def stereo_call(seconds: float = 20.0) -> np.ndarray:
    return np.stack([channel(AGENT, seconds, 180.0), channel(CUSTOMER, seconds, 230.0)])


def write_wav(path: Path, channels: np.ndarray, rate: int = RATE) -> Path:
    pcm = (np.clip(channels.T, -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels.shape[0])
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(pcm.tobytes())
    return path


def assert_spans(found: list[tuple[float, float]], expected: list[tuple[float, float]]) -> None:
    assert len(found) == len(expected), found
    for (s, e), (want_s, want_e) in zip(found, expected, strict=True):
        assert abs(s - want_s) <= TOLERANCE and abs(e - want_e) <= TOLERANCE, found


class TestSpeechSpans:
    """Frame energy finds each speaker's talk spans to within two frames."""

    def test_spans_per_channel(self) -> None:
        call = stereo_call()
        assert_spans(speech_intervals(call[0], RATE), AGENT)
        assert_spans(speech_intervals(call[1], RATE), CUSTOMER)

    def test_metrics_of_the_generated_call(self) -> None:
        found = analyse(stereo_call(), RATE, ("agent", "customer"))
        metrics = metrics_from_speech(found.intervals, found.duration, 40, found.agent_pitch)
        assert metrics.duration == pytest.approx(20.0)
        assert metrics.overtalk == pytest.approx(0.5, abs=TOLERANCE)
        assert metrics.longest_silence == pytest.approx(2.0, abs=2 * TOLERANCE)
        assert metrics.talk_time["agent"] == pytest.approx(8.0, abs=2 * TOLERANCE)

    def test_short_pauses_are_bridged_and_clicks_dropped(self) -> None:
        spans = [(1.0, 2.0), (2.2, 3.0), (5.0, 5.06)]  # a 0.2 s pause, a 60 ms click
        assert_spans(speech_intervals(channel(spans, 8.0, 200.0), RATE), [(1.0, 3.0)])

    def test_a_channel_that_is_all_speech(self) -> None:
        assert_spans(speech_intervals(channel([(0.0, 6.0)], 6.0, 200.0), RATE), [(0.0, 6.0)])

    def test_a_silent_channel(self) -> None:
        assert speech_intervals(channel([], 6.0, 200.0), RATE) == []


class TestPitch:
    """A flat tone reads as monotone; a tone gliding over an octave does not."""

    def test_flat_tone(self) -> None:
        samples = voice(np.full(8 * RATE, 180.0))
        stats = pitch_stats(samples, RATE, [(0.0, 8.0)])
        assert stats is not None
        assert stats.median_hz == pytest.approx(180.0, rel=0.01)
        assert stats.variation_semitones < 0.1

    def test_octave_glide(self) -> None:
        # 150 -> 300 Hz evenly in semitones over 10 s: uniform over 12 st, sd = 12 / sqrt(12).
        t = np.arange(10 * RATE) / RATE
        stats = pitch_stats(voice(150.0 * 2 ** (t / 10)), RATE, [(0.0, 10.0)])
        assert stats is not None
        assert stats.variation_semitones == pytest.approx(12 / np.sqrt(12), abs=0.1)

    def test_only_speech_spans_are_tracked(self) -> None:
        stats = pitch_stats(channel(AGENT, 20.0, 180.0), RATE, AGENT)
        assert stats is not None
        assert stats.voiced_seconds == pytest.approx(8.0, abs=0.2)

    def test_too_little_voice_gives_no_pitch(self) -> None:
        assert pitch_stats(voice(np.full(RATE, 180.0)), RATE, [(0.0, 1.0)]) is None
        assert pitch_stats(np.zeros(5 * RATE), RATE, [(0.0, 5.0)]) is None


class TestRecordings:
    """Analysis of recordings on disk, as the pipeline runs it."""

    def test_stereo_file_at_another_rate(self, tmp_path: Path) -> None:
        call = stereo_call()
        path = write_wav(tmp_path / "call.wav", call[:, ::2], rate=8_000)
        found = analyse_file(path)
        assert_spans(found.intervals["agent"], AGENT)
        assert_spans(found.intervals["customer"], CUSTOMER)
        assert found.agent_pitch is not None
        assert found.agent_pitch.median_hz == pytest.approx(180.0, rel=0.02)

    def test_mono_file_has_one_unknown_speaker(self, tmp_path: Path) -> None:
        path = write_wav(tmp_path / "mono.wav", stereo_call()[:1])
        found = analyse_file(path)
        assert list(found.intervals) == ["unknown"]
        assert found.agent_pitch is None

    def test_stereo_file_with_the_same_sound_on_both_channels_is_mono(self, tmp_path: Path) -> None:
        same = stereo_call()[[0, 0]]
        found = analyse_file(write_wav(tmp_path / "dup.wav", same))
        assert list(found.intervals) == ["unknown"]  # not 8 s of overtalk with oneself

    def test_channels_named_as_in_qa_toml(self, tmp_path: Path) -> None:
        path = write_wav(tmp_path / "swapped.wav", stereo_call())
        found = analyse_file(path, {"left": "customer", "right": "agent"})
        assert_spans(found.intervals["customer"], AGENT)
        assert found.agent_pitch is not None and found.agent_pitch.median_hz > 200

    def test_a_file_read_in_blocks_measures_as_when_decoded_whole(self, tmp_path: Path) -> None:
        """Issue 15: the file is read 30 s at a time (pitch frames span the blocks' joins)."""
        call = np.concatenate([stereo_call(40.0), stereo_call(40.0)], axis=1)  # 80 s: 3 blocks
        path = write_wav(tmp_path / "long.wav", call)
        whole = analyse(decode(path)[0], RATE, ["agent", "customer"])
        found = analyse_file(path)
        assert found == whole

    def test_unreadable_file(self, tmp_path: Path) -> None:
        path = tmp_path / "broken.wav"
        path.write_bytes(b"RIFF not really audio")
        with pytest.raises(BadInputError, match="broken.wav"):
            analyse_file(path)


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("flite"), reason="flite speaks the test sentences")
def test_silero_hears_speech_but_not_a_hold_tone(tmp_path: Path) -> None:
    """Real synthetic speech, then a 4 s tone like hold music: only silero tells them apart."""
    spoken = tmp_path / "spoken.wav"
    subprocess.run(["flite", "-t", "thank you for calling acme wireless", spoken], check=True)
    with wave.open(str(spoken)) as f:
        pcm = np.frombuffer(f.readframes(f.getnframes()), "<i2") / 32768.0
        rate = f.getframerate()
    speech = np.interp(np.arange(0, pcm.size, rate / RATE), np.arange(pcm.size), pcm)
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(4 * RATE) / RATE)
    samples = np.concatenate([speech, tone]).astype(np.float32)
    speech_end = speech.size / RATE
    heard = speech_intervals(samples, RATE, "silero")
    assert heard and heard[0][0] < 0.5 and max(e for _, e in heard) < speech_end + 0.3
    assert speech_intervals(samples, RATE, "energy")[-1][1] == pytest.approx(
        speech_end + 4, abs=0.1
    )
