"""The sample stage: the calls that may be drawn, the draw, and the draw kept for the audit.

Open `sample.py`.
"""
