"""Call metrics (talk, silence, hold, overtalk, pace, pitch) and the team report figures built from

scored calls. Open `metrics.py` for one call, `reporting.py` for a team.
"""
