"""Review rules: when a verdict may change or needs a reason, when a scorecard may close, and how a

rescore sits beside a review. Open `review.py` first, then `rescore.py`.
"""
