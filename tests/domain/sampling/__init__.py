"""Tests of qa/domain/sampling/."""
