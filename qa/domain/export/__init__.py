"""What an export or a report reads about a scored call, and the choices a person may make for one.

Open `records.py` first.
"""
