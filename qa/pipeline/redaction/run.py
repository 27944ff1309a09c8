"""The `qa redact` job: redact stored transcripts and audio call by call, with an audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from qa.domain.call import Call
from qa.domain.redaction.redaction import EXTRA_KEY, Finding, describe, redact_transcript
from qa.domain.wording import plural
from qa.engines.base import Engine
from qa.errors import QaError
from qa.pipeline.redaction.redact import (
    call_findings,
    ensure_redacted_audio,
    redaction_policy,
    silenced_spans,
)
from qa.pipeline.redaction.verify import Verification, verify_redacted_audio
from qa.storage.store import Store
from qa.workspace import Workspace


@dataclass(frozen=True, slots=True)
class CallRedacted:
    """What redaction did for one call."""

    call: Call
    findings: tuple[Finding, ...] = ()
    audio: str = ""  # the redacted copy, relative to the workspace
    verification: Verification | None = None
    problem: str = ""  # why the call could not be redacted, or "" when it was
    skipped: str = ""  # why there was nothing to do

    @property
    def complete(self) -> bool:
        """False when some finding lacks word times (agents may not play the call)."""
        return all(f.reliable for f in self.findings)

    @property
    def ok(self) -> bool:
        """True when nothing about this call needs a person's attention."""
        verified = self.verification is None or self.verification.ok
        return not self.problem and self.complete and verified

    def lines(self) -> list[str]:
        """What a supervisor reads about this call."""
        if self.problem or self.skipped:
            return [self.problem or self.skipped]
        out = [describe(f) for f in self.findings]
        if self.audio:
            out.append(f"redacted audio: {self.audio}")
        if self.verification is not None:
            v = self.verification
            heard = f"{plural(v.digits_heard, 'number')} heard in {plural(v.spans, 'span')}"
            out.append(f"verified: {'silent' if v.silent else 'NOT SILENT'}, {heard}")
        return out


@dataclass
class RedactRun:
    """Every call's outcome, in order."""

    calls: list[CallRedacted] = field(default_factory=list)

    @property
    def problems(self) -> int:
        """Calls that need attention: failed, incomplete or not verified."""
        return sum(not c.ok for c in self.calls)


def _stored_redacted(store: Store, ws: Workspace, call: Call, actor: str) -> CallRedacted | None:
    """Make sure the stored transcript is redacted (older ones are redacted now)."""
    transcript = store.transcript(call.id)
    if transcript is None:
        return CallRedacted(call, skipped="not transcribed yet")
    if EXTRA_KEY not in transcript.extra:
        result = redact_transcript(transcript, redaction_policy(ws))
        store.save_transcript(call.id, result.transcript)
        kinds = sorted({f.kind.value for f in result.findings})
        store.record_audit(actor, "redact_transcript", "call", str(call.id), None, {"kinds": kinds})
    return None


def redact_call(
    store: Store, ws: Workspace, call: Call, actor: str, verify: bool, engine: Engine | None
) -> CallRedacted:
    """Redact one call's transcript and audio; with `verify`, check the copy."""
    skipped = _stored_redacted(store, ws, call, actor)
    if skipped is not None:
        return skipped
    policy = redaction_policy(ws)
    transcript = store.transcript(call.id)
    findings = call_findings(transcript, policy) if transcript else ()
    if not findings:
        return CallRedacted(call, skipped="no personal data found")
    try:
        path = ensure_redacted_audio(ws, call, findings, policy)
        checked = (
            verify_redacted_audio(path, silenced_spans(findings, policy), engine)
            if verify
            else None
        )
    except QaError as error:
        return CallRedacted(call, findings, problem=error.message)
    done = CallRedacted(call, findings, str(path.relative_to(ws.root)), checked)
    record = {"findings": [f.to_dict() for f in findings], "complete": done.complete}
    store.record_audit(actor, "redact_audio", "call", str(call.id), None, record)
    if checked is not None:
        store.record_audit(actor, "verify_redaction", "call", str(call.id), None, checked.to_dict())
    return done


def redact_calls(
    store: Store,
    ws: Workspace,
    refs: Sequence[str],
    actor: str,
    verify: bool = False,
    engine: Engine | None = None,
) -> RedactRun:
    """Redact the named calls (default: all); one bad call does not stop the rest."""
    calls = [store.call_by_ref(ref) for ref in refs] if refs else store.calls()
    run = RedactRun()
    for call in calls:
        run.calls.append(redact_call(store, ws, call, actor, verify, engine))
    return run
