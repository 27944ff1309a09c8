"""The Whisper engine on two backends: faster-whisper (CTranslate2) and openai-whisper, and where

their weights come from. Open `models.py` (which weights, which backend), then `faster_engine.py`.
"""
