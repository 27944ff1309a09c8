"""Agents and their own calls: replay, self-assessment, disputes and acknowledgements, and the

supervisor's answer to a dispute. Open `disputes.py` first, then `replay.py`.
"""
