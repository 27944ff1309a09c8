"""Which of two voices on a one-channel call is the agent, and how sure that is.

Open `roles.py`; whether scoring may trust it is `qa/domain/speaker_trust.py`.
"""
