"""Rubrics: the TOML file a QA admin writes, read into typed items and checked line by line.

Open `rubric.py` first (the records), then `parse.py` (reading) and `lint.py` (what a file may
hold).
"""
