"""Tests of qa/domain/reports/."""
