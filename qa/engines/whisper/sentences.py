"""Long Whisper segments cut at sentence ends and pauses (word times): evidence is a sentence."""

from __future__ import annotations

from dataclasses import replace

from qa.domain.transcript import Segment, Word, segment_of_words

# A pause this long between two words starts a new segment (as pocketsphinx's segments do).
PAUSE_SECONDS = 0.6
# Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = {"mr.", "mrs.", "ms.", "dr.", "st.", "jr.", "sr.", "no.", "vs.", "etc.", "e.g.",
                  "i.e.", "a.m.", "p.m.", "u.s."}  # fmt: skip
_SENTENCE_END = (".", "?", "!")


def ends_sentence(word: str) -> bool:
    """True for a word that closes a sentence ("Sarah.", "today?"), not "Mr." or "$52.99"."""
    text = word.strip().strip("\"')”’")
    return text.endswith(_SENTENCE_END) and text.casefold() not in _ABBREVIATIONS


def _breaks_before(previous: Word, word: Word) -> bool:
    return ends_sentence(previous.text) or word.start - previous.end >= PAUSE_SECONDS


def split_sentences(segment: Segment) -> list[Segment]:
    """The segment as one segment per sentence (or per stretch between pauses)."""
    if len(segment.words) < 2:
        return [segment]
    groups: list[list[Word]] = [[segment.words[0]]]
    for previous, word in zip(segment.words, segment.words[1:], strict=False):
        if _breaks_before(previous, word):
            groups.append([word])
        else:
            groups[-1].append(word)
    if len(groups) == 1:
        return [segment]
    pieces = [segment_of_words(segment, group) for group in groups]
    pieces[0] = replace(pieces[0], start=min(segment.start, pieces[0].start))
    pieces[-1] = replace(pieces[-1], end=max(segment.end, pieces[-1].end))
    return pieces
