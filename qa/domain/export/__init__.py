"""What an export or a report reads about one scored call, and what a person may choose.

Open `records.py` first, then `choices.py`.
"""
