"""Redaction stage: transcripts redacted before storage, and the audio copy that playback uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qa.domain.call import Call
from qa.domain.redaction.redaction import (
    EXTRA_KEY,
    Finding,
    RedactionPolicy,
    describe,
    detect,
    policy_from_settings,
    recorded_findings,
    redact_transcript,
)
from qa.domain.transcript import Transcript
from qa.errors import AccessDeniedError, WorkspaceError
from qa.pipeline.access.open_store import open_store
from qa.pipeline.redaction.audio import Span, padded_spans, write_silenced_copy
from qa.workspace import Workspace, open_workspace

REDACTED_DIR = Path(".qa") / "redacted"


def redaction_policy(ws: Workspace) -> RedactionPolicy:
    """The [redaction] table of qa.toml as a policy (all kinds, 250 ms padding by default)."""
    try:
        return policy_from_settings(ws.section("redaction"))
    except (ValueError, TypeError) as exc:
        raise WorkspaceError(
            f"{ws.root / 'qa.toml'} [redaction]: {exc}.",
            hint='Example: kinds = ["card", "cvv", "expiry"], pad_ms = 250.',
        ) from exc


def redact_for_storage(ws: Workspace, transcript: Transcript) -> Transcript:
    """The transcript to store: personal data replaced, findings kept in extra["redactions"]."""
    return redact_transcript(transcript, redaction_policy(ws)).transcript


def call_findings(transcript: Transcript, policy: RedactionPolicy) -> tuple[Finding, ...]:
    """What redaction found in a stored transcript; detected now if stored before redaction."""
    if EXTRA_KEY in transcript.extra:
        return tuple(f for f in recorded_findings(transcript) if f.kind in policy.kinds)
    return detect(transcript, policy.kinds)


def original_audio(ws: Workspace, call: Call) -> Path:
    """The recording as ingested (paths in the database may be relative to the workspace)."""
    path = Path(call.path)
    return path if path.is_absolute() else ws.root / path


def redacted_audio_path(ws: Workspace, call: Call) -> Path:
    """Where the redacted copy of a call's audio lives: .qa/redacted/<sha256>.flac."""
    return ws.root / REDACTED_DIR / f"{call.sha256}.flac"


def silenced_spans(findings: tuple[Finding, ...], policy: RedactionPolicy) -> list[Span]:
    """The spans of a call's audio to silence, padded and merged."""
    return padded_spans(((f.start, f.end) for f in findings), policy.pad_ms)


def ensure_redacted_audio(
    ws: Workspace, call: Call, findings: tuple[Finding, ...], policy: RedactionPolicy
) -> Path:
    """The redacted copy, written now unless an up-to-date one exists (same spans, same source)."""
    dest = redacted_audio_path(ws, call)
    spans = silenced_spans(findings, policy)
    manifest = dest.with_suffix(".json")
    wanted = {"sha256": call.sha256, "spans": [[round(s, 4), round(e, 4)] for s, e in spans]}
    if dest.is_file() and manifest.is_file():
        if json.loads(manifest.read_text(encoding="utf-8")) == wanted:
            return dest
    write_silenced_copy(original_audio(ws, call), spans, dest)
    manifest.write_text(json.dumps(wanted), encoding="utf-8")
    return dest


@dataclass(frozen=True, slots=True)
class Playback:
    """The audio a person may play for a call, and what they must be told about it."""

    path: Path
    redacted: bool
    warning: str = ""


def _incomplete_warning(findings: tuple[Finding, ...]) -> str:
    unsure = [describe(f) for f in findings if not f.reliable]
    return "Redaction incomplete: " + "; ".join(unsure) + ". Listen with care before sharing."


def playback(ws: Workspace, call: Call, role: str, transcript: Transcript | None) -> Playback:
    """What `role` (admin, supervisor, agent) may play; fails closed for agents.

    An agent never hears a call whose personal data could not be located exactly, nor one not
    yet transcribed (so not yet checked). Supervisors get the best redacted copy and a warning.
    """
    policy = redaction_policy(ws)
    if role == "admin" and policy.keep_original_for_admins:
        return Playback(original_audio(ws, call), False, "Original recording, not redacted.")
    if transcript is None:
        if role == "agent":
            raise AccessDeniedError(
                f"Call {call.meta.call_id or call.id} is not transcribed, so not yet checked for "
                "personal data; it cannot be played.",
                hint="Ask a supervisor to run `qa transcribe` for it.",
            )
        return Playback(original_audio(ws, call), False, "Not yet checked for personal data.")
    findings = call_findings(transcript, policy)
    complete = all(f.reliable for f in findings)
    if not complete and role == "agent":
        raise AccessDeniedError(
            f"Call {call.meta.call_id or call.id}: redaction is incomplete (personal data without "
            "word times), so it cannot be played.",
            hint="A supervisor can check it; re-transcribing with word times fixes it.",
        )
    if not findings:
        return Playback(original_audio(ws, call), False)
    path = ensure_redacted_audio(ws, call, findings, policy)
    return Playback(path, True, "" if complete else _incomplete_warning(findings))


def playable_audio(
    call: Call,
    role: str,
    *,
    workspace: Workspace | None = None,
    transcript: Transcript | None = None,
) -> Path:
    """The file `role` may play for a call: the redacted copy, or the original where allowed.

    Without a transcript, the call's stored one is read from the workspace's database.
    Raises AccessDeniedError for an agent when redaction is incomplete.
    """
    ws = workspace or open_workspace()
    if transcript is None:
        with open_store(ws) as store:
            transcript = store.transcript(call.id)
    return playback(ws, call, role, transcript).path
