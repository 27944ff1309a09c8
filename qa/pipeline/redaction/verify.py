"""Checking a redacted copy: silent in every span, and no digits heard there on re-listening."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.domain.matching.spoken_numbers import read_numbers
from qa.domain.redaction.tokens import split_tokens
from qa.engines.base import Engine
from qa.pipeline.redaction.audio import Span, read_samples

MIN_LISTEN_S = 0.1  # spans shorter than this hold no word to hear


@dataclass(frozen=True, slots=True)
class Verification:
    """What checking one call's redacted copy found."""

    spans: int
    silent: bool  # every sample in every span is zero
    digits_heard: int  # numbers the speech engine still heard inside the spans

    @property
    def ok(self) -> bool:
        """True when the spans are silent and nothing numeric was heard."""
        return self.silent and self.digits_heard == 0

    def to_dict(self) -> dict[str, Any]:
        """The audit record of the check."""
        return {"spans": self.spans, "silent": self.silent, "digits_heard": self.digits_heard}


def spans_are_silent(path: Path, spans: Sequence[Span]) -> bool:
    """True when every channel is zero over every span of the file."""
    samples, rate, _, _ = read_samples(path)
    return all(not samples[:, math.floor(s * rate) : math.ceil(e * rate)].any() for s, e in spans)


def _numbers_in(texts: Sequence[str]) -> int:
    tokens = [t for text in texts for _, _, t, _ in split_tokens(text)]
    return len(read_numbers(tokens))


def digits_heard(path: Path, spans: Sequence[Span], engine: Engine | None = None) -> int:
    """How many numbers a speech engine (pocketsphinx by default) hears inside the spans."""
    from qa.engines.audio import decode
    from qa.engines.base import EngineSpec
    from qa.engines.build import build_engine
    from qa.engines.vad import Window

    listener = engine or build_engine(EngineSpec("pocketsphinx"))
    audio, rate = decode(path)
    texts: list[str] = []
    for channel in audio:
        for start, end in spans:
            if end - start < MIN_LISTEN_S:
                continue
            window = Window(spans=((int(start * rate), min(len(channel), int(end * rate))),))
            heard = listener.transcribe_windows(channel, [window], "unknown", ())
            texts += [s.text for s in heard]
    return _numbers_in(texts)


def verify_redacted_audio(
    path: Path, spans: Sequence[Span], engine: Engine | None = None
) -> Verification:
    """Check a redacted copy sample by sample, then by listening to the silenced spans again."""
    return Verification(
        len(spans), spans_are_silent(path, spans), digits_heard(path, spans, engine)
    )
