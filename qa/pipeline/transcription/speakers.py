"""Swapping agent and customer on a call separated by voice: a supervisor's correction, audited,
and the call rescored with the rubric it was scored with."""

from __future__ import annotations

from dataclasses import dataclass

from qa.domain.call import Call
from qa.domain.review.review import CardState
from qa.domain.rubric.parse import parse_rubric
from qa.domain.scorecard import Scorecard
from qa.domain.scoring.scoring import score_call
from qa.domain.speaker_trust import PERSON_NOTE
from qa.domain.speakers.roles import swap_roles
from qa.domain.transcript import Transcript, transcript_to_dict
from qa.errors import BadInputError
from qa.pipeline.access.identity import Identity, visible_call
from qa.pipeline.access.permissions import require
from qa.pipeline.reports.metrics import stored_metrics
from qa.storage.store import Store
from qa.storage.tables.tables import AuditEventRow

SWAP_ACTION = "swap_speakers"


@dataclass(frozen=True, slots=True)
class SpeakersSwapped:
    """A swap done: the call, its transcript now, and the new scorecard (None if none was made)."""

    call: Call
    transcript: Transcript
    scorecard: Scorecard | None
    kept: str = ""  # why the current scorecard was kept instead (a person has reviewed it)


def _swappable(transcript: Transcript | None, ref: str) -> Transcript:
    if transcript is None:
        raise BadInputError(f"Call {ref} has no transcript yet.", hint="Run `qa transcribe`.")
    separation = transcript.speakers
    if separation is not None and separation.method == "diarization":
        return transcript  # the only calls whose roles a machine guessed from voices
    if transcript.is_mono or (separation is not None and separation.method == "none"):
        note = separation.note if separation is not None and separation.note else "mono"
        raise BadInputError(f"Call {ref} has no two voices to swap ({note}).")
    # Channels say who spoke (a stereo call says so, or says nothing about how: older and
    # imported transcripts): a swap would make a false claim that voices were told apart.
    raise BadInputError(
        f"Call {ref} takes its speakers from its channels, not from voices.",
        hint="Fix the channel map under [channels] in qa.toml and transcribe again.",
    )


def _audit(call: Call, who: Identity, before: Transcript, after: Transcript) -> AuditEventRow:
    def state(t: Transcript) -> dict[str, object]:
        return {"speakers": transcript_to_dict(t).get("speakers"), "first": t.segments[0].speaker}

    return AuditEventRow(
        actor=who.login,
        action=SWAP_ACTION,
        entity="call",
        entity_id=str(call.id),
        before=state(before),
        after=state(after),
        reason="agent and customer swapped",
    )


def _rescore(store: Store, call: Call, transcript: Transcript) -> Scorecard | None:
    """The call scored again with the rubric of its current scorecard (None: never scored)."""
    current = store.scorecard(call.id)
    text = store.rubric_text(current.rubric.sha256) if current is not None else None
    if current is None or text is None:
        return None
    rubric = parse_rubric(text, current.rubric.name)
    agent = store.agent(call.meta.agent) if call.meta.agent else None
    card = score_call(
        transcript, rubric, agent, call.meta.as_dict(), stored_metrics(store, call.id)
    )
    store.save_scorecard(call.id, card)
    return card


def swap_speakers(store: Store, who: Identity, ref: str) -> SpeakersSwapped:
    """Exchange agent and customer on a call separated by voice; audited; then rescore the call
    unless a person has started reviewing its scorecard (their verdicts are never replaced)."""
    require(who, "review.swap_speakers")
    call = visible_call(store, who, ref)
    before = _swappable(store.transcript(call.id), ref)
    after = swap_roles(before, f"{PERSON_NOTE} {who.login}")
    store.save_transcript(call.id, after, _audit(call, who, before, after))
    reviewed = store.reviewed_card(call.id)
    if reviewed is not None and reviewed.state != CardState.AUTOMATIC:
        kept = f"scorecard kept: {reviewed.reviewed_by or 'a supervisor'} is reviewing it"
        return SpeakersSwapped(call, after, None, kept)
    return SpeakersSwapped(call, after, _rescore(store, call, after))
