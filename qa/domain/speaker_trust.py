"""Whether scoring may trust who spoke on a call, and how the call says they were told apart."""

from __future__ import annotations

from qa.domain.transcript import SpeakerSeparation, Transcript

# Roles at least this sure are scored like stereo; below, items that need a speaker are uncertain.
# The first-voice prior alone (0.73) stays below: order without words is not enough to fail an
# agent.
TRUSTED_CONFIDENCE = 0.8
PERSON_NOTE = "roles set by"  # the note a supervisor's swap leaves: a person's word is trusted


def roles_doubt(transcript: Transcript) -> str:
    """Why scoring cannot trust who spoke ("" when it can)."""
    separation = transcript.speakers
    if transcript.is_mono:
        note = separation.note if separation is not None and separation.note else ""
        return f"mono recording, cannot tell who spoke{f' ({note})' if note else ''}"
    if separation is None or separation.method != "diarization":
        return ""
    if separation.note.startswith(PERSON_NOTE):  # a person's word is trusted
        return ""
    confidence = separation.confidence or 0.0
    if confidence >= TRUSTED_CONFIDENCE:
        return ""
    why = f"; {separation.note}" if separation.note else ""
    return f"speakers separated automatically with low confidence ({confidence:.2f}{why})"


def describe_separation(separation: SpeakerSeparation | None) -> str:
    """One line for the call screen and `qa show`: how agent and customer were told apart."""
    if separation is None:
        return ""
    note = f"; {separation.note}" if separation.note else ""
    if separation.method == "channels":
        return f"speakers by channel{note}"
    if separation.method == "none":
        return f"speakers not separated{note}"
    confidence = (
        "" if separation.confidence is None else f" (confidence {separation.confidence:.2f})"
    )
    return f"speakers separated automatically{confidence}{note}"
