"""The Whisper engine on two backends, faster-whisper and openai-whisper, and its weights.

Open `models.py` first (which weights, which backend), then `faster_engine.py`.
"""
