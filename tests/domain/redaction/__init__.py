"""Tests of qa/domain/redaction/."""
