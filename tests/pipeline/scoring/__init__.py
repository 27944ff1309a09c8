"""Tests of qa/pipeline/scoring/ and its commands."""
