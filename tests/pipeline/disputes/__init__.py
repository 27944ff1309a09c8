"""Tests of qa/pipeline/disputes/ and its commands."""
