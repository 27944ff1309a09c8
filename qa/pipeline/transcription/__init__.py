"""The transcribe stage: pending calls to stored transcripts, and a supervisor's agent/customer

swap. Open `transcribe.py` first.
"""
