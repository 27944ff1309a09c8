"""Tests of qa/pipeline/redaction/ and its commands."""
