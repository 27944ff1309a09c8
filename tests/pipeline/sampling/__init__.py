"""Tests of qa/pipeline/sampling/ and its commands."""
