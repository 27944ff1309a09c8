"""Tests of qa/domain/rubric/."""
