"""Calls a stage of `qa run` could not finish: which, why, and what the person can do."""

from __future__ import annotations

from dataclasses import dataclass

# What to do about a failed call, by the stage it failed in; each stage retries it on its own.
NEXT_STEP = {
    "ingest": "repair or replace the recording; the next run reads it again",
    "transcribe": "fix the recording or its transcript file; the next run retries it",
    "metrics": "the next run measures it again (it is scored without its metrics meanwhile)",
}


@dataclass(frozen=True, slots=True)
class CallFailure:
    """One call one stage of the run could not finish (the run went on with the others)."""

    stage: str  # ingest | transcribe | metrics
    path: str  # the recording
    reason: str

    @property
    def next_step(self) -> str:
        """What the person running the job can do about it."""
        return NEXT_STEP.get(self.stage, "see `qa calls --unreadable`")
