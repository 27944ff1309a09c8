"""Tests of qa/domain/speakers/."""
