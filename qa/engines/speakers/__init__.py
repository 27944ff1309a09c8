"""One-channel calls told apart by voice, and the agent's voice named.

Open `separate.py` first; `diarization.py` clusters resemblyzer embeddings into voices.
"""
