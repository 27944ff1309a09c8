"""Team reports, and the metrics stage that measures each transcribed call.

Open `report.py` first, then `metrics.py`.
"""
