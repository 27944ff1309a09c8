"""Scoring one transcript against a rubric: a verdict with evidence for every item.

Open `scoring.py` first; `item_checks.py` turns each item kind into a verdict and `gap_checks.py`
keeps a verdict off speech nobody transcribed. The scorecard itself is `qa/domain/scorecard.py`.
"""
