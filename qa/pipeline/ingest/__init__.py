"""Ingest: walking recording folders, probing audio, reading metadata, registering each call once.

Open `ingest.py` first.
"""
