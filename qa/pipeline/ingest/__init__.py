"""Ingest: recordings found, probed and registered once each, with their metadata.

Open `ingest.py` first; `scan.py` walks folders, `probe.py` reads audio headers, `metadata.py`
reads sidecars and manifests.
"""
