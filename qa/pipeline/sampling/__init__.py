"""The sample stage: gather the calls that may be drawn, draw them, keep the draw for the audit.

Open `sample.py`.
"""
