"""How far verdicts agree: supervisors with each other (calibration) and the scorer with people

(`qa eval`). Open `agreement.py` first, then `evaluation.py`.
"""
