"""Redaction stage: transcripts redacted before storage, and silenced audio copies.

Open `redact.py` first, then `run.py` (`qa redact`), `audio.py` and `verify.py`.
"""
