"""Tests of qa/pipeline/reports/ and its commands."""
