"""Word error rate of a transcript against what was said, after spoken-text normalisation."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from qa.domain.matching.normalize import normalize_text
from qa.domain.transcript import Speaker, Transcript


def spoken_words(text: str) -> list[str]:
    """Words as compared: "$10" and "ten dollars", "Mr." and "mister" count as the same."""
    return normalize_text(text).split()


def word_errors(said: str, heard: str) -> tuple[int, int]:
    """(substitutions + deletions + insertions, words said) between two texts."""
    reference, hypothesis = spoken_words(said), spoken_words(heard)
    return Levenshtein.distance(reference, hypothesis), len(reference)


def heard_by(transcript: Transcript, speaker: Speaker) -> str:
    """Everything one speaker was heard saying, in time order."""
    return " ".join(s.text for s in transcript.segments if s.speaker == speaker)


def word_error_rate(pairs: Sequence[tuple[str, str]]) -> float:
    """WER over (said, heard) pairs: all errors over all words said."""
    counts = [word_errors(said, heard) for said, heard in pairs]
    said = sum(n for _, n in counts)
    return sum(e for e, _ in counts) / said if said else 0.0
