"""Where transcription runs: this process, a local process pool, or a Dask cluster; workers die

with their parent. Open `runners.py` first.
"""
