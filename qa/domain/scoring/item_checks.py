"""Rubric item kinds (any, all, none, each, metric; manual has no check) turned into verdicts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from qa.domain.matching.matching import NEGATION_REACH, Hit
from qa.domain.matching.placeholders import (
    as_said,
    compile_phrase,
    said_word_for_word,
    search_phrase,
)
from qa.domain.matching.spoken_text import SpokenCall, Stream
from qa.domain.metrics.metrics import CallMetrics, metric_verdict
from qa.domain.rubric.rubric import Item
from qa.domain.scorecard import Evidence, Verdict
from qa.domain.transcript import Gap

LOW_CONFIDENCE = 0.5  # mean word confidence below which a match is only `uncertain`
# Engines whose word confidences are not calibrated probabilities. pocketsphinx reports
# posterior scores of 0.1-0.5 for words it heard right ("recorded" 0.12 on a clean demo call),
# so a floor would send most of its matches to a supervisor; similarity decides alone there.
# Whisper's word `probability` is calibrated enough for the floor to mean something.
UNCALIBRATED_ENGINES = ("pocketsphinx",)
_ORDER = {Verdict.FAIL: 0, Verdict.UNCERTAIN: 1, Verdict.PASS: 2}


class Check(NamedTuple):  # NamedTuples here: immutable, and built faster than a dataclass
    """One item being scored on one call, with the names its placeholders stand for."""

    item: Item
    call: SpokenCall
    names: dict[str, tuple[str, ...]]
    meta: dict[str, Any]
    metrics: CallMetrics | None = None

    @property
    def stream(self) -> Stream:
        """The words of the speaker the item is about."""
        return self.call.stream(self.item.speaker)


class Outcome(NamedTuple):
    """A verdict, the sentence that explains it, and the moments that show it."""

    verdict: Verdict
    reason: str = ""
    evidence: tuple[Evidence, ...] = ()
    gaps: tuple[Gap, ...] = ()  # untranscribed speech that left the verdict undecided


@lru_cache(maxsize=64)
def confidence_floor(engine: str) -> float | None:
    """The mean word confidence under which a match is uncertain; None: the engine's
    confidences mean nothing on that scale (`engine` as transcripts name it: "whisper:base.en")."""
    family = engine.split(":", 1)[0].strip().lower()
    return None if family in UNCALIBRATED_ENGINES else LOW_CONFIDENCE


def describe_time(seconds: float) -> str:
    """Seconds as m:ss, the way a player shows them."""
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


def hit_evidence(stream: Stream, hit: Hit) -> Evidence:
    """The evidence record of a hit that has a match."""
    assert hit.match is not None
    first, last = hit.match.first, hit.match.last
    return Evidence(
        phrase=hit.phrase,
        text=stream.quote(first, last),
        speaker=stream.speaker(first),
        start=stream.starts[first],
        end=stream.end(last - 1),
        similarity=hit.match.score,
    )


def _evidence(stream: Stream, hits: list[Hit]) -> tuple[Evidence, ...]:
    return tuple(hit_evidence(stream, h) for h in hits if h.match is not None)


def _said_outright(
    check: Check, stream: Stream, phrases: tuple[str, ...], span: tuple[int, int]
) -> Hit | None:
    """The first alternative said word for word, when it is said (not negated) there.

    No alternative before it can be said word for word, so `_best` would pick it too; finding
    it first skips the fuzzy search of the alternatives before it, which is most of the cost.
    """
    chars = stream.char_span(*span)
    for phrase in phrases:
        compiled = compile_phrase(phrase)
        if said_word_for_word(stream, compiled, check.names, chars):
            hit = search_phrase(stream, compiled, check.names, span, check.item.threshold)
            said = hit.status == "said" and hit.match is not None and hit.match.score >= 100.0
            return hit if said else None
    return None


def _best(check: Check, stream: Stream, phrases: tuple[str, ...], span: tuple[int, int]) -> Hit:
    """The best outcome among alternative phrases (stops at the first clear, confident one)."""
    if len(phrases) > 1 and (outright := _said_outright(check, stream, phrases, span)):
        return outright
    return best_in_order(stream, phrases, check.names, span, check.item.threshold)


def best_in_order(
    stream: Stream,
    phrases: Sequence[str],
    names: dict[str, tuple[str, ...]],
    span: tuple[int, int],
    threshold: float,
) -> Hit:
    """Every alternative searched in turn: the first said outright, else the best ranked."""
    best: Hit | None = None
    for phrase in phrases:
        hit = search_phrase(stream, compile_phrase(phrase), names, span, threshold)
        if hit.status == "said" and hit.match and hit.match.score >= 100.0:
            return hit
        if best is None or _standing(hit) > _standing(best):
            best = hit
    return best or Hit("", "absent")


def _standing(hit: Hit) -> tuple[int, bool, float]:
    """How good a hit is among alternatives: its rank, then a name heard in part before another
    name (the more telling evidence), then similarity."""
    return hit.rank, hit.status == "partial", hit.match.score if hit.match else 0.0


def _where(check: Check) -> str:
    item = check.item
    who = "anyone" if item.speaker == "any" else f"the {item.speaker}"
    return f"by {who}" + (f" in the {item.within.text}" if item.within else "")


def _judge(check: Check, stream: Stream, hit: Hit) -> tuple[Verdict, str]:
    """What one hit means for an item that requires the phrase."""
    quoted = f"'{stream.quote(hit.match.first, hit.match.last)}'" if hit.match else ""
    at = f" at {describe_time(stream.starts[hit.match.first])}" if hit.match else ""
    if hit.status == "said" and hit.match:
        confidence = stream.mean_confidence(hit.match.first, hit.match.last)
        floor = confidence_floor(check.call.transcript.engine)
        if confidence is not None and floor is not None and confidence < floor:
            return (
                Verdict.UNCERTAIN,
                f"heard {quoted}{at} with low recognition confidence ({confidence:.2f})",
            )
        return Verdict.PASS, f"said {quoted}{at}"
    if hit.status == "near" and hit.match:
        return (
            Verdict.UNCERTAIN,
            f"closest was {quoted}{at} ({hit.match.score:.0f}% like "
            f"'{as_said(hit.phrase, check.names)}')",
        )
    if hit.status == "other_name":
        unknown = "{agent}" in hit.phrase and not check.names.get("agent")
        why = "no agent is known for this call" if unknown else "a different name was heard"
        return Verdict.UNCERTAIN, f"{why}: '{hit.heard}' in {quoted}{at}"
    if hit.status == "partial":
        return Verdict.UNCERTAIN, f"'{hit.heard}' heard only in part: {quoted}{at}"
    if hit.status == "negated" and hit.match:
        said = stream.quote(max(0, hit.match.first - NEGATION_REACH), hit.match.last)
        return Verdict.FAIL, f"said only in the negative: '{said}'{at}"
    missing = f"'{as_said(hit.phrase, check.names)}' not said {_where(check)}"
    if hit.match is None or hit.match.score >= 100.0:
        return Verdict.FAIL, missing  # a word-for-word "match" of a fail is a frame alone
    return Verdict.FAIL, f"{missing}; the closest was {quoted}{at} ({hit.match.score:.0f}% alike)"


def _check_any(check: Check, stream: Stream, span: tuple[int, int]) -> Outcome:
    hit = _best(check, stream, check.item.groups[0], span)
    verdict, reason = _judge(check, stream, hit)
    return Outcome(verdict, reason, _evidence(stream, [hit]))


def _check_all(check: Check, stream: Stream, span: tuple[int, int]) -> Outcome:
    hits = [_best(check, stream, group, span) for group in check.item.groups]
    judged = [_judge(check, stream, h) for h in hits]
    verdict = min((v for v, _ in judged), key=_ORDER.__getitem__)
    shown = [r for v, r in judged if v != Verdict.PASS] or [r for _, r in judged]
    return Outcome(verdict, "; ".join(shown), _evidence(stream, hits))


def _check_none(check: Check, stream: Stream, span: tuple[int, int]) -> Outcome:
    hits = [
        search_phrase(stream, compile_phrase(p), check.names, span, check.item.threshold, True)
        for p in check.item.phrases
    ]
    said = [h for h in hits if h.status == "said"]
    if said:
        verdicts = [_judge(check, stream, h) for h in said]
        sure = [r for v, r in verdicts if v == Verdict.PASS]
        verdict = Verdict.FAIL if sure else Verdict.UNCERTAIN
        reason = "; ".join(sure or [r for _, r in verdicts])
        return Outcome(verdict, f"prohibited phrase {reason}", _evidence(stream, said))
    near = [h for h in hits if h.status == "near"]
    if near:
        return Outcome(
            Verdict.UNCERTAIN,
            f"possibly prohibited: {_judge(check, stream, near[0])[1]}",
            _evidence(stream, near),
        )
    return Outcome(Verdict.PASS, f"no prohibited phrase said {_where(check)}")


def _check_each(check: Check, stream: Stream, span: tuple[int, int]) -> Outcome:
    raw = check.meta.get(check.item.each_key)
    values = [
        str(v)
        for v in (raw if isinstance(raw, list | tuple) else [raw] if raw else [])
        if str(v).strip()
    ]
    if not values:
        return Outcome(Verdict.NA, f"no {check.item.each_key} for this call")
    hits = [_best(check, stream, (value,), span) for value in values]
    judged = [_judge(check, stream, h) for h in hits]
    verdict = min((v for v, _ in judged), key=_ORDER.__getitem__)
    missing = [value for value, (v, _) in zip(values, judged, strict=True) if v == Verdict.FAIL]
    unsure = [value for value, (v, _) in zip(values, judged, strict=True) if v == Verdict.UNCERTAIN]
    parts = [f"missing: {', '.join(missing)}"] if missing else []
    parts += [f"unsure: {', '.join(unsure)}"] if unsure else []
    reason = "; ".join(parts) or f"said all {len(values)}: {', '.join(values)}"
    return Outcome(verdict, reason, _evidence(stream, hits))


def check_metric(check: Check) -> Outcome:
    """A `metric` item: the call's measured value within the item's `min` / `max`."""
    item = check.item
    if check.metrics is None:
        return Outcome(Verdict.UNCERTAIN, "no call metrics were measured for this call")
    within, reason = metric_verdict(check.metrics, item.metric, item.minimum, item.maximum)
    verdict = {True: Verdict.PASS, False: Verdict.FAIL, None: Verdict.UNCERTAIN}[within]
    return Outcome(verdict, reason)


_KINDS: dict[str, Callable[[Check, Stream, tuple[int, int]], Outcome]] = {
    "any": _check_any,
    "all": _check_all,
    "none": _check_none,
    "each": _check_each,
}


def check_kind(check: Check, window: tuple[float, float]) -> Outcome:
    """Decide an automatic item within a time window (seconds from the start of the recording)."""
    stream = check.stream
    return _KINDS[check.item.kind](check, stream, stream.span(*window))
