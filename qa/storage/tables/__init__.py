"""SQLModel table classes: rows as the database keeps them (`qa/storage/convert.py` makes domain

records of them). Open `tables.py` first.
"""
