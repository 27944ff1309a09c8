"""The main job, `qa run`: ingest, sample, transcribe, metrics, score; one run at a time.

Open `run.py` first; `summary.py` is the table it ends with, `one_run.py` the run lock.
"""
