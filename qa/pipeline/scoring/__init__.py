"""Scoring stored transcripts, re-scored reviews, and transcript files without a database.

Open `score.py` first (`qa score`); `rescore.py` is `qa rescore`, `check.py` is `qa check` and
`qa eval`.
"""
