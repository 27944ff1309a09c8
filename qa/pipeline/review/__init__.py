"""The review service the supervisor's UI and `qa verdict`/`qa finalize` use: verdicts, overrides,

comments, leases, what comes next, and calibration. Open `review.py` first.
"""
