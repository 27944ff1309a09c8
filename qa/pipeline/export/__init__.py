"""Exports: scored calls to CSV, JSON, XLSX or a PDF coaching pack, written atomically.

Open `export.py` first: the one function the CLI and the TUI call; `to_*.py` write each format.
"""
