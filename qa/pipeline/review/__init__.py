"""The review service behind the supervisor's UI and `qa verdict`, `qa finalize`, `qa reopen`.

Open `review.py` first; `commands.py` is the CLI's side, `next_steps.py` where a review goes
next, `refusals.py` what a key may not do now, `calibration.py` blind double scoring.
"""
