"""The pocketsphinx engine: the US English model bundled in its wheel, so it always runs offline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from qa.domain.transcript import Segment, Speaker, Word
from qa.engines.base import ChannelSpeech
from qa.engines.vad import Window

FRAMES_PER_SECOND = 100  # pocketsphinx's default frame rate (frate)
# Active HMMs kept per frame (default 30000, unlimited in practice). 3000 is the limit CMU
# suggests for speed: 3x faster on the demo calls at the same word error rate (bench/transcribe.py).
MAX_HMMS_PER_FRAME = 3000
PAUSE_SECONDS = 0.6  # a longer gap between words starts a new segment
_FILLER = re.compile(r"^(<.*>|\[.*\]|\+\+.*\+\+)$")  # <s>, </s>, <sil>, [NOISE], ++UM++
_ALTERNATE = re.compile(r"\(\d+\)$")  # "the(2)": second pronunciation of "the"


def _pcm16(audio: np.ndarray) -> bytes:
    samples: np.ndarray = (np.clip(audio, -1.0, 1.0) * 32767).astype("<i2")
    return samples.tobytes()


def _word(entry: Any, window: Window) -> tuple[int, Word] | None:
    """The word of a pocketsphinx segment entry in call time, with the region it was said in."""
    text = _ALTERNATE.sub("", entry.word)
    if _FILLER.match(text):
        return None
    start, end = entry.start_frame / FRAMES_PER_SECOND, (entry.end_frame + 1) / FRAMES_PER_SECOND
    region = window.region_at((start + end) / 2)
    return region, Word(
        start=window.to_call_time(start, region),
        end=window.to_call_time(end, region),
        text=text,
        confidence=min(1.0, float(entry.prob)),  # a log-domain approximation can top 1
    )


def _segment(words: list[Word], speaker: Speaker) -> Segment:
    known = [w.confidence for w in words if w.confidence is not None]
    return Segment(
        start=words[0].start,
        end=words[-1].end,
        speaker=speaker,
        text=" ".join(w.text for w in words),
        confidence=sum(known) / len(known) if known else None,
        words=tuple(words),
    )


def segments_from_words(words: list[tuple[int, Word]], speaker: Speaker) -> list[Segment]:
    """Words grouped into segments wherever the speaker pauses or a speech region ends."""
    groups: list[list[Word]] = []
    last_region = -1
    for region, word in words:
        if region == last_region and word.start - groups[-1][-1].end <= PAUSE_SECONDS:
            groups[-1].append(word)
        else:
            groups.append([word])
        last_region = region
    return [_segment(group, speaker) for group in groups]


class PocketsphinxEngine:
    """Speech-to-text with pocketsphinx; fast, less accurate than Whisper, needs no download."""

    name = "pocketsphinx"
    uses_vocabulary = False  # its bundled dictionary is fixed; names are matched fuzzily later

    def __init__(self) -> None:
        import pocketsphinx

        self.decoder = pocketsphinx.Decoder(
            samprate=16000, loglevel="FATAL", maxhmmpf=MAX_HMMS_PER_FRAME
        )

    def _words(self, audio: np.ndarray, window: Window) -> list[tuple[int, Word]]:
        self.decoder.start_utt()
        self.decoder.process_raw(_pcm16(audio), full_utt=True)
        self.decoder.end_utt()
        found = (_word(entry, window) for entry in self.decoder.seg())
        return [w for w in found if w is not None]

    def transcribe_windows(
        self,
        channel: np.ndarray,
        windows: Sequence[Window],
        speaker: Speaker,
        vocabulary: Sequence[str],
    ) -> list[Segment]:
        """Segments heard in the windows, in call time."""
        segments: list[Segment] = []
        for window in windows:
            segments.extend(
                segments_from_words(self._words(window.audio(channel), window), speaker)
            )
        return segments

    def transcribe_speech(
        self, speech: Sequence[ChannelSpeech], vocabulary: Sequence[str]
    ) -> list[Segment]:
        """Segments of every channel, one window at a time."""
        return [
            segment
            for part in speech
            for segment in self.transcribe_windows(part.channel, part.windows, part.speaker, ())
        ]
