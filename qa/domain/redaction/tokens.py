"""Transcript text as tokens tied to their segment, characters and timed words, per speaker."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from qa.domain.transcript import Segment, Transcript

TokenKind = Literal["word", "number", "numeric", "symbol"]

# Words with a letter ("smith85", "4th"), numbers with separators ("49.99", "3:30", "10/26"),
# bare digits, and the symbols that matter in card numbers and e-mail addresses.
_TOKEN = re.compile(
    r"(?P<word>[A-Za-z0-9]*[A-Za-z][A-Za-z0-9']*)"
    r"|(?P<numeric>\d+(?:[.,:/]\d+)+)"
    r"|(?P<number>\d+)"
    r"|(?P<symbol>[@._+\-/$])"
)
# Speakers pause between segments; a longer silence means the number they were reading is over.
MAX_STREAM_GAP_S = 8.0


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a segment's text; `word` indexes the segment's timed words when aligned."""

    segment: int
    start: int  # character offsets in the segment text
    end: int
    text: str  # lower case
    kind: TokenKind
    spaced: bool  # whitespace (or the segment start) before it
    word: int | None = None
    time: tuple[float, float] | None = None


def split_tokens(text: str) -> list[tuple[int, int, str, TokenKind]]:
    """(start, end, lower-case text, kind) for each token of a text."""
    found: list[tuple[int, int, str, TokenKind]] = []
    for match in _TOKEN.finditer(text):
        kind: TokenKind = "word"
        for name in ("numeric", "number", "symbol"):
            if match.group(name) is not None:
                kind = name
        found.append((match.start(), match.end(), match.group().lower(), kind))
    return found


def _word_tokens(segment: Segment) -> list[tuple[int, str]]:
    return [
        (i, text) for i, w in enumerate(segment.words) for _, _, text, _ in split_tokens(w.text)
    ]


def _alignment(texts: list[str], segment: Segment) -> dict[int, int]:
    """Text token index -> word index, matching the words' own tokens in order."""
    timed = _word_tokens(segment)
    matcher = SequenceMatcher(None, texts, [t for _, t in timed], autojunk=False)
    mapping: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = timed[block.b + k][0]
    return mapping


def segment_tokens(index: int, segment: Segment) -> list[Token]:
    """The tokens of one segment, each tied to its timed word when the segment has words."""
    raw = split_tokens(segment.text)
    mapping = _alignment([t for _, _, t, _ in raw], segment) if segment.words else {}
    tokens = []
    for k, (start, end, text, kind) in enumerate(raw):
        word = mapping.get(k)
        time = None if word is None else (segment.words[word].start, segment.words[word].end)
        spaced = start == 0 or segment.text[start - 1].isspace()
        tokens.append(Token(index, start, end, text, kind, spaced, word, time))
    return tokens


def speaker_streams(transcript: Transcript) -> list[list[Token]]:
    """Token streams: one speaker's consecutive segments, split where they pause too long.

    A customer reading a card number is often cut into segments by the agent's "uh huh";
    joining a speaker's own segments lets a number split that way be read whole.
    """
    streams: list[list[Token]] = []
    open_by_speaker: dict[str, tuple[list[Token], float]] = {}
    for index, segment in enumerate(transcript.segments):
        current = open_by_speaker.get(segment.speaker)
        if current is None or segment.start - current[1] > MAX_STREAM_GAP_S:
            current = ([], segment.end)
            streams.append(current[0])
        current[0].extend(segment_tokens(index, segment))
        open_by_speaker[segment.speaker] = (current[0], max(current[1], segment.end))
    return [stream for stream in streams if stream]
