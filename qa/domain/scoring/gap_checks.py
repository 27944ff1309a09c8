"""Speech that was heard but never transcribed: a verdict cannot rest on words nobody read.

Real Whisper output drops stretches of telephone speech ("Honestly, that's not my problem, the
store should handle that" came out as "The store should handle that."). Where the transcript
records such a gap (DESIGN §4 `gaps`) inside an item's window, a prohibited phrase may be in it
(a `none` item cannot pass) and so may a required one (an `any`/`all`/`each` item cannot fail),
whenever the gap is long enough to say the phrase in.
"""

from __future__ import annotations

from collections.abc import Iterable

from qa.domain.matching.placeholders import compile_phrase
from qa.domain.rubric.rubric import Item
from qa.domain.scorecard import Verdict
from qa.domain.scoring.item_checks import Outcome, describe_time
from qa.domain.transcript import Gap

SECONDS_PER_WORD = 0.4  # ordinary speech, about 150 words a minute
SLOT_WORDS = 2  # words a {business} or {agent} slot takes to say
_DECISIVE = {"none": Verdict.PASS, "any": Verdict.FAIL, "all": Verdict.FAIL, "each": Verdict.FAIL}


def saying_time(phrase: str) -> float:
    """Seconds it takes to say a rubric phrase (its slots counted as two words each)."""
    parts = compile_phrase(phrase).parts
    words = sum(SLOT_WORDS if n % 2 else len(p.split()) for n, p in enumerate(parts))
    return words * SECONDS_PER_WORD


def describe_gap(gap: Gap, speaker: str) -> str:
    """ "9 s of agent speech not transcribed at 0:32–0:41"."""
    who = "" if speaker == "any" else f"{speaker} "
    span = f"{describe_time(gap.start)}–{describe_time(gap.end)}"
    return f"{gap.seconds:.0f} s of {who}speech not transcribed at {span}"


def gaps_within(
    gaps: Iterable[Gap], window: tuple[float, float], speaker: str, longer_than: float
) -> list[Gap]:
    """The gaps of `speaker` (any speaker for "any"; a gap of unknown speaker counts for
    everyone) overlapping the window and lasting longer than `longer_than` seconds."""
    start, end = window
    return [
        g
        for g in gaps
        if (speaker == "any" or g.speaker in (speaker, "unknown"))
        and g.start < end
        and g.end > start
        and g.seconds > longer_than
    ]


def with_gaps(
    item: Item, outcome: Outcome, gaps: tuple[Gap, ...], window: tuple[float, float]
) -> Outcome:
    """The outcome, made uncertain when an untranscribed gap in the window could hold the
    words that would turn it: a prohibited phrase for a pass, a required one for a fail."""
    if not gaps or _DECISIVE.get(item.kind) != outcome.verdict:
        return outcome
    phrases = item.phrases or ("an offer",)  # `each`: the offers are a word or two
    shortest = min(saying_time(p) for p in phrases)
    hidden = gaps_within(gaps, window, item.speaker, shortest)
    if not hidden:
        return outcome
    said = "; ".join(describe_gap(g, item.speaker) for g in hidden)
    return Outcome(Verdict.UNCERTAIN, f"{said}; {outcome.reason}", outcome.evidence, tuple(hidden))
