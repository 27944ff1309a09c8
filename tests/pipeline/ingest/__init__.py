"""Tests of qa/pipeline/ingest/ and its commands."""
