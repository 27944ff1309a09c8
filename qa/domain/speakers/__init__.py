"""Who spoke on a one-channel call: which of two voices is the agent, and whether scoring may trust

it. Open `roles.py` first.
"""
