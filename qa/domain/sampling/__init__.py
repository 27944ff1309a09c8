"""Drawing the review sample: how many calls, shared among agents, seeded, risk-weighted.

Open `sampling.py` first; `policy.py` is what a sample should be, `size.py` how many calls.
"""
