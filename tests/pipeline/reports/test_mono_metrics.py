"""Metrics of a stereo file found mixed: the voices, not the channel map, say who spoke."""

from __future__ import annotations

from qa.engines.acoustics import CallAcoustics
from qa.pipeline.reports.metrics import combine
from tests.domain.speakers import test_speaker_roles

SEPARATED = test_speaker_roles.TestMetricsOfSeparatedCalls.SEPARATED


def test_a_mixed_stereo_call_is_measured_from_its_separated_voices() -> None:
    both = [(0.0, 30.0), (100.0, 110.0)]  # both voices on both channels: the same spans
    acoustics = CallAcoustics(110.0, {"agent": both, "customer": both})
    metrics = combine(acoustics, SEPARATED)
    assert metrics.source == "transcript"
    assert metrics.overtalk is not None and metrics.overtalk < 5.0  # not 40 s of "overtalk"
    assert metrics.talk_ratio is not None and metrics.talk_ratio > 0.6
