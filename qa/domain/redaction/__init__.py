"""Redaction: finding personal data (cards, codes, phones, e-mail, dates of birth) in transcripts.

Open `redaction.py` first; `detect.py` finds data in one speaker's words, `exchange.py` across
turns.
"""
