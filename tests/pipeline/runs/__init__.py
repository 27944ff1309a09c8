"""Tests of qa/pipeline/runs/ and its commands."""
