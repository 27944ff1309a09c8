"""Drawing the review sample: how many calls, shared among agents, seeded and optionally risk-

weighted. Open `sampling.py` first; `policy.py` is what a sample should be.
"""
