"""Rubrics: the TOML file a QA admin writes, read into typed items.

Open `rubric.py` first (the records), then `parse.py` (reading a file) and `lint.py` (what a
file may hold, each problem with its line).
"""
