"""Agents and their own calls: replay, self-assessment, disputes and acknowledgements.

Open `disputes.py` first (raising and settling disputes), then `replay.py` (the agent's
replay service).
"""
