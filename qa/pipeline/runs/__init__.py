"""The main job, `qa run` (ingest, sample, transcribe, metrics, score), one run at a time, and the

table it ends with. Open `run.py` first.
"""
