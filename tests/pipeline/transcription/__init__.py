"""Tests of qa/pipeline/transcription/ and its commands."""
