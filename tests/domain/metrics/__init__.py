"""Tests of qa/domain/metrics/."""
