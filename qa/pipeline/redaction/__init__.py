"""Redaction stage: transcripts redacted before storage, silenced audio copies, and checking them.

Open `redact.py` first, then `run.py` (`qa redact`).
"""
