"""Redaction: personal data (cards, codes, phones, e-mail, birth dates) found in transcripts.

Open `redaction.py` first (the public API); `detect.py` finds data in one speaker's words and
`exchange.py` across turns.
"""
