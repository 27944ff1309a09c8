"""Speech-to-text engines behind one protocol: Whisper, pocketsphinx, and transcript files."""
