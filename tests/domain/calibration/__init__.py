"""Tests of qa/domain/calibration/."""
