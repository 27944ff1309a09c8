"""Scoring stored transcripts (`qa score`), deciding on re-scored reviews (`qa rescore`), and

scoring files without a database (`qa check`, `qa eval`). Open `score.py` first.
"""
