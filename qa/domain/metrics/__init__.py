"""Call metrics supervisors ask for: talk time, silence and hold, overtalk, pace, pitch.

Open `metrics.py`.
"""
