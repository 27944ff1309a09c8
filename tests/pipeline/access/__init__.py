"""Tests of qa/pipeline/access/ and its commands."""
