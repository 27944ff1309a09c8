"""Call metrics from speech spans and transcripts, and the verdicts rubric items draw from them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.domain.metrics.metrics import (
    METRIC_NAMES,
    CallMetrics,
    PitchStats,
    agent_word_count,
    intervals_from_transcript,
    merge_intervals,
    metric_value,
    metric_verdict,
    metrics_from_speech,
    metrics_from_transcript,
    overlap_seconds,
)
from qa.domain.transcript import Segment, Transcript, Word

# A 20 s call: the agent talks 1-4 s and 10-15 s, the customer 3.5-8 s; a 2 s hold at 8-10 s.
CALL = {"agent": [(1.0, 4.0), (10.0, 15.0)], "customer": [(3.5, 8.0)]}


class TestIntervalArithmetic:
    """Unions and overlaps of speech spans, as a sweep over sorted edges."""

    @pytest.mark.parametrize(
        ("spans", "bridge", "merged"),
        [
            ([], 0.0, []),
            ([(3.0, 4.0), (1.0, 2.0)], 0.0, [(1.0, 2.0), (3.0, 4.0)]),
            ([(1.0, 3.0), (2.0, 5.0), (4.0, 4.5)], 0.0, [(1.0, 5.0)]),
            ([(1.0, 2.0), (2.0, 3.0)], 0.0, [(1.0, 3.0)]),
            ([(1.0, 2.0), (2.2, 3.0)], 0.3, [(1.0, 3.0)]),
            ([(1.0, 2.0), (2.5, 3.0)], 0.3, [(1.0, 2.0), (2.5, 3.0)]),
            ([(2.0, 2.0), (3.0, 1.0)], 0.0, []),
        ],
    )
    def test_merge(
        self, spans: list[tuple[float, float]], bridge: float, merged: list[tuple[float, float]]
    ) -> None:
        assert merge_intervals(spans, bridge) == merged

    def test_touching_turns_are_not_overtalk(self) -> None:
        assert overlap_seconds({"agent": [(0.0, 2.0)], "customer": [(2.0, 4.0)]}) == 0.0

    def test_three_voices_at_once_count_once(self) -> None:
        spans = {"agent": [(0.0, 4.0)], "customer": [(1.0, 3.0)], "unknown": [(2.0, 5.0)]}
        assert overlap_seconds(spans) == pytest.approx(3.0)  # 1-4 s has two or more voices


class TestMetricsFromSpeech:
    """The KPIs of a call whose talk and silence spans are known exactly."""

    def test_known_call(self) -> None:
        metrics = metrics_from_speech(CALL, 20.0, agent_words=40, pitch=None)
        assert metrics.talk_time == {"agent": 8.0, "customer": 4.5}
        assert metrics.talk_ratio == pytest.approx(8.0 / 12.5)
        assert metrics.overtalk == pytest.approx(0.5)
        # The 1 s before the first word and 5 s after the last are not hold time.
        assert (metrics.total_silence, metrics.longest_silence) == (2.0, 2.0)
        assert metrics.agent_wpm == pytest.approx(300.0)
        assert (metrics.agent_pitch_variation_semitones, metrics.monotone) == (None, None)

    @pytest.mark.parametrize(("spread", "monotone"), [(1.2, True), (2.0, False), (3.5, False)])
    def test_pitch_spread_flags_a_monotone_agent(self, spread: float, monotone: bool) -> None:
        pitch = PitchStats(median_hz=180.0, variation_semitones=spread, voiced_seconds=30.0)
        assert metrics_from_speech(CALL, 20.0, 40, pitch).monotone is monotone

    def test_speech_past_the_end_is_clipped(self) -> None:
        metrics = metrics_from_speech({"agent": [(-1.0, 2.0), (9.0, 12.0)]}, 10.0, None, None)
        assert metrics.talk_time == {"agent": 3.0}
        assert metrics.longest_silence == 7.0

    def test_mono_call_has_no_ratio_and_little_agent_speech_no_rate(self) -> None:
        metrics = metrics_from_speech({"unknown": [(0.0, 30.0)]}, 30.0, None, None)
        assert (metrics.talk_ratio, metrics.agent_wpm) == (None, None)
        short = metrics_from_speech({"agent": [(0.0, 2.0)]}, 30.0, 10, None)
        assert short.agent_wpm is None

    def test_silent_call(self) -> None:
        metrics = metrics_from_speech({}, 12.0, 0, None)
        assert (metrics.total_silence, metrics.longest_silence, metrics.overtalk) == (0, 0, 0)

    def test_round_trips_through_json(self) -> None:
        pitch = PitchStats(150.0, 1.5, 20.0)
        metrics = metrics_from_speech(CALL, 20.0, 40, pitch)
        assert CallMetrics.from_dict(metrics.to_dict()) == metrics
        assert CallMetrics.from_dict({**metrics.to_dict(), "new_kpi": 1}) == metrics


grid_spans = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 10)).map(lambda p: (float(p[0]), float(sum(p)))),
    max_size=6,
)


@given(st.dictionaries(st.sampled_from(["agent", "customer", "unknown"]), grid_spans))
def test_sweep_matches_counting_one_second_cells(
    spans: dict[str, list[tuple[float, float]]],
) -> None:
    """With whole-second edges, every figure can be checked by counting voices in each second."""
    voices = [sum(any(s <= k < e for s, e in v) for v in spans.values()) for k in range(60)]
    spoken = [k for k, n in enumerate(voices) if n]
    metrics = metrics_from_speech(spans, 60.0, None, None)
    assert metrics.overtalk == sum(n >= 2 for n in voices)
    for who, v in spans.items():
        assert metrics.talk_time[who] == sum(any(s <= k < e for s, e in v) for k in range(60))
    gaps = [k for k in range(spoken[0], spoken[-1]) if not voices[k]] if spoken else []
    assert metrics.total_silence == len(gaps)
    runs = "".join("s" if k in gaps else "." for k in range(60)).split(".")
    assert metrics.longest_silence == max(map(len, runs))


def _segment(start: float, end: float, speaker: str, text: str, words: bool = False) -> Segment:
    timed = ()
    if words:
        step = (end - start) / len(text.split())
        timed = tuple(
            Word(start + i * step, start + (i + 0.8) * step, w) for i, w in enumerate(text.split())
        )
    return Segment(start, end, speaker, text, words=timed)  # type: ignore[arg-type]


class TestFromTranscript:
    """The fallback when only a transcript is available."""

    def test_segments_give_spans_and_text_gives_word_count(self) -> None:
        transcript = Transcript(
            segments=(
                _segment(0.5, 6.5, "agent", "thank you for calling acme wireless " * 3),
                _segment(6.0, 9.0, "customer", "hi i need a new phone"),
                _segment(70.0, 76.0, "agent", "thanks for holding " * 4),
            ),
            duration=80.0,
        )
        metrics = metrics_from_transcript(transcript)
        assert metrics.source == "transcript"
        assert agent_word_count(transcript) == 30
        assert metrics.longest_silence == pytest.approx(61.0)
        assert metrics.overtalk == pytest.approx(0.5)
        assert metrics.agent_wpm == pytest.approx(30 / (12 / 60))

    def test_word_times_are_used_and_short_pauses_bridged(self) -> None:
        seg = _segment(0.0, 10.0, "agent", "one two three four five", words=True)
        spans = intervals_from_transcript(Transcript(segments=(seg,)))
        # Words 1.6 s long with 0.4 s pauses: pauses over the 0.3 s bridge stay silence.
        assert len(spans["agent"]) == 5
        bridged = _segment(0.0, 5.0, "agent", "one two three four five six seven", words=True)
        assert len(intervals_from_transcript(Transcript(segments=(bridged,)))["agent"]) == 1


class TestMetricVerdicts:
    """What a rubric item such as `metric = "longest_silence", max = 60` decides."""

    metrics = metrics_from_speech(
        {"agent": [(0.0, 10.0), (82.0, 100.0)], "customer": [(10.0, 20.0)]}, 100.0, 90, None
    )

    def test_a_hold_over_a_minute_fails(self) -> None:
        verdict, reason = metric_verdict(self.metrics, "longest_silence", None, 60)
        assert verdict is False
        assert reason == "longest silence 62.0 s is over the maximum of 60.0 s"

    def test_within_limits_passes(self) -> None:
        assert metric_verdict(self.metrics, "overtalk", None, 5)[0] is True
        # 90 words in 28 s of agent talk.
        assert metric_verdict(self.metrics, "agent_wpm", 120, 200) == (
            True,
            "agent speaking rate 192.9 wpm is within limits",
        )

    def test_shares_read_as_percent(self) -> None:
        verdict, reason = metric_verdict(self.metrics, "talk_ratio", None, 0.6)
        assert verdict is False
        assert reason == "agent share of talk time 74% is over the maximum of 60%"

    def test_a_minimum(self) -> None:
        verdict, reason = metric_verdict(self.metrics, "talk_time_customer", 30, None)
        assert (verdict, reason) == (
            False,
            "customer talk time 10.0 s is under the minimum of 30.0 s",
        )

    def test_unknown_metric_value_is_undecided(self) -> None:
        verdict, reason = metric_verdict(self.metrics, "agent_pitch_variation", 2, None)
        assert verdict is None
        assert "unknown" in reason

    def test_a_misspelt_metric_is_refused(self) -> None:
        with pytest.raises(ValueError, match="longest_silence"):
            metric_value(self.metrics, "longest_silense")

    @pytest.mark.parametrize("name", METRIC_NAMES)
    def test_every_named_metric_reads(self, name: str) -> None:
        assert metric_verdict(self.metrics, name, None, None)[0] in (True, None)
