"""The transcribe stage: pending calls to stored transcripts, saved as each is done.

Open `transcribe.py` first; `speakers.py` is a supervisor's agent/customer swap.
"""
