"""Tests of qa/domain/matching/."""
