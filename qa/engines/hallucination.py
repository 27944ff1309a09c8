"""Rules that drop recognised text which is likely invented by the model rather than heard."""

from __future__ import annotations

import re

# Whisper's own fallback thresholds (openai/whisper transcribe.py defaults): a window whose
# no-speech probability is high while the decoder was unsure is silence, not speech.
NO_SPEECH_PROB = 0.6
LOW_AVG_LOGPROB = -1.0
# gzip ratio above this means highly repetitive text, the classic looping failure.
MAX_COMPRESSION_RATIO = 2.4
# The same phrase three times in a row ("thank you. thank you. thank you.") is a loop.
REPEATS = 3
_MAX_PHRASE_WORDS = 6


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


def _repeats_at(words: list[str], start: int, size: int) -> int:
    phrase = words[start : start + size]
    count = 1
    while words[start + count * size : start + (count + 1) * size] == phrase:
        count += 1
    return count


def repeats_phrase(text: str, times: int = REPEATS) -> bool:
    """True when some phrase of 1-6 words occurs `times` or more times back to back."""
    words = _words(text)
    for size in range(1, _MAX_PHRASE_WORDS + 1):
        for start in range(0, len(words) - size * times + 1):
            if _repeats_at(words, start, size) >= times:
                return True
    return False


def looks_hallucinated(
    text: str,
    no_speech_prob: float = 0.0,
    avg_logprob: float = 0.0,
    compression_ratio: float = 1.0,
) -> bool:
    """Whether a recognised segment should be dropped rather than kept in the transcript."""
    silent = no_speech_prob > NO_SPEECH_PROB and avg_logprob < LOW_AVG_LOGPROB
    looping = compression_ratio > MAX_COMPRESSION_RATIO or repeats_phrase(text)
    return silent or looping or not _words(text)
