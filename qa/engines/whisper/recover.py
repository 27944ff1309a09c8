"""Speech Whisper skipped, decoded again on its own (tiny.en on telephone audio returns nothing
for whole stretches at times, e.g. "Honestly, that's not my problem, the store should..." heard
as "The store should handle that.")."""

from __future__ import annotations

from collections.abc import Callable

from qa.domain.transcript import Segment
from qa.engines.unheard import unheard_spans
from qa.engines.vad import Window

DecodeWindow = Callable[[Window, str | None], list[Segment]]  # window, prompt -> call-time segments


def recover_unheard(
    decode: DecodeWindow,
    window: Window,
    heard: list[Segment],
    prompt: str | None,
    recover: bool = True,
) -> list[Segment]:
    """Segments for the stretches of `window` that `heard` leaves uncovered, each decoded alone
    (no previous text), first with the names as prompt and then, if still silent, without: a
    prompt can make Whisper end a window at once."""
    found: list[Segment] = []
    for span in unheard_spans(window, heard) if recover else ():
        alone = Window((span,))
        again = decode(alone, prompt) or (decode(alone, None) if prompt else [])
        found.extend(again)
    return found
