"""Tests of qa/pipeline/review/ and its commands."""
