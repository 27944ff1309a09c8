"""Review rules: when a verdict may change, when a scorecard may close, rescores beside reviews.

Open `review.py` first, then `rescore.py`.
"""
