"""Scoring one transcript against a rubric: a verdict with evidence for every item.

Open `scoring.py` first; `item_checks.py` turns each item kind into a verdict, `scorecard.py` adds
them up.
"""
