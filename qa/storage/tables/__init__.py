"""SQLModel table classes: rows as the database keeps them.

Open `tables.py`; `qa/storage/convert.py` turns rows into domain records.
"""
