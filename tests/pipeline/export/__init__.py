"""Tests of qa/pipeline/export/ and its commands."""
