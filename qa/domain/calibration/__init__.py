"""How far verdicts agree: supervisors with each other, and the scorer with people.

Open `agreement.py` first (calibration), then `evaluation.py` (`qa eval`).
"""
