"""Tests of qa/domain/review/."""
