"""Where transcription runs: this process, a local process pool, or a Dask cluster.

Open `runners.py` first; `orphans.py` makes workers die with their parent.
"""
