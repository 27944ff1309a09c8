"""Tests of qa/domain/scoring/."""
