"""One-channel calls told apart by voice: resemblyzer embeddings clustered into two voices, and the

agent's voice named. Open `separate.py` first.
"""
