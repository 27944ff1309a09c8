"""Scoring one transcript against a rubric: a verdict with evidence for every item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from qa.domain.agents import Agent
from qa.domain.matching.matching import Hit
from qa.domain.matching.name_forms import other_forms
from qa.domain.matching.placeholders import ALSO, compile_phrase, search_phrase
from qa.domain.matching.spoken_text import SpokenCall
from qa.domain.metrics.metrics import CallMetrics
from qa.domain.rubric.rubric import Cue, Item, Rubric
from qa.domain.scorecard import ItemResult, Scorecard, Verdict
from qa.domain.scoring.gap_checks import with_gaps
from qa.domain.scoring.item_checks import (
    Check,
    Outcome,
    check_kind,
    check_metric,
    describe_time,
    hit_evidence,
)
from qa.domain.transcript import Gap, Transcript


class _Bounds(NamedTuple):
    """An item's time window after `within`, `when` and `before` have narrowed it."""

    start: float
    end: float
    open_end: float  # the end before a `before` marker cut it short
    trigger: Hit | None = None
    marker: Hit | None = None


def _values(meta: dict[str, Any], key: str) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else [value]
    return [str(v) for v in items if str(v).strip()]


def _not_applicable(item: Item, meta: dict[str, Any]) -> str:
    """Why the item does not apply to this call ("" when it does)."""
    for key, allowed in item.applies_to:
        have = {v.casefold() for v in _values(meta, key)}
        if not have & {a.casefold() for a in allowed}:
            shown = ", ".join(sorted(have)) or "none"
            return f"applies only when {key} is {' or '.join(allowed)} (this call: {shown})"
    return ""


def _cue(check: Check, cue: Cue, start: float) -> Hit | None:
    """The first phrase of a cue said by its speaker after `start` (None when never said)."""
    stream = check.call.stream(cue.speaker)
    span = stream.span(start, check.call.last_speech)
    hits = [
        search_phrase(stream, compile_phrase(p), check.names, span, cue.threshold)
        for p in cue.phrases
    ]
    said = [h for h in hits if h.status in ("said", "near") and h.match is not None]
    return min(said, key=lambda h: stream.starts[h.match.first] if h.match else 0.0, default=None)


def _bounds(check: Check) -> _Bounds | str:
    """The item's window, or why it does not apply (a `when` trigger never said)."""
    call, item = check.call, check.item
    start, end = call.first_speech, call.last_speech
    if item.within:
        start, end = item.within.bounds(call.first_speech, call.last_speech)
    trigger = _cue(check, item.when, call.first_speech) if item.when else None
    if item.when and (trigger is None or trigger.match is None):
        said = " or ".join(f"'{p}'" for p in item.when.phrases)
        if item.when.speaker == "any":
            return f"not triggered: nobody said {said}"
        return f"not triggered: the {item.when.speaker} did not say {said}"
    if trigger is not None and trigger.match is not None:
        start = max(
            start,
            call.stream(item.when.speaker if item.when else "any").starts[trigger.match.first],
        )
    marker = _cue(check, item.before, call.first_speech) if item.before else None
    cut = end
    if marker is not None and marker.match is not None and item.before is not None:
        cut = min(end, call.stream(item.before.speaker).starts[marker.match.first] - 1e-6)
    return _Bounds(start, cut, end, trigger, marker)


def _after_marker(check: Check, outcome: Outcome, bounds: _Bounds, full: Outcome) -> Outcome:
    """A phrase said, but only after the `before` marker: fail, showing both moments."""
    if bounds.marker is None or check.item.before is None or full.verdict != Verdict.PASS:
        return outcome
    stream = check.call.stream(check.item.before.speaker)
    marker = hit_evidence(stream, bounds.marker)
    reason = f"said only after '{marker.text}' at {describe_time(marker.start)}"
    return Outcome(Verdict.FAIL, reason, (*full.evidence, marker))


def _mono(check: Check, outcome: Outcome) -> Outcome:
    """When who spoke is unknown (mono, weak separation), a verdict that needs it is uncertain."""
    if not check.call.is_mono or check.item.speaker == "any":
        return outcome
    decisive = Verdict.FAIL if check.item.kind == "none" else Verdict.PASS
    if outcome.verdict != decisive:
        return outcome
    reason = f"{check.call.doubt}: {outcome.reason}"
    return outcome._replace(verdict=Verdict.UNCERTAIN, reason=reason)


ROLE_METRICS = ("talk_time_agent", "talk_time_customer", "talk_ratio", "agent_wpm")


def _role_metric(check: Check, outcome: Outcome) -> Outcome:
    """A metric of one role (agent talk, pace) on a call whose roles are not trusted."""
    doubt = check.call.doubt
    if not doubt or check.item.metric not in ROLE_METRICS or outcome.verdict == Verdict.UNCERTAIN:
        return outcome
    if check.call.transcript.is_mono:  # no roles at all: the audio's own channels measured it
        return outcome
    return Outcome(Verdict.UNCERTAIN, f"{doubt}: {outcome.reason}", outcome.evidence)


def _decide(check: Check) -> Outcome:
    item = check.item
    if why := _not_applicable(item, check.meta):
        return Outcome(Verdict.NA, why)
    if item.kind == "manual":
        return Outcome(Verdict.PENDING, "scored by a supervisor")
    bounds = _bounds(check)
    if isinstance(bounds, str):
        return Outcome(Verdict.NA, bounds)
    if item.kind == "metric":
        return _role_metric(check, check_metric(check))  # measured over the whole call
    outcome = check_kind(check, (bounds.start, bounds.end))
    if (
        bounds.marker is not None
        and outcome.verdict != Verdict.PASS
        and bounds.end < bounds.open_end
    ):
        outcome = _after_marker(
            check, outcome, bounds, check_kind(check, (bounds.start, bounds.open_end))
        )
    if (
        bounds.trigger is not None
        and bounds.trigger.status == "near"
        and outcome.verdict == Verdict.FAIL
    ):
        outcome = Outcome(
            Verdict.UNCERTAIN, f"unsure the trigger was said; {outcome.reason}", outcome.evidence
        )
    outcome = with_gaps(item, outcome, check.call.transcript.gaps, (bounds.start, bounds.end))
    return _mono(check, outcome)


def score_item(
    item: Item,
    call: SpokenCall,
    names: dict[str, tuple[str, ...]],
    meta: dict[str, Any],
    metrics: CallMetrics | None = None,
) -> ItemResult:
    """The verdict on one item of the rubric for one call."""
    return _result(item, _decide(Check(item, call, names, meta, metrics)))


def _result(item: Item, outcome: Outcome) -> ItemResult:
    return ItemResult(
        item_id=item.id,
        label=item.label,
        section=item.section,
        verdict=outcome.verdict,
        points=item.points,
        critical=item.critical,
        reason=outcome.reason,
        evidence=outcome.evidence,
        hint=item.hint,
    )


def score_call(
    transcript: Transcript,
    rubric: Rubric,
    agent: Agent | None,
    meta: dict[str, Any],
    metrics: CallMetrics | None = None,
    roster: Sequence[Agent] = (),
) -> Scorecard:
    """Score one call's transcript; `agent` fills {agent}, `meta` feeds `each` and `applies_to`,
    `metrics` (talk, silence, pace of the call) decides `metric` items; the `roster` (every
    agent) keeps another agent's name out of the agent's nicknames."""
    call = SpokenCall(transcript)
    names = {"business": rubric.business, "agent": agent.spoken_names if agent else ()}
    if agent is not None:
        names["agent" + ALSO] = other_forms(agent, roster)
    outcomes = [_decide(Check(item, call, names, meta, metrics)) for item in rubric.items]
    items = tuple(_result(item, o) for item, o in zip(rubric.items, outcomes, strict=True))
    about = {
        "call_id": str(meta.get("call_id") or ""),
        "agent": agent.name if agent else str(meta.get("agent") or ""),
    }
    return Scorecard(
        rubric=rubric.ref,
        items=items,
        pass_mark=rubric.pass_mark,
        call=about,
        gaps=_gaps_used(transcript.gaps, outcomes),
    )


def _gaps_used(gaps: tuple[Gap, ...], outcomes: list[Outcome]) -> tuple[Gap, ...]:
    """The transcript's gaps that left some verdict undecided, in the transcript's order."""
    used = {gap for outcome in outcomes for gap in outcome.gaps}
    return tuple(gap for gap in gaps if gap in used)
